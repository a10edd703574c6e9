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

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cmd = new CommandLine(new EscrowCommand(env::get, clock));
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

    private int open(String key, Path envelope, Path log) {
        return run("open", "--private-key", dir.resolve(key + ".key").toString(), "--envelope", envelope.toString(),
                "--operator", "Lead Quennell", "--audit-log", log.toString(), "--passphrase-env", "LEAD_PASS");
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
        Path log = dir.resolve("audit").resolve("escrow-audit.jsonl");
        assertEquals(0, open("lead", envelope, log), err);
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

        assertEquals(0, open("lead", envelope, log));
        assertEquals(2, Files.readAllLines(log).size());
        assertEquals(0, run("verify-log", "--audit-log", log.toString()));
        assertTrue(out.contains("2 entries"));
    }

    @Test
    void anotherLeadsKeyAWrongPassphraseOrATamperedEnvelopeDoNotOpenIt() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        keygen("other");
        Path log = dir.resolve("escrow-audit.jsonl");

        assertEquals(EscrowCommand.NOT_OPENED, open("other", envelope, log));
        assertFalse(out.contains(CANARY));
        assertTrue(err.contains("another safeguarding lead"), err);
        assertTrue(Files.readString(log).contains("\"outcome\":\"refused\""), "a refused attempt is recorded too");

        env.put("LEAD_PASS", "heron quarry lantern 1988");
        assertEquals(EscrowCommand.BAD_SECRET_OR_FILE, open("lead", envelope, log));
        assertFalse(out.contains(CANARY));
        env.put("LEAD_PASS", LEAD_PASSPHRASE);

        String json = Files.readString(envelope);
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, json.replace("\"tutor\" : \"Tutor Bexamund\"", "\"tutor\" : \"Tutor Orulak\""));
        assertNotEquals(json, Files.readString(tampered));
        assertEquals(EscrowCommand.NOT_OPENED, open("lead", tampered, log));
        assertFalse(out.contains(CANARY));

        assertEquals(0, open("lead", envelope, log), err);
        assertTrue(out.contains(CANARY));
    }

    @Test
    void anAlteredAuditLogIsRefusedAndNothingIsOpened() throws Exception {
        Path envelope = envelopeFor(keygen("lead"));
        Path log = dir.resolve("escrow-audit.jsonl");
        assertEquals(0, open("lead", envelope, log));
        assertEquals(0, open("lead", envelope, log));
        List<String> lines = Files.readAllLines(log);

        // Editing who opened it breaks the chain.
        Files.write(log, List.of(lines.get(0).replace("Lead Quennell", "Someone Else"), lines.get(1)));
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, open("lead", envelope, log));
        assertFalse(out.contains(CANARY), "nothing opened while the log is damaged");
        assertTrue(err.contains("line 1"), err);
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, run("verify-log", "--audit-log", log.toString()));

        // Removing the first line breaks it too.
        Files.write(log, List.of(lines.get(1)));
        assertEquals(EscrowCommand.AUDIT_LOG_DAMAGED, run("verify-log", "--audit-log", log.toString()));

        // Restored, it verifies and appends again.
        Files.write(log, lines);
        assertEquals(0, open("lead", envelope, log));
        assertEquals(3, Files.readAllLines(log).size());
    }
}
