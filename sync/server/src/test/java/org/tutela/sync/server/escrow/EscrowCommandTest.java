package org.tutela.sync.server.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.server.ServerSettings;
import picocli.CommandLine;

/** The escrow admin commands through picocli, with real files. Invented people; Argon2id at the floor. */
class EscrowCommandTest {
    private static final String CANARY = "Obadiah Fernsworth told me about the caravan";
    private static final String LEAD_PASSPHRASE = "heron quarry lantern 1987";
    private static final String[] FLOOR = {"--argon2-memory-kib", "19456", "--argon2-iterations", "2"};

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-06T09:30:00Z"), ZoneOffset.UTC);
    private String out;
    private String err;

    @BeforeEach
    void passphrase() {
        env.put("LEAD_PASS", LEAD_PASSPHRASE);
    }

    /** The server's settings: its data folder holds the audit log, its SQLite database the log's head. */
    private String dbUrl = "";

    private ServerSettings settings() {
        return ServerSettings.defaults().with("data-dir", dir.resolve("head-office").toString()).with("db.url", dbUrl);
    }

    private Path log() {
        return dir.resolve("head-office").resolve("escrow").resolve("audit-log.jsonl");
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cmd = new CommandLine(new EscrowCommand(env::get, clock, this::settings));
        cmd.setOut(new PrintWriter(o));
        cmd.setErr(new PrintWriter(e));
        int code = cmd.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private String keygen(String name) throws Exception {
        List<String> args = new ArrayList<>(List.of("keygen", "--private-key", dir.resolve(name + ".key").toString(),
                "--public-key", dir.resolve(name + ".pub").toString(), "--passphrase-env", "LEAD_PASS"));
        args.addAll(List.of(FLOOR));
        assertEquals(0, run(args.toArray(String[]::new)), err);
        return Files.readString(dir.resolve(name + ".pub")).strip();
    }

    private Path envelopeFor(String publicKeyBase64) throws Exception {
        SealedEnvelope.Header header = new SealedEnvelope.Header(UUID.randomUUID(), UUID.randomUUID(), null, "Tutor Bexamund",
                LocalDate.of(2026, 4, 1), "ONE_TO_ONE_REVIEW", "HELD", null, Instant.parse("2026-04-01T11:00:00Z"));
        SealedEnvelope envelope = Sealing.seal(header, ("{\"comments\":\"" + CANARY + "\"}").getBytes(StandardCharsets.UTF_8),
                "tutorial password 55".toCharArray(), Argon2Params.FLOOR, EscrowKeys.decodePublicKey(publicKeyBase64));
        Path file = dir.resolve("envelope-" + header.envelopeId() + ".json");
        Files.write(file, Sealing.toJson(envelope));
        return file;
    }

    private int open(String key, Path envelope) {
        return run("open", "--private-key", dir.resolve(key + ".key").toString(), "--envelope", envelope.toString(),
                "--operator", "Lead Quennell", "--passphrase-env", "LEAD_PASS");
    }

    /** The head {@code verify-log} printed, or null if it printed none. */
    private String printedHead() {
        return out.lines().filter(l -> l.startsWith("Head: ")).map(l -> l.substring(6)).findFirst().orElse(null);
    }

    @Test
    void keygenWritesAnEncryptedOwnerOnlyKeyAndThePublicKey() throws Exception {
        String publicKey = keygen("lead");
        Path keyFile = dir.resolve("lead.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals(32, Base64.getDecoder().decode(publicKey).length);
        assertTrue(out.contains(publicKey), "the public key is printed for the settings");
        byte[] privateKey = EscrowKeyFile.read(keyFile, LEAD_PASSPHRASE.toCharArray());
        String stored = Files.readString(keyFile);
        assertFalse(stored.contains(Base64.getEncoder().encodeToString(privateKey)), "the private key is not in the clear");
        assertEquals(publicKey, Base64.getEncoder().encodeToString(EscrowKeys.publicKeyOf(privateKey)));

        // Never over an existing key; never a short passphrase; never without a passphrase source.
        List<String> again = new ArrayList<>(List.of("keygen", "--private-key", keyFile.toString(), "--passphrase-env", "LEAD_PASS"));
        again.addAll(List.of(FLOOR));
        assertEquals(EscrowCommand.USAGE, run(again.toArray(String[]::new)));
        env.put("SHORT", "short");
        assertEquals(EscrowCommand.USAGE, run("keygen", "--private-key", dir.resolve("b.key").toString(), "--passphrase-env", "SHORT"));
        assertEquals(EscrowCommand.USAGE, run("keygen", "--private-key", dir.resolve("c.key").toString()));
        assertEquals(EscrowCommand.USAGE, run("keygen", "--private-key", dir.resolve("d.key").toString(), "--passphrase-env", "LEAD_PASS",
                "--argon2-memory-kib", "1024"));
        assertNotEquals(0, run("keygen", "--private-key", dir.resolve("e.key").toString(), "--passphrase", LEAD_PASSPHRASE));
        assertFalse(Files.exists(dir.resolve("e.key")), "a passphrase is never taken on the command line");
    }

    @Test
    void theConfiguredLeadsKeyOpensItAndTheOpeningIsRecorded() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        Path log = log();
        assertEquals(0, open("lead", envelope), err);
        assertTrue(out.contains(CANARY), out);
        assertTrue(out.contains("Lead Quennell"));

        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size());
        String line = lines.get(0);
        SealedEnvelope sealed = Sealing.fromJson(Files.readAllBytes(envelope));
        assertTrue(line.contains("\"operator\":\"Lead Quennell\""), line);
        assertTrue(line.contains("\"at\":\"2026-05-06T09:30:00Z\""), line);
        assertTrue(line.contains("\"envelopeId\":\"" + sealed.header().envelopeId() + "\""), line);
        assertTrue(line.contains("\"method\":\"escrow\""), line);
        assertTrue(line.contains("\"outcome\":\"opened\""), line);
        assertFalse(line.contains("Obadiah"), "the log records the opening, not the content");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.resolveSibling("audit-log.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())));
        assertEquals(0, open("lead", envelope));
        String headAfterOpening = out.lines().filter(l -> l.startsWith("Recorded in the audit log as entry 2")).findFirst()
                .orElseThrow(() -> new AssertionError("open prints the new head: " + out));
        assertEquals(2, Files.readAllLines(log).size());
        assertEquals(0, run("verify-log"));
        assertTrue(out.contains("2 entries"));
        assertTrue(printedHead().matches("[0-9a-f]{64}"), out);
        assertTrue(headAfterOpening.contains(printedHead()), "verify-log prints the head open printed: " + headAfterOpening);
        assertTrue(out.contains("Key fingerprint: "), out);
    }

    @Test
    void anotherLeadsKeyAWrongPassphraseOrATamperedEnvelopeDoNotOpenIt() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        keygen("other");
        Path log = log();

        assertEquals(EscrowCommand.NOT_OPENED, open("other", envelope));
        assertFalse(out.contains(CANARY));
        assertTrue(err.contains("another safeguarding lead"), err);
        assertTrue(Files.readString(log).contains("\"outcome\":\"refused\""), "a refused attempt is recorded too");

        env.put("LEAD_PASS", "heron quarry lantern 1988");
        assertEquals(EscrowCommand.BAD_SECRET_OR_FILE, open("lead", envelope));
        assertFalse(out.contains(CANARY));
        env.put("LEAD_PASS", LEAD_PASSPHRASE);

        String json = Files.readString(envelope);
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, json.replace("\"tutor\" : \"Tutor Bexamund\"", "\"tutor\" : \"Tutor Orulak\""));
        assertNotEquals(json, Files.readString(tampered));
        assertEquals(EscrowCommand.NOT_OPENED, open("lead", tampered));
        assertFalse(out.contains(CANARY));

        assertEquals(0, open("lead", envelope), err);
        assertTrue(out.contains(CANARY));
    }

    /** Two openings recorded; returns the log's lines and the head verify-log printed (the copy kept elsewhere). */
    private List<String> twoOpenings(Path envelope) throws Exception {
        assertEquals(0, open("lead", envelope), err);
        assertEquals(0, open("lead", envelope), err);
        assertEquals(0, run("verify-log"), err);
        return Files.readAllLines(log());
    }

    /** The log is refused: verify-log says so, and open shows nothing. */
    private void assertRefused(Path envelope, String why) {
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, run("verify-log"), why + ": verify-log accepted it:\n" + out);
        assertTrue(err.contains("damaged or was altered"), why + ": " + err);
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, open("lead", envelope), why + ": open went ahead");
        assertFalse(out.contains(CANARY), why + ": nothing is opened while the log is damaged");
    }

    /** A chain as an editor without the key would compute it: SHA-256 of the previous value and the line. */
    private static List<String> unkeyedChain(List<String> bodies) throws Exception {
        List<String> lines = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (String body : bodies) {
            String withPrev = body.replaceAll("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((prev + "\n" + withPrev).getBytes(StandardCharsets.UTF_8));
            String mac = java.util.HexFormat.of().formatHex(sha.digest());
            lines.add(withPrev.substring(0, withPrev.length() - 1) + ",\"mac\":\"" + mac + "\"}");
            prev = mac;
        }
        return lines;
    }

    private static String body(String line) {
        return line.replaceAll(",\"mac\":\"[0-9a-f]{64}\"}$", "}");
    }

    @Test
    void editingOneEntryIsRefused() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        List<String> lines = twoOpenings(envelope);
        Files.write(log(), List.of(lines.get(0).replace("Lead Quennell", "Someone Else"), lines.get(1)));
        assertRefused(envelope, "an edited entry");
        assertTrue(err.contains("line 1"), err);
        // put back as it was, it verifies and appends again
        Files.write(log(), lines);
        assertEquals(0, open("lead", envelope), err);
        assertEquals(3, Files.readAllLines(log()).size());
    }

    @Test
    void droppingTheLastEntryIsRefused() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        List<String> lines = twoOpenings(envelope);
        Files.write(log(), List.of(lines.get(0)));
        assertRefused(envelope, "the last entry dropped");
        assertTrue(err.contains("has 1 entries, but 2 were recorded"), err);
        // and the first: what is left is no longer a chain
        Files.write(log(), List.of(lines.get(1)));
        assertRefused(envelope, "the first entry dropped");
    }

    @Test
    void deletingTheLogIsRefused() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        twoOpenings(envelope);
        Files.delete(log());
        assertRefused(envelope, "the log deleted");
        assertTrue(err.contains("missing"), err);
        assertFalse(Files.exists(log()), "a refused open does not start a new log in its place");
        Files.writeString(log(), "");
        assertRefused(envelope, "the log emptied");
    }

    @Test
    void rewritingEveryEntryWithAChainAnyoneCanComputeIsRefused() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        List<String> lines = twoOpenings(envelope);
        List<String> bodies = lines.stream().map(EscrowCommandTest::body).map(b -> b.replace("Lead Quennell", "Someone Else")).toList();
        Files.write(log(), unkeyedChain(bodies));
        assertRefused(envelope, "every entry rewritten, chain recomputed without the key");
        assertTrue(err.contains("line 1") && err.contains("key"), err);
    }

    @Test
    void replacingTheKeyAndRecomputingTheChainIsRefused() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        List<String> lines = twoOpenings(envelope);
        String keptHead = printedHead();
        // an editor who can write the folder makes a key of their own and a keyed chain under it
        Path key = log().resolveSibling("audit-log.key");
        byte[] theirs = new byte[32];
        new java.security.SecureRandom().nextBytes(theirs);
        Files.write(key, theirs);
        List<String> forged = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (String line : lines) {
            String b = body(line).replace("Lead Quennell", "Someone Else").replaceAll("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(theirs, "HmacSHA256"));
            mac.update("tutela.escrow-audit.v1\n".getBytes(StandardCharsets.US_ASCII));
            mac.update((prev + "\n" + b).getBytes(StandardCharsets.UTF_8));
            prev = java.util.HexFormat.of().formatHex(mac.doFinal());
            forged.add(b.substring(0, b.length() - 1) + ",\"mac\":\"" + prev + "\"}");
        }
        Files.write(log(), forged);
        assertRefused(envelope, "a new key and a chain under it");
        assertTrue(err.contains("key was replaced"), err);
        assertFalse(keptHead.isEmpty());
    }

    @Test
    void aLogStartedAgainFromNothingDoesNotContainTheHeadKeptElsewhere() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        twoOpenings(envelope);
        String keptHead = printedHead();
        assertEquals(0, run("verify-log", "--expected-head", keptHead), err);
        assertTrue(out.contains("entry 2 of 2"), out);
        assertEquals(0, open("lead", envelope), err);
        assertEquals(0, run("verify-log", "--expected-head", keptHead), err);
        assertTrue(out.contains("entry 2 of 3"), "a later log continues the kept head: " + out);
        // whoever can change the folder and the database can start everything again...
        Files.delete(log());
        Files.delete(log().resolveSibling("audit-log.key"));
        try (org.tutela.sync.server.Database db = org.tutela.sync.server.Database.open(settings());
             java.sql.Connection c = db.connection();
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE escrow_audit_head SET entries = 0, head = '" + AuditLog.GENESIS + "', key_fingerprint = NULL");
        }
        assertEquals(0, open("lead", envelope), err);
        // ...but the head kept elsewhere is not in the new log
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, run("verify-log", "--expected-head", keptHead));
        assertTrue(err.contains("not in this log"), err);
        assertFalse(keptHead.equals(printedHead()));
        // and removing the database's record of the head is seen too
        try (org.tutela.sync.server.Database db = org.tutela.sync.server.Database.open(settings());
             java.sql.Connection c = db.connection();
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM escrow_audit_head");
        }
        assertRefused(envelope, "the database's record removed");
    }

    @Test
    void withoutTheServersDatabaseTheLogCannotBeCheckedAndNothingIsOpened() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        dbUrl = "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2";
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, open("lead", envelope));
        assertFalse(out.contains(CANARY));
        assertTrue(err.contains("cannot be checked") && err.contains("Nothing was opened"), err);
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, run("verify-log"));
    }

    @Test
    void theLogsPlaceIsFixedByTheServersSettings() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        Path elsewhere = dir.resolve("anywhere.jsonl");
        assertEquals(EscrowCommand.USAGE, run("open", "--private-key", dir.resolve("lead.key").toString(), "--envelope",
                envelope.toString(), "--operator", "Lead Quennell", "--audit-log", elsewhere.toString(), "--passphrase-env", "LEAD_PASS"));
        assertFalse(out.contains(CANARY));
        assertTrue(err.contains("fixed by the server's settings"), err);
        assertEquals(EscrowCommand.USAGE, run("verify-log", "--audit-log", elsewhere.toString()));
        assertFalse(Files.exists(elsewhere));
        assertFalse(Files.exists(log()));
        // an empty log before any opening verifies, and says so
        assertEquals(0, run("verify-log"), err);
        assertTrue(out.contains("0 entries") && out.contains("Head: " + AuditLog.GENESIS), out);
    }
}
