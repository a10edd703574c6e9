package org.tutela.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.tutela.app.vault.RecordList;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.crypto.Argon2Params;

/**
 * The vault's costs, printed as {@code name: value unit}, one a line: Argon2id unlock at the
 * calibrated parameters; open + decrypt of 10,000 and 100,000 records of about 1 KB; save latency
 * (one record with its outbox entry, synchronous=FULL) at p50 and p99; and the same operations on
 * plain SQLite with the same schema and no crypto, with the encrypted/plain ratios. Warm reads
 * print the median of five runs and the best ({@code _best}, less disturbed by other load).
 * {@code --smoke}: tiny sizes and the floor parameters (for the test suite).
 *
 * <p>Run: {@code mvn -q -pl bench -am exec:java -Dexec.args="vault"}.
 */
public final class VaultBench {
    private static final char[] PASSPHRASE = "benchmark passphrase, invented".toCharArray();

    private VaultBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = Arrays.asList(args).contains("--smoke");
        int small = smoke ? 200 : 10_000;
        int large = smoke ? 1_000 : 100_000;
        int saves = smoke ? 30 : 400;
        Path dir = Files.createTempDirectory("tutela-vault-bench");
        try {
            run(dir, smoke, small, large, saves);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Path dir, boolean smoke, int small, int large, int saves) throws Exception {
        // --- unlock cost at the calibrated parameters
        Path unlockFile = dir.resolve("unlock.tutela");
        Argon2Params kdf;
        try (Vault vault = smoke ? Vault.create(unlockFile, PASSPHRASE.clone(), Argon2Params.FLOOR) : Vault.create(unlockFile, PASSPHRASE.clone())) {
            kdf = vault.kdfParameters();
        }
        long[] unlock = new long[3];
        for (int i = 0; i < unlock.length; i++) {
            long start = System.nanoTime();
            Vault.open(unlockFile, PASSPHRASE.clone()).close();
            unlock[i] = System.nanoTime() - start;
        }
        print("vault.argon2id_memory", kdf.memoryKiB(), "KiB");
        print("vault.argon2id_iterations", kdf.iterations(), "passes");
        print("vault.argon2id_parallelism", kdf.parallelism(), "lanes");
        print("vault.argon2id_unlock", ms(median(unlock)), "ms");

        // --- read: open + decrypt, then decrypt again warm; plain SQLite alongside
        double[] vaultRead = new double[2];
        double[] plainRead = new double[2];
        int[] sizes = {small, large};
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            String label = label(n);
            Path vaultFile = dir.resolve("read-" + n + ".tutela");
            try (Vault vault = Vault.create(vaultFile, PASSPHRASE.clone(), kdf)) {
                fill(vault.records(), n);
            }
            long start = System.nanoTime();
            long openAndRead;
            long[] warm = new long[5];
            try (Vault vault = Vault.open(vaultFile, PASSPHRASE.clone())) {
                RecordList list = vault.records().list("tutorial");
                openAndRead = System.nanoTime() - start;
                check(list.records().size() == n && list.damaged().isEmpty(), "read back " + n);
                for (int i = 0; i < warm.length; i++) {
                    long t = System.nanoTime();
                    check(vault.records().list("tutorial").records().size() == n, "read back");
                    warm[i] = System.nanoTime() - t;
                }
            }
            Path plainFile = dir.resolve("read-" + n + ".plain.sqlite");
            long[] plainWarm = new long[5];
            try (PlainStore plain = new PlainStore(plainFile)) {
                plain.fill(n);
                for (int i = 0; i < plainWarm.length; i++) {
                    long t = System.nanoTime();
                    check(plain.list("tutorial").size() == n, "plain read back");
                    plainWarm[i] = System.nanoTime() - t;
                }
            }
            vaultRead[s] = ms(median(warm));
            plainRead[s] = ms(median(plainWarm));
            print("vault.open_and_decrypt_" + label, ms(openAndRead), "ms");
            print("vault.decrypt_" + label, vaultRead[s], "ms");
            print("vault.decrypt_" + label + "_best", ms(Arrays.stream(warm).min().orElseThrow()), "ms");
            print("plain.read_" + label, plainRead[s], "ms");
            print("plain.read_" + label + "_best", ms(Arrays.stream(plainWarm).min().orElseThrow()), "ms");
        }

        // --- save latency: one record + its outbox entry per transaction, encrypted and plain interleaved
        long[] vaultSave = new long[saves];
        long[] plainSave = new long[saves];
        try (Vault vault = Vault.create(dir.resolve("save.tutela"), PASSPHRASE.clone(), kdf);
             PlainStore plain = new PlainStore(dir.resolve("save.plain.sqlite"))) {
            RecordStore store = vault.records();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(UUID.randomUUID());
            }
            for (int i = 0; i < 20; i++) { // warm-up
                store.save("tutorial", ids.get(i % ids.size()), body(i), WriteOptions.NORMAL);
                plain.save("tutorial", ids.get(i % ids.size()), body(i));
            }
            for (int i = 0; i < saves; i++) {
                UUID id = ids.get(i % ids.size());
                byte[] body = body(i);
                long t = System.nanoTime();
                store.save("tutorial", id, body, WriteOptions.NORMAL);
                vaultSave[i] = System.nanoTime() - t;
                t = System.nanoTime();
                plain.save("tutorial", id, body);
                plainSave[i] = System.nanoTime() - t;
            }
        }
        double vaultP50 = ms(percentile(vaultSave, 50));
        double plainP50 = ms(percentile(plainSave, 50));
        print("vault.save_p50", vaultP50, "ms");
        print("vault.save_p99", ms(percentile(vaultSave, 99)), "ms");
        print("plain.save_p50", plainP50, "ms");
        print("plain.save_p99", ms(percentile(plainSave, 99)), "ms");
        print("ratio.save_p50_encrypted_to_plain", vaultP50 / plainP50, "x");
        print("ratio.read_" + label(small) + "_encrypted_to_plain", vaultRead[0] / plainRead[0], "x");
        print("ratio.read_" + label(large) + "_encrypted_to_plain", vaultRead[1] / plainRead[1], "x");
    }

    // ---------------------------------------------------------------- data

    /** About 1 KB of invented tutorial JSON. */
    static byte[] body(int i) {
        StringBuilder sb = new StringBuilder(1100);
        sb.append("{\"learner\":\"").append(new UUID(i, i * 31L)).append("\",\"kind\":\"progress-review\",\"held\":true,")
                .append("\"attendance\":{\"lessons\":").append(40 + i % 9).append(",\"absences\":").append(i % 5).append("},")
                .append("\"punctuality\":\"good\",\"onTarget\":true,\"comments\":\"");
        while (sb.length() < 960) {
            sb.append("Invented learner discussed progress on unit ").append(i % 13).append(" and agreed next steps. ");
        }
        sb.append("\",\"n\":").append(i).append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void fill(RecordStore store, int n) {
        Instant now = Instant.now();
        for (int from = 0; from < n; from += 10_000) {
            int start = from;
            int end = Math.min(n, from + 10_000);
            store.inTransaction(s -> {
                for (int i = start; i < end; i++) {
                    s.applyRemote(new StoredRecord(UUID.randomUUID(), "tutorial", 1, now, now, false, false, body(i)));
                }
                return null;
            });
        }
    }

    /**
     * The same store operations on plain SQLite: the vault's tables and settings (WAL,
     * synchronous=FULL, temp_store=MEMORY), the body stored as it is, no crypto.
     */
    static final class PlainStore implements AutoCloseable {
        private final Connection connection;

        PlainStore(Path file) throws SQLException {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA temp_store = MEMORY");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("CREATE TABLE records (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, revision INTEGER NOT NULL,"
                        + " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
                        + " sealed INTEGER NOT NULL DEFAULT 0, nonce BLOB NOT NULL, ciphertext BLOB NOT NULL)");
                s.execute("CREATE INDEX records_by_kind ON records (kind)");
                s.execute("CREATE TABLE outbox (device_seq INTEGER PRIMARY KEY NOT NULL, record_id TEXT NOT NULL REFERENCES records (id),"
                        + " base_revision INTEGER NOT NULL, urgent INTEGER NOT NULL DEFAULT 0, queued_at INTEGER NOT NULL)");
                s.execute("CREATE INDEX outbox_by_priority ON outbox (urgent DESC, device_seq)");
                s.execute("CREATE TABLE device_sequence (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), last_sequence INTEGER NOT NULL)");
                s.execute("INSERT INTO device_sequence VALUES (1, 0)");
            }
        }

        void fill(int n) throws SQLException {
            long now = micros(Instant.now());
            try (Statement s = connection.createStatement();
                 PreparedStatement ps = connection.prepareStatement("INSERT INTO records VALUES (?, 'tutorial', 1, ?, ?, 0, 0, x'', ?)")) {
                for (int from = 0; from < n; from += 10_000) {
                    s.execute("BEGIN IMMEDIATE");
                    for (int i = from; i < Math.min(n, from + 10_000); i++) {
                        ps.setString(1, UUID.randomUUID().toString());
                        ps.setLong(2, now);
                        ps.setLong(3, now);
                        ps.setBytes(4, body(i));
                        ps.executeUpdate();
                    }
                    s.execute("COMMIT");
                }
            }
        }

        List<StoredRecord> list(String kind) throws SQLException {
            List<StoredRecord> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT id, revision, created_at, updated_at, deleted, sealed, nonce, ciphertext FROM records WHERE kind = ?")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = UUID.fromString(rs.getString(1));
                        rs.getBytes(7);
                        StoredRecord r = new StoredRecord(id, kind, rs.getLong(2), instant(rs.getLong(3)), instant(rs.getLong(4)),
                                rs.getInt(5) != 0, rs.getInt(6) != 0, rs.getBytes(8));
                        if (!r.deleted()) {
                            out.add(r);
                        }
                    }
                }
            }
            return out;
        }

        void save(String kind, UUID id, byte[] body) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                long base = 0;
                long created = micros(Instant.now());
                try (PreparedStatement ps = connection.prepareStatement("SELECT revision, created_at FROM records WHERE id = ?")) {
                    ps.setString(1, id.toString());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            base = rs.getLong(1);
                            created = rs.getLong(2);
                        }
                    }
                }
                long now = micros(Instant.now());
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO records VALUES (?, ?, ?, ?, ?, 0, 0, x'', ?) ON CONFLICT (id) DO UPDATE SET"
                                + " revision = excluded.revision, updated_at = excluded.updated_at, ciphertext = excluded.ciphertext")) {
                    ps.setString(1, id.toString());
                    ps.setString(2, kind);
                    ps.setLong(3, base + 1);
                    ps.setLong(4, created);
                    ps.setLong(5, now);
                    ps.setBytes(6, body);
                    ps.executeUpdate();
                }
                s.executeUpdate("UPDATE device_sequence SET last_sequence = last_sequence + 1 WHERE singleton = 1");
                long seq;
                try (ResultSet rs = s.executeQuery("SELECT last_sequence FROM device_sequence WHERE singleton = 1")) {
                    rs.next();
                    seq = rs.getLong(1);
                }
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO outbox VALUES (?, ?, ?, 0, ?)")) {
                    ps.setLong(1, seq);
                    ps.setString(2, id.toString());
                    ps.setLong(3, base);
                    ps.setLong(4, now);
                    ps.executeUpdate();
                }
                s.execute("COMMIT");
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }

        private static long micros(Instant i) {
            return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
        }

        private static Instant instant(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static String label(int n) {
        return n % 1000 == 0 ? (n / 1000) + "k" : Integer.toString(n);
    }

    private static void print(String name, double value, String unit) {
        String formatted = value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.1f", value);
        System.out.println(name + ": " + formatted + " " + unit);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static long median(long[] values) {
        return percentile(values, 50);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark self-check failed: " + what);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
