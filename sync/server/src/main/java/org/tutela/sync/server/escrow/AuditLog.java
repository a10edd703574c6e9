package org.tutela.sync.server.escrow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.server.DataFolder;

/**
 * The escrow audit log: append-only JSON lines, each naming who opened which envelope when and
 * how, in a keyed chain. Each line ends with {@code "mac"}: HMAC-SHA-256, under the log's own key,
 * of the previous line's mac and the line itself; so editing, removing or reordering a line, or
 * rewriting them all with a chain anyone could compute, breaks it. How far the log reached (its
 * number of entries and last mac, its head) and the key's fingerprint are also kept apart from the
 * file, in the server's database ({@link HeadStore}): a log cut short or deleted no longer matches
 * them. The log and the key live in the server's data folder, at a place its settings fix, never
 * where a command line says. See docs/decisions/0007-escrow-audit-log-keyed-and-anchored.md.
 *
 * <p>The chain is verified before every append; a log that does not verify is refused (nothing is
 * opened) until an administrator looks.
 */
public final class AuditLog {
    public static final String GENESIS = "0".repeat(64);
    public static final String FOLDER = "escrow";
    public static final String LOG_FILE = "audit-log.jsonl";
    public static final String KEY_FILE = "audit-log.key";
    private static final int KEY_BYTES = 32;
    private static final byte[] DOMAIN = "tutela.escrow-audit.v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern MAC_SUFFIX = Pattern.compile("^(\\{.*),\"mac\":\"([0-9a-f]{64})\"}$");
    private static final ObjectMapper JSON = Sealing.json();

    /**
     * One line, before its mac is added.
     *
     * @param reason why an attempt was refused (null when opened)
     * @param via where the opening was made: {@code console} for the head-office console, null for the admin command
     * @param purpose the safeguarding lead's written reason for opening (the console asks for one), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"seq", "at", "operator", "action", "method", "outcome", "envelopeId", "learnerId", "tutor", "date",
            "keyId", "reason", "via", "purpose", "prev"})
    public record Entry(long seq, Instant at, String operator, String action, String method, String outcome,
                        String envelopeId, String learnerId, String tutor, String date, String keyId, String reason,
                        String via, String purpose, String prev) {
    }

    /** The log does not verify: what is wrong, and the line (1-based) where it was found, 0 for the log as a whole. */
    public static final class BrokenChainException extends IOException {
        private final long line;

        BrokenChainException(long line, String why) {
            super("The audit log is damaged or was altered at line " + line + ": " + why);
            this.line = line;
        }

        BrokenChainException(String why) {
            super("The audit log is damaged or was altered: " + why);
            this.line = 0;
        }

        public long line() {
            return line;
        }
    }

    /**
     * How far the log reached when it was last appended to: its number of entries, the mac of the
     * last (its head; {@link #GENESIS} when empty) and the fingerprint of its key (null before the
     * first entry). Kept apart from the file, where whoever cuts the log short would have to
     * change it too.
     */
    public record Head(long entries, String head, String keyFingerprint) {
        public static final Head EMPTY = new Head(0, GENESIS, null);
    }

    /** Where the {@link Head} is kept. */
    public interface HeadStore {
        /** The recorded head; a record that is missing altogether is tampering ({@link BrokenChainException}). */
        Head read() throws IOException;

        void write(Head head) throws IOException;
    }

    /**
     * What verification found: the entries, the head (the last mac), the key's fingerprint (null
     * while the log is empty and has no key yet), the number of entries the head store recorded, and
     * every mac in order (to find a head kept elsewhere).
     */
    public record State(long entries, String head, String keyFingerprint, long recordedEntries, List<String> chain) {
        /** The 1-based entry whose mac is {@code head}, 0 for the empty log's, or -1 if the chain has no such mac. */
        public long entryWithHead(String head) {
            String h = head.strip().toLowerCase(java.util.Locale.ROOT);
            if (h.equals(GENESIS)) {
                return 0;
            }
            int i = chain.indexOf(h);
            return i < 0 ? -1 : i + 1;
        }
    }

    private final Path folder;
    private final HeadStore store;

    /** The log kept in {@code <dataDir>/escrow}, its head in {@code store}. */
    public AuditLog(Path dataDir, HeadStore store) {
        this.folder = dataDir.resolve(FOLDER);
        this.store = store;
    }

    public Path file() {
        return folder.resolve(LOG_FILE);
    }

    public Path keyFile() {
        return folder.resolve(KEY_FILE);
    }

    /** Verifies the whole chain against its key and the recorded head. */
    public State verify() throws IOException {
        Head recorded = store.read();
        if (!Files.exists(file())) {
            if (recorded.entries() > 0) {
                throw new BrokenChainException("the file " + LOG_FILE + " is missing, but " + recorded.entries()
                        + " entries were recorded");
            }
            byte[] key = readKey(recorded, false);
            try {
                return new State(0, GENESIS, key == null ? null : fingerprint(key), 0, List.of());
            } finally {
                wipe(key);
            }
        }
        List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
        byte[] key = readKey(recorded, !lines.isEmpty());
        try {
            return verify(lines, key, recorded);
        } finally {
            wipe(key);
        }
    }

    /** Verifies the whole chain (as {@link #verify()}) and returns its entries, oldest first. */
    public List<Entry> entries() throws IOException {
        verify();
        if (!Files.exists(file())) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(file(), StandardCharsets.UTF_8)) {
            Matcher m = MAC_SUFFIX.matcher(line);
            if (m.matches()) {
                out.add(JSON.readValue(m.group(1) + "}", Entry.class));
            }
        }
        return out;
    }

    /**
     * Appends an entry (its {@code seq} and {@code prev} are filled in here) after verifying the
     * chain, under an exclusive file lock; forces it to disk, then records the new head.
     *
     * @throws BrokenChainException the existing log does not verify: nothing is appended
     */
    public Entry append(Entry entry) throws IOException {
        Head recorded = store.read();
        if (!Files.exists(file()) && recorded.entries() > 0) {
            throw new BrokenChainException("the file " + LOG_FILE + " is missing, but " + recorded.entries() + " entries were recorded");
        }
        DataFolder.createPrivateDirectories(folder);
        FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), ownerOnly);
             FileLock ignored = channel.lock()) {
            recorded = store.read(); // again, now that no other append can be under way
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
                // read it all
            }
            String existing = new String(all.array(), StandardCharsets.UTF_8);
            if (!existing.isEmpty() && !existing.endsWith("\n")) {
                throw new BrokenChainException(existing.lines().count(), "the last line is incomplete");
            }
            List<String> lines = existing.lines().toList();
            byte[] key = readKey(recorded, !lines.isEmpty());
            if (key == null) {
                key = createKey();
            }
            try {
                State state = verify(lines, key, recorded);
                Entry chained = new Entry(state.entries() + 1, entry.at(), entry.operator(), entry.action(), entry.method(),
                        entry.outcome(), entry.envelopeId(), entry.learnerId(), entry.tutor(), entry.date(), entry.keyId(),
                        entry.reason(), entry.via(), entry.purpose(), state.head());
                String body = JSON.writeValueAsString(chained);
                String mac = mac(key, state.head(), body);
                String line = body.substring(0, body.length() - 1) + ",\"mac\":\"" + mac + "\"}\n";
                channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), channel.size());
                channel.force(true);
                store.write(new Head(chained.seq(), mac, fingerprint(key)));
                return chained;
            } finally {
                wipe(key);
            }
        }
    }

    private static State verify(List<String> lines, byte[] key, Head recorded) throws BrokenChainException {
        String previous = GENESIS;
        List<String> chain = new ArrayList<>(lines.size());
        long n = 0;
        for (String line : lines) {
            n++;
            Matcher m = MAC_SUFFIX.matcher(line);
            if (!m.matches()) {
                throw new BrokenChainException(n, line.contains("\"hash\":\"")
                        ? "it has no mac (a log from an earlier version, whose chain had no key: keep it apart as an archive)"
                        : "it is not an audit entry");
            }
            String body = m.group(1) + "}";
            Entry entry;
            try {
                entry = JSON.readValue(body, Entry.class);
            } catch (IOException e) {
                throw new BrokenChainException(n, "it is not an audit entry");
            }
            if (entry.seq() != n) {
                throw new BrokenChainException(n, "entry " + entry.seq() + " is out of sequence");
            }
            if (!previous.equals(entry.prev())) {
                throw new BrokenChainException(n, "it does not follow the line before it");
            }
            String expected = mac(key, previous, body);
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), m.group(2).getBytes(StandardCharsets.US_ASCII))) {
                throw new BrokenChainException(n, "its mac does not match its content under the log's key");
            }
            previous = expected;
            chain.add(expected);
        }
        if (n < recorded.entries()) {
            throw new BrokenChainException("it has " + n + " entries, but " + recorded.entries()
                    + " were recorded: entries were removed from its end");
        }
        if (recorded.entries() > 0 && !chain.get(Math.toIntExact(recorded.entries() - 1)).equals(recorded.head())) {
            throw new BrokenChainException(recorded.entries(), "it is not the entry recorded as the log's head: the log was rewritten");
        }
        return new State(n, previous, key == null ? null : fingerprint(key), recorded.entries(), List.copyOf(chain));
    }

    /**
     * The log's key, or null when there is none yet and there may not be one (nothing written and
     * no key recorded). A missing or replaced key is tampering.
     */
    private byte[] readKey(Head recorded, boolean logHasEntries) throws IOException {
        if (!Files.exists(keyFile())) {
            if (recorded.keyFingerprint() != null || logHasEntries) {
                throw new BrokenChainException("its key (" + KEY_FILE + ") is missing");
            }
            return null;
        }
        byte[] key = Files.readAllBytes(keyFile());
        if (key.length != KEY_BYTES) {
            wipe(key);
            throw new BrokenChainException("its key (" + KEY_FILE + ") is damaged");
        }
        if (recorded.keyFingerprint() != null && !recorded.keyFingerprint().equals(fingerprint(key))) {
            String found = fingerprint(key);
            wipe(key);
            throw new BrokenChainException("its key was replaced (fingerprint " + found + "; the recorded key is "
                    + recorded.keyFingerprint() + ")");
        }
        return key;
    }

    /** A new random key, written owner-only, never over an existing one. */
    private byte[] createKey() throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            DataFolder.createPrivateFile(keyFile());
        } catch (FileAlreadyExistsException raced) {
            wipe(key);
            throw new BrokenChainException("a key (" + KEY_FILE + ") appeared while the log was being started");
        }
        Files.write(keyFile(), key, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        return key;
    }

    /** The key's fingerprint: the first 8 bytes of SHA-256 over it, in hex (never the key itself). */
    public static String fingerprint(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOMAIN);
            return HexFormat.of().formatHex(Arrays.copyOf(sha.digest(key), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mac(byte[] key, String previous, String body) {
        if (key == null) {
            throw new IllegalStateException("no key");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(DOMAIN);
            mac.update(previous.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '\n');
            mac.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void wipe(byte[] key) {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
    }
}
