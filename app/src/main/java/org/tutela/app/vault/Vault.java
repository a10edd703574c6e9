package org.tutela.app.vault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.tutela.crypto.AesGcm;
import org.tutela.crypto.Argon2Calibration;
import org.tutela.crypto.Argon2Params;
import org.tutela.crypto.Argon2id;
import org.tutela.app.settings.OwnerOnly;

/**
 * An unlocked vault: one SQLite file per tutor profile, holding encrypted record envelopes.
 * Closing it is locking it: the data key is wiped and the connection closed.
 *
 * <p>Key hierarchy: passphrase → Argon2id (parameters and 16-byte salt in the header) →
 * key-encryption key → AES-256-GCM unwrap of the random 256-bit data key → AES-256-GCM record
 * envelopes. See {@code docs/security.md}.
 *
 * <p>Thread-safe: every operation takes the vault's one lock.
 */
public final class Vault implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Vault.class);

    /** The Argon2id derivation time that {@link #create(Path, char[])} calibrates for. */
    static final long CALIBRATION_TARGET_MILLIS = 500;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final AesKey dataKey;
    private final EnvelopeStore store;
    /** Held from open to close: one program at a time per vault. */
    private VaultLock fileLock;
    private final UUID deviceId;
    private volatile Argon2Params kdf;
    /** Test hook: runs inside the passphrase-change transaction, after the header row is rewritten. */
    volatile Runnable beforePassphraseCommit = () -> { };

    private Vault(Path file, Connection connection, AesKey dataKey, VaultHeader header) throws SQLException {
        this.file = file;
        this.dataKey = dataKey;
        this.store = new EnvelopeStore(file, connection, dataKey, RANDOM);
        this.deviceId = header.deviceId();
        this.kdf = header.kdf();
    }

    /** True if something (a vault, or a damaged file) is at {@code file}; the app never creates over it. */
    public static boolean exists(Path file) {
        return java.nio.file.Files.exists(file);
    }

    /** Creates a new vault, calibrating Argon2id to about half a second (never below the floor). */
    public static Vault create(Path file, char[] passphrase) {
        Argon2Params calibrated = calibrate();
        log.info("Argon2id calibrated to m={} KiB, t={}, p={}", calibrated.memoryKiB(), calibrated.iterations(), calibrated.parallelism());
        return create(file, passphrase, calibrated);
    }

    /** Argon2id parameters that take about half a second on this machine, never below {@link Argon2Params#FLOOR}. */
    public static Argon2Params calibrate() {
        return Argon2Calibration.calibrate(CALIBRATION_TARGET_MILLIS);
    }

    /**
     * Creates a new vault with the given Argon2id parameters (tests use the floor). The file is
     * built beside its final name and then linked into place, which fails if anything appeared
     * there meanwhile: a vault is never created over an existing file, nor left half-made.
     *
     * @throws VaultException a file is already there, or the folder cannot be written
     * @throws IllegalArgumentException an empty passphrase, or parameters below the floor or above the ceiling
     */
    public static Vault create(Path file, char[] passphrase, Argon2Params parameters) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("The passphrase must not be empty");
        }
        Objects.requireNonNull(parameters, "parameters").requireUsable();
        Path target = file.toAbsolutePath();
        if (Files.exists(target) || Files.exists(VaultFile.wal(target))) {
            throw new VaultException("A file already exists at " + target + "; Tutela never creates a vault over it");
        }
        byte[] salt = Argon2id.newSalt();
        byte[] keyBytes = random(32);
        AesKey dataKey = new AesKey(keyBytes);
        VaultHeader header;
        byte[] kek = keyEncryptionKey(passphrase, salt, parameters);
        try {
            VaultHeader unwrapped = new VaultHeader(Argon2id.TYPE, Argon2id.VERSION, parameters, salt,
                    AesGcm.newNonce(), new byte[0], UUID.randomUUID(), EnvelopeStore.nowMicros());
            header = unwrapped.withKey(salt, unwrapped.keyNonce(),
                    AesGcm.seal(kek, unwrapped.keyNonce(), unwrapped.wrapAad(), keyBytes));
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        Path building = null;
        try {
            Path parent = target.getParent();
            if (parent != null) {
                OwnerOnly.createFolders(parent);
            }
            building = target.resolveSibling("." + target.getFileName() + ".creating-" + HexFormat.of().formatHex(random(6)));
            // Owner-only (0600) before SQLite writes a byte; its -wal and -shm take the file's permissions.
            OwnerOnly.createFile(building);
            try (Connection connection = connect(building, true)) {
                configure(connection);
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
                    s.execute("BEGIN IMMEDIATE");
                    Schema.migrate(connection, 0, Schema.STEPS);
                    header.insert(connection);
                    header.storeCheck(connection);
                    s.execute("COMMIT");
                }
            }
            // closing the last connection checkpointed the log into the file: it is complete
            publish(building, target);
            forceDirectory(parent);
            VaultLock held = VaultLock.acquire(target);
            Connection connection;
            try {
                connection = connect(target, false);
            } catch (SQLException | RuntimeException e) {
                held.close();
                throw e;
            }
            try {
                configure(connection);
                Vault vault = new Vault(target, connection, dataKey, header);
                vault.fileLock = held;
                log.info("Vault created (format v{}, device {})", Schema.CURRENT_VERSION, header.deviceId());
                return vault;
            } catch (SQLException | RuntimeException e) {
                closeQuietly(connection);
                held.close();
                throw e;
            }
        } catch (SQLException e) {
            dataKey.destroy();
            throw new VaultException("The vault could not be created at " + target + " (SQLite error " + e.getErrorCode() + ")", e);
        } catch (IOException e) {
            dataKey.destroy();
            throw new VaultException("The vault could not be created at " + target + ": " + e.getClass().getSimpleName(), e);
        } catch (RuntimeException e) {
            dataKey.destroy();
            throw e;
        } finally {
            if (building != null) {
                deleteQuietly(building);
                deleteQuietly(VaultFile.wal(building));
                deleteQuietly(VaultFile.shm(building));
            }
        }
    }

    /**
     * Opens (unlocks) a vault.
     *
     * @throws WrongPassphraseException the passphrase does not open it; nothing changed
     * @throws VaultDamagedException not a vault, truncated, unknown version, or tampered header
     */
    public static Vault open(Path file, char[] passphrase) {
        return open(file, passphrase, Schema.STEPS);
    }

    static Vault open(Path file, char[] passphrase, List<Schema.Step> steps) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(passphrase, "passphrase");
        Path target = file.toAbsolutePath();
        if (!Files.isRegularFile(target)) {
            throw new VaultException("There is no vault at " + target);
        }
        VaultFile.check(target);
        ownerOnly(target);
        VaultLock held = VaultLock.acquire(target);
        Connection connection = null;
        AesKey dataKey = null;
        try {
            connection = connect(target, false);
            if (Schema.applicationId(connection) != Schema.APPLICATION_ID) {
                throw new VaultDamagedException(target, "it is an SQLite database, but not a Tutela vault", null);
            }
            int version = Schema.userVersion(connection);
            int latest = Schema.latest(steps);
            if (version > latest) {
                throw new VaultFromNewerVersionException(target, version);
            }
            if (version < 1) {
                throw new VaultDamagedException(target, "its header is missing", null);
            }
            configure(connection);
            VaultHeader header = VaultHeader.read(connection, target);
            byte[] keyBytes = unwrapDataKey(passphrase, header);
            if (keyBytes == null) {
                log.info("Unlock refused: wrong passphrase");
                throw new WrongPassphraseException();
            }
            dataKey = new AesKey(keyBytes);
            boolean unchecked = VaultHeader.storedCheck(connection) == null;
            if (version < latest || unchecked) {
                try (Statement s = connection.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                    try {
                        Schema.migrate(connection, version, steps);
                        if (VaultHeader.storedCheck(connection) == null && VaultHeader.hasCheckColumn(connection)) {
                            header.storeCheck(connection); // the passphrase opened it: these fields are the right ones
                        }
                        s.execute("COMMIT");
                    } catch (SQLException | RuntimeException e) {
                        s.execute("ROLLBACK");
                        throw e;
                    }
                }
                if (version < latest) {
                    log.info("Vault migrated from format v{} to v{}", version, latest);
                }
            }
            Vault vault = new Vault(target, connection, dataKey, header);
            vault.fileLock = held;
            log.info("Vault unlocked (format v{}, {} records)", latest, vault.store.count());
            return vault;
        } catch (SQLException e) {
            held.close();
            if (dataKey != null) {
                dataKey.destroy();
            }
            closeQuietly(connection);
            // A plain SQL error at open means the vault's own tables are not there: not a vault. A
            // transient I/O error is not damage and must not be reported as such.
            if (EnvelopeStore.meansDamaged(e) || (e.getErrorCode() & 0xff) == 1) {
                throw new VaultDamagedException(target, "it is not a readable vault (SQLite error " + e.getErrorCode() + ")", e);
            }
            throw new VaultException("The vault file " + target + " could not be opened (SQLite error " + e.getErrorCode() + ")", e);
        } catch (RuntimeException e) {
            held.close();
            if (dataKey != null) {
                dataKey.destroy();
            }
            closeQuietly(connection);
            throw e;
        }
    }

    public RecordStore records() {
        store.requireOpen();
        return store;
    }

    /**
     * Rewraps the data key under a new passphrase; a crash half-way leaves the old one working.
     * The current passphrase is checked first (full Argon2id cost; wrong → {@link WrongPassphraseException},
     * nothing changed). The new header fields are written by one UPDATE in one transaction.
     */
    public void changePassphrase(char[] current, char[] replacement) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(replacement, "replacement");
        if (replacement.length == 0) {
            throw new IllegalArgumentException("The passphrase must not be empty");
        }
        VaultHeader header = store.locked(() -> {
            try {
                return VaultHeader.read(store.connection(), file);
            } catch (SQLException e) {
                throw store.sqlFailure("read the vault header", e);
            }
        });
        byte[] unwrapped = unwrapDataKey(current, header);
        if (unwrapped == null) {
            log.info("Passphrase change refused: wrong current passphrase");
            throw new WrongPassphraseException();
        }
        byte[] newSalt = Argon2id.newSalt();
        byte[] newNonce = AesGcm.newNonce();
        byte[] newKek = keyEncryptionKey(replacement, newSalt, header.kdf());
        try {
            store.write(() -> {
                boolean same = MessageDigest.isEqual(unwrapped, dataKey.bytes());
                if (!same) {
                    throw new WrongPassphraseException();
                }
                VaultHeader rewrapped = header.withKey(newSalt, newNonce, new byte[0]);
                rewrapped = rewrapped.withKey(newSalt, newNonce, AesGcm.seal(newKek, newNonce, rewrapped.wrapAad(), dataKey.bytes()));
                try {
                    rewrapped.updateKey(store.connection(), header);
                    rewrapped.storeCheck(store.connection());
                } catch (SQLException e) {
                    throw store.sqlFailure("store the new passphrase", e);
                }
                beforePassphraseCommit.run();
                return null;
            });
        } finally {
            Arrays.fill(newKek, (byte) 0);
            Arrays.fill(unwrapped, (byte) 0);
        }
        log.info("Vault passphrase changed");
    }

    public Argon2Params kdfParameters() {
        return kdf;
    }

    public Path file() {
        return file;
    }

    /** This vault's device id (a random UUID made at creation); sync numbers its outbox per device. */
    public UUID deviceId() {
        return deviceId;
    }

    /** True once {@link #close()} has run. */
    public boolean isLocked() {
        return !store.isOpen();
    }

    /** Folds the write-ahead log into the main file and truncates the log. */
    public void checkpoint() {
        store.checkpoint();
    }

    /** Locks: wipes the data key from memory and closes the file. Idempotent. */
    @Override
    public void close() {
        store.lock.lock();
        try {
            if (!store.isOpen()) {
                return;
            }
            store.close();
            store.forgetCiphers();
            dataKey.destroy();
            if (fileLock != null) {
                fileLock.close();
                fileLock = null;
            }
            log.info("Vault locked");
        } finally {
            store.lock.unlock();
        }
    }

    /** Test hook: the value of a PRAGMA on the vault's own connection. */
    String pragma(String name) {
        return store.locked(() -> {
            try (Statement s = store.connection().createStatement(); java.sql.ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            } catch (SQLException e) {
                throw store.sqlFailure("read a setting", e);
            }
        });
    }

    /** Test hook: how SQLite would run a query on the vault's own connection, one step a line. */
    List<String> queryPlan(String sql) {
        return store.locked(() -> {
            List<String> plan = new java.util.ArrayList<>();
            try (java.sql.PreparedStatement s = store.connection().prepareStatement("EXPLAIN QUERY PLAN " + sql);
                    java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            } catch (SQLException e) {
                throw store.sqlFailure("plan a query", e);
            }
            return plan;
        });
    }

    /** Test hook: true if the data key's bytes are all zero (wiped). */
    boolean dataKeyWiped() {
        return dataKey.isDestroyed() && dataKey.isAllZero();
    }

    // ---------------------------------------------------------------- helpers

    private static Connection connect(Path path, boolean create) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        if (create) {
            config.setOpenMode(SQLiteOpenMode.CREATE);
        }
        config.setBusyTimeout(5000);
        // no "SELECT last_insert_rowid()" after every INSERT: nothing here asks for generated keys
        config.setGetGeneratedKeys(false);
        Properties properties = config.toProperties();
        return DriverManager.getConnection("jdbc:sqlite:" + path, properties);
    }

    /**
     * WAL, synchronous=FULL (a returned save is on disk), temp files in memory only, foreign keys
     * on, and secure_delete: content a change replaces or deletes is overwritten with zeros, not
     * left in free space where the old envelope would still open with the passphrase.
     */
    private static void configure(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA secure_delete = ON");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA temp_store = MEMORY");
            s.execute("PRAGMA foreign_keys = ON");
        }
    }

    /** A vault made by an earlier version may be readable by others: owner-only now (file, -wal, -shm). */
    private static void ownerOnly(Path file) {
        try {
            OwnerOnly.file(file);
            OwnerOnly.file(VaultFile.wal(file));
            OwnerOnly.file(VaultFile.shm(file));
        } catch (IOException e) {
            log.warn("The vault file's permissions could not be made owner-only: {}", e.getClass().getSimpleName());
        }
    }

    private static void publish(Path built, Path target) throws IOException {
        try {
            Files.createLink(target, built);
        } catch (FileAlreadyExistsException e) {
            throw new VaultException("A file already exists at " + target + "; Tutela never creates a vault over it", e);
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links on this file system: a plain move, which also refuses an existing target
            Files.move(built, target);
        }
    }

    private static void forceDirectory(Path directory) {
        if (directory == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not every platform can sync a directory
        }
    }

    /**
     * The key-encryption key: Argon2id of the passphrase, strictly UTF-8 (a passphrase that cannot
     * be encoded is refused, never approximated). The caller wipes it.
     */
    private static byte[] keyEncryptionKey(char[] passphrase, byte[] salt, Argon2Params parameters) {
        return Argon2id.deriveKey(passphrase, Argon2id.PasswordEncoding.STRICT_UTF8, salt, parameters);
    }

    /**
     * The data key unwrapped (AES-256-GCM, the header's identity and every KDF field as associated
     * data), or null if this passphrase does not unwrap it.
     */
    private static byte[] unwrapDataKey(char[] passphrase, VaultHeader header) {
        byte[] kek = keyEncryptionKey(passphrase, header.salt(), header.kdf());
        try {
            byte[] key = AesGcm.open(kek, header.keyNonce(), header.wrapAad(), header.wrappedKey());
            if (key.length != 32) {
                Arrays.fill(key, (byte) 0);
                return null;
            }
            return key;
        } catch (AEADBadTagException e) {
            return null;
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temp file holds no plaintext
        }
    }
}
