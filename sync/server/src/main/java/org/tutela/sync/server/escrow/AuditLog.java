package org.tutela.sync.server.escrow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tutela.sync.protocol.sealed.Sealing;

/**
 * The escrow audit log: append-only JSON lines, each naming who opened which envelope when and
 * how, and chained: each line holds the SHA-256 of the previous line's hash and its own body, so
 * removing, reordering or editing a line breaks the chain from there on. The chain is verified
 * before every append; a broken log is refused (nothing is opened) until an administrator looks.
 */
public final class AuditLog {
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern HASH_SUFFIX = Pattern.compile("^(\\{.*),\"hash\":\"([0-9a-f]{64})\"}$");
    private static final ObjectMapper JSON = Sealing.json();

    /** One line, before its hash is added. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"seq", "at", "operator", "action", "method", "outcome", "envelopeId", "learnerId", "tutor", "date",
            "keyId", "reason", "prev"})
    public record Entry(long seq, Instant at, String operator, String action, String method, String outcome,
                        String envelopeId, String learnerId, String tutor, String date, String keyId, String reason, String prev) {
    }

    /** The log does not verify: which line (1-based) and why. */
    public static final class BrokenChainException extends IOException {
        private final long line;

        BrokenChainException(long line, String why) {
            super("The audit log is damaged or was altered at line " + line + ": " + why);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    /** What verification found: the number of entries and the last hash. */
    public record State(long entries, String lastHash) {
    }

    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Verifies the whole chain. An absent or empty file is an empty, valid log. */
    public State verify() throws IOException {
        if (!Files.exists(file)) {
            return new State(0, GENESIS);
        }
        return verify(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Appends an entry (its {@code seq} and {@code prev} are filled in here) after verifying the
     * chain, under an exclusive file lock, and forces it to disk.
     *
     * @throws BrokenChainException the existing log does not verify: nothing is appended
     */
    public Entry append(Entry entry) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileAttribute<?>[] attributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), attributes);
             FileLock ignored = channel.lock()) {
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
            while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
                // read it all
            }
            String existing = new String(all.array(), StandardCharsets.UTF_8);
            if (!existing.isEmpty() && !existing.endsWith("\n")) {
                throw new BrokenChainException(existing.lines().count(), "the last line is incomplete");
            }
            State state = verify(existing.lines().toList());
            Entry chained = new Entry(state.entries() + 1, entry.at(), entry.operator(), entry.action(), entry.method(),
                    entry.outcome(), entry.envelopeId(), entry.learnerId(), entry.tutor(), entry.date(), entry.keyId(),
                    entry.reason(), state.lastHash());
            String body = JSON.writeValueAsString(chained);
            String line = body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash(state.lastHash(), body) + "\"}\n";
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), channel.size());
            channel.force(true);
            return chained;
        }
    }

    private static State verify(List<String> lines) throws BrokenChainException {
        String previous = GENESIS;
        long n = 0;
        for (String line : lines) {
            n++;
            Matcher m = HASH_SUFFIX.matcher(line);
            if (!m.matches()) {
                throw new BrokenChainException(n, "it is not an audit entry");
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
            String expected = hash(previous, body);
            if (!expected.equals(m.group(2))) {
                throw new BrokenChainException(n, "its hash does not match its content");
            }
            previous = expected;
        }
        return new State(n, previous);
    }

    private static String hash(String previous, String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
