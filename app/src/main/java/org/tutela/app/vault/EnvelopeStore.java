package org.tutela.app.vault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RecordStore} of an unlocked vault: one SQLite connection, guarded by one lock, so
 * background threads may call it freely. Writes run in a transaction ({@code BEGIN IMMEDIATE});
 * writes inside {@link #inTransaction} join it through savepoints, so a failed inner write
 * rolls back only itself and a failed outer one rolls back everything.
 *
 * <p>It keeps the connection, the lock, the transactions and the prepared statements, and hands
 * each call to the part that does it, under its lock and in its transactions:
 * {@link RecordEnvelopes} (a record sealed, opened, read alone or with every other of its kind),
 * {@link LocalChanges} (the tutor's saves and deletions), {@link HeadOfficeVersions}, the
 * {@link Outbox}, {@link ConflictsAndRefusals}, {@link LocalValues} and {@link Snapshots}.
 */
final class EnvelopeStore implements RecordStore {
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);
    static final String COLUMNS = "revision, created_at, updated_at, deleted, sealed, nonce, ciphertext";

    private final Path file;
    private final Connection connection;
    private final Snapshots snapshots;
    private final RecordEnvelopes envelopes;
    private final HeadOfficeVersions headOfficeVersions;
    private final Outbox outbox;
    private final LocalChanges localChanges;
    private final ConflictsAndRefusals conflictsAndRefusals;
    private final LocalValues localValues;
    final ReentrantLock lock = new ReentrantLock();
    private volatile boolean open = true;
    private int depth;
    /** Set by a change that drops content (sealing an open record, a deletion): erased from the file at commit. */
    private boolean eraseAfterCommit;

    private PreparedStatement selectOne;
    private PreparedStatement selectKind;
    private PreparedStatement upsert;
    private PreparedStatement nextSequence;
    private PreparedStatement readSequence;
    private PreparedStatement insertOutbox;
    private PreparedStatement waitingEntry;
    private PreparedStatement readHead;
    /** Every other statement, prepared once on first use (SQLite parses SQL anew at each prepare). */
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();

    EnvelopeStore(Path file, Connection connection, AesKey dataKey, java.security.SecureRandom random) throws SQLException {
        this.file = file;
        this.connection = connection;
        // used under the lock by every single-record operation, whichever part does it
        RecordCipher cipher = new RecordCipher(dataKey, random);
        this.snapshots = new Snapshots(this, connection, cipher);
        selectOne = connection.prepareStatement("SELECT kind, " + COLUMNS + " FROM records WHERE id = ?");
        selectKind = connection.prepareStatement("SELECT id, " + COLUMNS + " FROM records WHERE kind = ?");
        upsert = connection.prepareStatement(
                "INSERT INTO records (id, kind, revision, created_at, updated_at, deleted, sealed, nonce, ciphertext)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,"
                        + " revision = excluded.revision, created_at = excluded.created_at, updated_at = excluded.updated_at,"
                        + " deleted = excluded.deleted, sealed = excluded.sealed, nonce = excluded.nonce, ciphertext = excluded.ciphertext");
        nextSequence = connection.prepareStatement("UPDATE device_sequence SET last_sequence = last_sequence + 1 WHERE singleton = 1");
        readSequence = connection.prepareStatement("SELECT last_sequence FROM device_sequence WHERE singleton = 1");
        insertOutbox = connection.prepareStatement(
                "INSERT INTO outbox (device_seq, record_id, base_revision, urgent, queued_at) VALUES (?, ?, ?, ?, ?)");
        waitingEntry = connection.prepareStatement("SELECT device_seq, urgent FROM outbox WHERE record_id = ? AND wire_seq IS NULL");
        readHead = connection.prepareStatement("SELECT head_revision, head_nonce, head_hash FROM records WHERE id = ?");
        // the parts get the statements they use; the store closes them all
        this.envelopes = new RecordEnvelopes(this, dataKey, random, cipher, selectOne, selectKind, upsert);
        this.headOfficeVersions = new HeadOfficeVersions(this, envelopes, cipher, readHead);
        this.outbox = new Outbox(this, envelopes, connection, cipher, headOfficeVersions, waitingEntry, nextSequence, readSequence, insertOutbox);
        this.localChanges = new LocalChanges(this, envelopes, headOfficeVersions, outbox);
        this.conflictsAndRefusals = new ConflictsAndRefusals(this, cipher);
        this.localValues = new LocalValues(this, cipher);
    }

    /** The statement for {@code sql}, prepared once and kept until the vault locks: not to be closed by the caller. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * Called by a part whose change drops content (an open version sealed, a record deleted or
     * replaced by a sealed one): once the transaction commits, the write-ahead log that still holds
     * the old pages is emptied.
     */
    void eraseAtCommit() {
        eraseAfterCommit = true;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options) {
        return save(kind, id, body, options, ANY_REVISION);
    }

    @Override
    public StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options, long openedRevision) {
        return localChanges.save(kind, id, body, options, openedRevision);
    }

    @Override
    public StoredRecord delete(UUID id) {
        return delete(id, ANY_REVISION);
    }

    @Override
    public StoredRecord delete(UUID id, long openedRevision) {
        return localChanges.delete(id, openedRevision);
    }

    @Override
    public void applyRemote(StoredRecord incoming) {
        headOfficeVersions.applyRemote(incoming);
    }

    @Override
    public HeadVersion headVersion(UUID id) {
        return headOfficeVersions.headVersion(id);
    }

    @Override
    public void setHeadVersion(UUID id, HeadVersion version) {
        headOfficeVersions.setHeadVersion(id, version);
    }

    @Override
    public void requeue(UUID id, boolean urgent) {
        outbox.requeue(id, urgent);
    }

    @Override
    public void discardWaiting(UUID id) {
        outbox.discardWaiting(id);
    }

    @Override
    public void markSent(long deviceSequence, long wireSequence, Supplier<byte[]> sent, long revision) {
        outbox.markSent(deviceSequence, wireSequence, sent, revision);
    }

    @Override
    public java.util.Set<UUID> recordsInOutbox(boolean sentOnly) {
        return outbox.recordsInOutbox(sentOnly);
    }

    @Override
    public java.util.Set<UUID> recordsInConflict() {
        return conflictsAndRefusals.recordsInConflict();
    }

    /** The ids in the first column of {@code sql}'s rows (what sync keeps: outbox, conflicts). */
    java.util.Set<UUID> ids(String sql) {
        return locked(() -> {
            java.util.Set<UUID> ids = new java.util.HashSet<>();
            try (ResultSet rs = statement(sql).executeQuery()) {
                while (rs.next()) {
                    ids.add(UUID.fromString(rs.getString(1)));
                }
            } catch (SQLException e) {
                throw sqlFailure("read what sync keeps", e);
            }
            return ids;
        });
    }

    @Override
    public void unsendAll() {
        outbox.unsendAll();
    }

    @Override
    public void putConflict(Conflict c) {
        conflictsAndRefusals.putConflict(c);
    }

    @Override
    public Optional<Conflict> conflict(UUID id) {
        return conflictsAndRefusals.conflict(id);
    }

    @Override
    public List<Conflict> conflicts() {
        return conflictsAndRefusals.conflicts();
    }

    @Override
    public void removeConflict(UUID id) {
        conflictsAndRefusals.removeConflict(id);
    }

    @Override
    public void putRefusal(Refusal r) {
        conflictsAndRefusals.putRefusal(r);
    }

    @Override
    public List<Refusal> refusals() {
        return conflictsAndRefusals.refusals();
    }

    @Override
    public void removeRefusal(UUID id) {
        conflictsAndRefusals.removeRefusal(id);
    }

    /** Runs {@code sql} with one parameter, or none if {@code param} is null; returns how many rows it changed. */
    int update(String sql, String param) {
        try {
            PreparedStatement ps = statement(sql);
            if (param != null) {
                ps.setString(1, param);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw sqlFailure("update sync state", e);
        }
    }

    @Override
    public <T> T inTransaction(Function<RecordStore, T> work) {
        Objects.requireNonNull(work, "work");
        return write(() -> work.apply(this));
    }

    @Override
    public void acknowledge(List<Long> deviceSequences) {
        outbox.acknowledge(deviceSequences);
    }

    @Override
    public void putLocalValue(String key, String value) {
        localValues.putLocalValue(key, value);
    }

    @Override
    public boolean keepSnapshot(int format, Supplier<byte[]> content, Set<String> kinds, java.util.Map<UUID, Long> revisions) {
        Objects.requireNonNull(content, "content");
        kinds.forEach(EnvelopeStore::requireKind);
        return snapshots.keep(format, content, kinds, revisions);
    }

    @Override
    public Optional<java.nio.ByteBuffer> snapshot(int format) {
        return snapshots.read(format);
    }

    @Override
    public void dropSnapshot() {
        snapshots.drop();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<StoredRecord> get(UUID id) {
        return envelopes.get(id);
    }

    @Override
    public RecordList list(String kind) {
        return envelopes.list(kind, false);
    }

    @Override
    public RecordList tombstones(String kind) {
        return envelopes.list(kind, true);
    }

    /** Drops the key schedules of every cipher this store made (the vault is locking). */
    void forgetCiphers() {
        envelopes.forgetCiphers();
    }

    @Override
    public List<OutboxEntry> pendingOutbox(int limit) {
        return outbox.pendingOutbox(limit);
    }

    @Override
    public void eachPending(Set<Long> onTheirWay, java.util.function.Predicate<OutboxEntry> visitor) {
        outbox.eachPending(onTheirWay, visitor);
    }

    @Override
    public Optional<String> localValue(String key) {
        return localValues.localValue(key);
    }

    /** Number of records (all kinds, tombstones included); counts are not secret. */
    long count() {
        return locked(() -> {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM records")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw sqlFailure("count records", e);
            }
        });
    }

    /** Moves everything in the write-ahead log into the main file and truncates the log. */
    void checkpoint() {
        locked(() -> {
            truncateLog();
            return null;
        });
    }

    /**
     * Checkpoint with TRUNCATE: the main file takes the latest pages (whose freed space
     * secure_delete zeroed) and the log, which still holds the earlier page images, is cut to
     * nothing. Only then is replaced content gone from the disk.
     */
    private void truncateLog() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            if (rs.next() && rs.getInt(1) != 0) {
                log.warn("The write-ahead log could not be emptied now (busy); it will be at the next checkpoint");
            }
        } catch (SQLException e) {
            throw sqlFailure("checkpoint", e);
        }
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Runs {@code body} under the lock as a transaction; nested, it needs no savepoint: for a write
     * that changes the file in at most one statement, after its checks (SQLite undoes a failed
     * statement by itself, so a failure leaves nothing of it to roll back). Sync's bulk work calls
     * these thousands of times within one transaction, where two more statements a call would cost
     * more than the write itself.
     */
    <T> T writeOne(Supplier<T> body) {
        lock.lock();
        try {
            requireOpen();
            return depth > 0 ? body.get() : write(body);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} under the lock, as a transaction or, nested, as a savepoint. */
    <T> T write(Supplier<T> body) {
        lock.lock();
        try {
            requireOpen();
            String savepoint = "sp" + depth;
            exec(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint);
            depth++;
            T result;
            try {
                result = body.get();
            } catch (RuntimeException | Error e) {
                depth--;
                try {
                    if (depth == 0) {
                        eraseAfterCommit = false;
                        exec("ROLLBACK");
                    } else {
                        exec("ROLLBACK TO " + savepoint);
                        exec("RELEASE " + savepoint);
                    }
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            depth--;
            if (depth == 0) {
                try {
                    exec("COMMIT");
                } catch (RuntimeException e) {
                    eraseAfterCommit = false;
                    try {
                        exec("ROLLBACK");
                    } catch (RuntimeException rollbackFailure) {
                        e.addSuppressed(rollbackFailure);
                    }
                    throw e;
                }
                if (eraseAfterCommit) {
                    eraseAfterCommit = false;
                    try {
                        truncateLog();
                    } catch (VaultException e) {
                        // the change is committed; the next checkpoint (at the latest, at lock) erases it
                        log.warn("The write-ahead log could not be emptied after a change that drops content: {}", e.getMessage());
                    }
                }
            } else {
                exec("RELEASE " + savepoint);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            requireOpen();
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    Connection connection() {
        return connection;
    }

    boolean isOpen() {
        return open;
    }

    /** Rolls back anything unfinished, closes the statements and the connection. Idempotent. */
    void close() {
        lock.lock();
        try {
            if (!open) {
                return;
            }
            open = false;
            if (depth > 0) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // closing anyway
                }
                depth = 0;
            }
            List<PreparedStatement> all = new ArrayList<>(statements.values());
            all.addAll(List.of(selectOne, selectKind, upsert, nextSequence, readSequence, insertOutbox, waitingEntry, readHead));
            statements.clear();
            for (PreparedStatement ps : all) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("Closing the vault connection failed: {}", e.getClass().getSimpleName());
            }
        } finally {
            lock.unlock();
        }
    }

    void requireOpen() {
        if (!open) {
            throw new VaultException("The vault is locked");
        }
    }

    private void exec(String sql) {
        try {
            statement(sql).execute();
        } catch (SQLException e) {
            throw sqlFailure(sql, e);
        }
    }

    /**
     * Whether SQLite says the file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB, a short read
     * of a truncated file), as opposed to a failure that may pass (busy, full disk, other I/O).
     */
    static boolean meansDamaged(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == 11 || primary == 26 || e.getErrorCode() == 522;
    }

    VaultException sqlFailure(String what, SQLException e) {
        if (meansDamaged(e)) {
            return new VaultDamagedException(file, "the database is corrupt (" + what + ")", e);
        }
        return new VaultException("The vault could not " + what + " (SQLite error " + e.getErrorCode() + ")", e);
    }

    static void requireKind(String kind) {
        if (kind == null || kind.isBlank() || kind.length() > 64) {
            throw new IllegalArgumentException("A record kind is a short non-blank name");
        }
    }

    static long nowMicros() {
        return micros(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
