package org.tutela.app.vault;

import java.nio.charset.StandardCharsets;
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
import org.tutela.crypto.ContentHash;

/**
 * The {@link RecordStore} of an unlocked vault: one SQLite connection, guarded by one lock, so
 * background threads may call it freely. Writes run in a transaction ({@code BEGIN IMMEDIATE});
 * writes inside {@link #inTransaction} join it through savepoints, so a failed inner write
 * rolls back only itself and a failed outer one rolls back everything.
 */
final class EnvelopeStore implements RecordStore {
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);
    private static final String COLUMNS = "revision, created_at, updated_at, deleted, sealed, nonce, ciphertext";

    private final Path file;
    private final Connection connection;
    private final AesKey dataKey;
    private final java.security.SecureRandom random;
    /** Used under the lock by every single-record operation. */
    private final RecordCipher cipher;
    private final Snapshots snapshots;
    /** Ciphers for the decrypting workers of {@link #list}: each borrowed by one thread at a time. */
    private final java.util.concurrent.ConcurrentLinkedQueue<RecordCipher> spareCiphers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<RecordCipher> allCiphers = new java.util.concurrent.CopyOnWriteArrayList<>();
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
        this.dataKey = dataKey;
        this.random = random;
        this.cipher = new RecordCipher(dataKey, random);
        allCiphers.add(cipher);
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
    }

    /** The statement for {@code sql}, prepared once and kept until the vault locks: not to be closed by the caller. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options) {
        return save(kind, id, body, options, ANY_REVISION);
    }

    @Override
    public StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options, long openedRevision) {
        requireKind(kind);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        WriteOptions opts = options == null ? WriteOptions.NORMAL : options;
        byte[] copy = body.clone();
        return write(() -> {
            Meta existing = meta(id);
            if (existing != null && !existing.kind.equals(kind)) {
                throw new IllegalArgumentException("Record " + id + " is a " + existing.kind + ", not a " + kind);
            }
            long now = nowMicros();
            if (existing != null) {
                keepHeadHash(id, existing);
                if (openedRevision != ANY_REVISION && openedRevision != existing.revision && conflict(id).isEmpty()) {
                    // changed since the tutor opened it: keep the version they never saw beside theirs
                    StoredRecord unseen = get(id).orElseThrow();
                    putConflict(new Conflict(id, kind, Conflict.Origin.CHANGED_WHILE_OPEN, instant(now), unseen, headVersion(id)));
                    log.info("Record {} changed while it was open; both versions kept", id);
                }
            }
            long base = existing == null ? 0 : existing.revision;
            long created = existing == null ? now : existing.createdMicros;
            StoredRecord stored = store(id, kind, base + 1, created, Math.max(now, created), false, opts.sealed(), copy);
            queue(id, opts.urgent(), now);
            if (existing != null && opts.sealed() && !existing.sealed) {
                eraseAfterCommit = true; // the open version must not outlive its sealing
            }
            return stored;
        });
    }

    @Override
    public StoredRecord delete(UUID id) {
        return delete(id, ANY_REVISION);
    }

    @Override
    public StoredRecord delete(UUID id, long openedRevision) {
        Objects.requireNonNull(id, "id");
        return write(() -> {
            Meta existing = meta(id);
            if (existing == null) {
                throw new java.util.NoSuchElementException("There is no record " + id);
            }
            if (existing.deleted) {
                return get(id).orElseThrow();
            }
            long now = nowMicros();
            keepHeadHash(id, existing);
            if (openedRevision != ANY_REVISION && openedRevision != existing.revision && conflict(id).isEmpty()) {
                // changed since the tutor was shown it: keep the version they never saw beside the deletion
                StoredRecord unseen = get(id).orElseThrow();
                putConflict(new Conflict(id, existing.kind, Conflict.Origin.CHANGED_WHILE_OPEN, instant(now), unseen, headVersion(id)));
                log.info("Record {} changed before it was deleted; both kept", id);
            }
            byte[] routing = Tombstones.bodyFor(get(id).orElseThrow().body(), existing.sealed);
            StoredRecord stored = store(id, existing.kind, existing.revision + 1, existing.createdMicros,
                    Math.max(now, existing.createdMicros), true, existing.sealed, routing);
            queue(id, false, now);
            eraseAfterCommit = true;
            return stored;
        });
    }

    @Override
    public void applyRemote(StoredRecord incoming) {
        Objects.requireNonNull(incoming, "incoming");
        requireKind(incoming.kind());
        Objects.requireNonNull(incoming.id(), "id");
        Objects.requireNonNull(incoming.body(), "body");
        if (incoming.revision() < 1) {
            throw new IllegalArgumentException("A stored record's revision is at least 1");
        }
        long incomingCreated = micros(Objects.requireNonNull(incoming.createdAt(), "createdAt"));
        long updated = micros(Objects.requireNonNull(incoming.updatedAt(), "updatedAt"));
        byte[] body = incoming.body().clone();
        HeadVersion head = new HeadVersion(incoming.revision(), ContentHash.of(incoming.deleted(), body));
        writeOne(() -> {
            Meta existing = meta(incoming.id());
            if (existing != null && ((incoming.sealed() && !existing.sealed) || (incoming.deleted() && !existing.deleted))) {
                eraseAfterCommit = true; // sealed or deleted elsewhere: the open copy held here goes too
            }
            if (existing != null && !existing.kind.equals(incoming.kind())) {
                throw new IllegalArgumentException("Record " + incoming.id() + " is a " + existing.kind + ", not a " + incoming.kind());
            }
            // the local revision counts every write here, so a form opened before this one can tell
            long revision = existing == null ? 1 : existing.revision + 1;
            long created = existing == null ? incomingCreated : existing.createdMicros;
            // the record and its head-office version in one statement
            byte[] nonce = cipher.newNonce();
            long up = Math.max(updated, created);
            cipher.recordAad(incoming.id(), incoming.kind(), revision, created, up, incoming.deleted(), incoming.sealed());
            byte[] ciphertext = cipher.seal(nonce, body);
            byte[][] sealedHead = sealHead(incoming.id(), head);
            try {
                PreparedStatement ps = statement("INSERT INTO records (id, kind, revision, created_at, updated_at, deleted, sealed, nonce,"
                        + " ciphertext, head_revision, head_nonce, head_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, revision = excluded.revision,"
                        + " created_at = excluded.created_at, updated_at = excluded.updated_at, deleted = excluded.deleted,"
                        + " sealed = excluded.sealed, nonce = excluded.nonce, ciphertext = excluded.ciphertext,"
                        + " head_revision = excluded.head_revision, head_nonce = excluded.head_nonce, head_hash = excluded.head_hash");
                ps.setString(1, incoming.id().toString());
                ps.setString(2, incoming.kind());
                ps.setLong(3, revision);
                ps.setLong(4, created);
                ps.setLong(5, up);
                ps.setInt(6, incoming.deleted() ? 1 : 0);
                ps.setInt(7, incoming.sealed() ? 1 : 0);
                ps.setBytes(8, nonce);
                ps.setBytes(9, ciphertext);
                ps.setLong(10, head.revision());
                ps.setBytes(11, sealedHead[0]);
                ps.setBytes(12, sealedHead[1]);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw sqlFailure("store a record", e);
            }
            return null;
        });
    }

    @Override
    public HeadVersion headVersion(UUID id) {
        Objects.requireNonNull(id, "id");
        return locked(() -> readHeadVersion(id));
    }

    @Override
    public void setHeadVersion(UUID id, HeadVersion version) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        writeOne(() -> {
            if (writeHead(id, version) == 0) {
                throw new java.util.NoSuchElementException("There is no record " + id);
            }
            return null;
        });
    }

    @Override
    public void requeue(UUID id, boolean urgent) {
        Objects.requireNonNull(id, "id");
        write(() -> {
            if (meta(id) == null) {
                throw new java.util.NoSuchElementException("There is no record " + id);
            }
            queue(id, urgent, nowMicros());
            return null;
        });
    }

    @Override
    public void discardWaiting(UUID id) {
        Objects.requireNonNull(id, "id");
        writeOne(() -> update("DELETE FROM outbox WHERE record_id = ? AND wire_seq IS NULL", id.toString()));
    }

    @Override
    public void markSent(long deviceSequence, long wireSequence, Supplier<byte[]> sent, long revision) {
        Objects.requireNonNull(sent, "sent");
        lock.lock();
        try {
            requireOpen();
            // the usual case, in one statement: the record unchanged since it was read, so it is what
            // was sent and nothing is frozen (the trigger record_kept_as_sent keeps it aside if it is
            // overwritten before head office answers)
            int marked = writeOne(() -> {
                try {
                    PreparedStatement up = statement("UPDATE outbox SET wire_seq = ?, sent_nonce = NULL, sent_ciphertext = NULL"
                            + " WHERE device_seq = ? AND (SELECT r.revision FROM records r WHERE r.id = outbox.record_id) = ?");
                    up.setLong(1, wireSequence);
                    up.setLong(2, deviceSequence);
                    up.setLong(3, revision);
                    return up.executeUpdate();
                } catch (SQLException e) {
                    throw sqlFailure("note a sent outbox entry", e);
                }
            });
            if (marked == 1) {
                return;
            }
            UUID id;
            boolean urgent;
            try {
                PreparedStatement ps = statement("SELECT o.record_id, o.urgent FROM outbox o WHERE o.device_seq = ?");
                ps.setLong(1, deviceSequence);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new java.util.NoSuchElementException("There is no outbox entry " + deviceSequence);
                    }
                    id = UUID.fromString(rs.getString(1));
                    urgent = rs.getInt(2) != 0;
                }
            } catch (SQLException e) {
                throw sqlFailure("read the outbox", e);
            }
            // the entry is there, so its record was saved again since it was read: what was sent is an
            // earlier version, frozen here, and the later one waits anew
            byte[] nonce = cipher.newNonce();
            byte[] frozen = sealSent(id, wireSequence, nonce, Objects.requireNonNull(sent.get(), "sent"));
            write(() -> {
                try {
                    PreparedStatement up = statement("UPDATE outbox SET wire_seq = ?, sent_nonce = ?, sent_ciphertext = ? WHERE device_seq = ?");
                    up.setLong(1, wireSequence);
                    up.setBytes(2, nonce);
                    up.setBytes(3, frozen);
                    up.setLong(4, deviceSequence);
                    up.executeUpdate();
                } catch (SQLException e) {
                    throw sqlFailure("note a sent outbox entry", e);
                }
                queue(id, urgent, nowMicros());
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    /** A frozen copy of what was sent, sealed and bound to its record and wire number. */
    private byte[] sealSent(UUID id, long wireSequence, byte[] nonce, byte[] sent) {
        cipher.sideAad("sent", id, wireSequence);
        return cipher.seal(nonce, sent);
    }

    @Override
    public java.util.Set<UUID> recordsInOutbox(boolean sentOnly) {
        return ids(sentOnly ? "SELECT record_id FROM outbox WHERE wire_seq IS NOT NULL" : "SELECT record_id FROM outbox");
    }

    @Override
    public java.util.Set<UUID> recordsInConflict() {
        return ids("SELECT record_id FROM conflicts");
    }

    private java.util.Set<UUID> ids(String sql) {
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
        write(() -> {
            eraseKeptAsSent();
            // a record sent and changed since waits twice now: keep only its latest entry
            update("DELETE FROM outbox WHERE wire_seq IS NOT NULL AND record_id IN"
                    + " (SELECT record_id FROM outbox WHERE wire_seq IS NULL)", null);
            return update("UPDATE outbox SET wire_seq = NULL, sent_nonce = NULL, sent_ciphertext = NULL WHERE wire_seq IS NOT NULL", null);
        });
    }

    /**
     * Records kept as they were sent (overwritten while on their way) go when their entries are
     * answered or numbered anew; one may be the open version of a tutorial sealed since, so, as for
     * the sealing itself, it is erased from the file at commit. Rare: the table is almost always empty.
     */
    private void eraseKeptAsSent() {
        try (ResultSet rs = statement("SELECT EXISTS (SELECT 1 FROM records_as_sent)").executeQuery()) {
            if (rs.next() && rs.getInt(1) != 0) {
                eraseAfterCommit = true;
            }
        } catch (SQLException e) {
            throw sqlFailure("read what sync keeps", e);
        }
    }

    @Override
    public void putConflict(Conflict c) {
        Objects.requireNonNull(c, "conflict");
        writeOne(() -> {
            byte[] nonce = cipher.newNonce();
            cipher.sideAad("conflict", c.recordId(), 0);
            byte[] sealed = cipher.seal(nonce, ConflictCodec.encode(c));
            try {
                PreparedStatement ps = statement(
                        "INSERT INTO conflicts (record_id, origin, found_at, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT (record_id) DO UPDATE SET origin = excluded.origin, found_at = excluded.found_at,"
                                + " nonce = excluded.nonce, ciphertext = excluded.ciphertext");
                ps.setString(1, c.recordId().toString());
                ps.setString(2, c.origin().name());
                ps.setLong(3, micros(c.foundAt().truncatedTo(ChronoUnit.MICROS)));
                ps.setBytes(4, nonce);
                ps.setBytes(5, sealed);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw sqlFailure("keep a conflict", e);
            }
            return null;
        });
    }

    @Override
    public Optional<Conflict> conflict(UUID id) {
        Objects.requireNonNull(id, "id");
        List<Conflict> found = readConflicts(id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<Conflict> conflicts() {
        return readConflicts(null);
    }

    @Override
    public void removeConflict(UUID id) {
        Objects.requireNonNull(id, "id");
        writeOne(() -> update("DELETE FROM conflicts WHERE record_id = ?", id.toString()));
    }

    @Override
    public void putRefusal(Refusal r) {
        Objects.requireNonNull(r, "refusal");
        writeOne(() -> {
            try {
                PreparedStatement ps = statement("INSERT INTO refusals (record_id, code, refused_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (record_id) DO UPDATE SET code = excluded.code, refused_at = excluded.refused_at");
                ps.setString(1, r.recordId().toString());
                ps.setString(2, r.code());
                ps.setLong(3, micros(r.refusedAt().truncatedTo(ChronoUnit.MICROS)));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw sqlFailure("note a refusal", e);
            }
            return null;
        });
    }

    @Override
    public List<Refusal> refusals() {
        return locked(() -> {
            List<Refusal> out = new ArrayList<>();
            try (ResultSet rs = statement("SELECT record_id, code, refused_at FROM refusals ORDER BY refused_at").executeQuery()) {
                while (rs.next()) {
                    out.add(new Refusal(UUID.fromString(rs.getString(1)), rs.getString(2), instant(rs.getLong(3))));
                }
            } catch (SQLException e) {
                throw sqlFailure("read refusals", e);
            }
            return out;
        });
    }

    @Override
    public void removeRefusal(UUID id) {
        Objects.requireNonNull(id, "id");
        writeOne(() -> update("DELETE FROM refusals WHERE record_id = ?", id.toString()));
    }

    private List<Conflict> readConflicts(UUID only) {
        return locked(() -> {
            List<Conflict> out = new ArrayList<>();
            try {
                PreparedStatement ps = statement("SELECT record_id, origin, found_at, nonce, ciphertext FROM conflicts"
                        + (only == null ? "" : " WHERE record_id = ?") + " ORDER BY found_at");
                if (only != null) {
                    ps.setString(1, only.toString());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = UUID.fromString(rs.getString(1));
                        cipher.sideAad("conflict", id, 0);
                        byte[] plain = cipher.open(rs.getBytes(4), rs.getBytes(5));
                        if (plain == null) {
                            log.warn("The kept conflict of record {} is damaged", id);
                            throw new DamagedRecordException(id, null);
                        }
                        out.add(ConflictCodec.decode(id, Conflict.Origin.valueOf(rs.getString(2)), instant(rs.getLong(3)), plain));
                    }
                }
            } catch (SQLException e) {
                throw sqlFailure("read conflicts", e);
            }
            return out;
        });
    }

    private HeadVersion readHeadVersion(UUID id) {
        try {
            readHead.setString(1, id.toString());
            try (ResultSet rs = readHead.executeQuery()) {
                return rs.next() ? headVersion(id, rs.getLong(1), rs.getBytes(2), rs.getBytes(3)) : HeadVersion.NONE;
            }
        } catch (SQLException e) {
            throw sqlFailure("read a head-office version", e);
        }
    }

    /** A record's head-office version from its columns (revision, nonce, sealed hash). */
    private HeadVersion headVersion(UUID id, long revision, byte[] nonce, byte[] sealedHash) {
        if (revision == 0) {
            return HeadVersion.NONE;
        }
        if (nonce == null) {
            return new HeadVersion(revision, null);
        }
        cipher.sideAad("head", id, revision);
        byte[] hash = cipher.open(nonce, sealedHash);
        if (hash == null) {
            log.warn("The head-office version of record {} is damaged", id);
            throw new DamagedRecordException(id, null);
        }
        return new HeadVersion(revision, new String(hash, StandardCharsets.US_ASCII));
    }

    /** {nonce, sealed hash} of a head-office version, bound to its record and revision; {null, null} without a hash. */
    private byte[][] sealHead(UUID id, HeadVersion head) {
        if (head.hash() == null) {
            return new byte[2][];
        }
        byte[] nonce = cipher.newNonce();
        cipher.sideAad("head", id, head.revision());
        return new byte[][] {nonce, cipher.seal(nonce, head.hash().getBytes(StandardCharsets.US_ASCII))};
    }

    /** Returns how many records it changed: 0 if there is no such record. */
    private int writeHead(UUID id, HeadVersion head) {
        byte[][] sealedHead = sealHead(id, head);
        byte[] nonce = sealedHead[0];
        byte[] sealed = sealedHead[1];
        try {
            PreparedStatement up = statement("UPDATE records SET head_revision = ?, head_nonce = ?, head_hash = ? WHERE id = ?");
            up.setLong(1, head.revision());
            up.setBytes(2, nonce);
            up.setBytes(3, sealed);
            up.setString(4, id.toString());
            return up.executeUpdate();
        } catch (SQLException e) {
            throw sqlFailure("note a head-office version", e);
        }
    }

    /**
     * A record last written before head versions were kept knows head office's revision but not
     * the hash of that version. While nothing has changed it here, its content is that version:
     * note the hash before a local change overwrites it.
     */
    private void keepHeadHash(UUID id, Meta existing) {
        HeadVersion head = readHeadVersion(id);
        if (!head.exists() || head.hash() != null || existing.revision != head.revision() || waitingSequence(id) != null) {
            return;
        }
        StoredRecord current = get(id).orElseThrow();
        writeHead(id, new HeadVersion(head.revision(), ContentHash.of(current.deleted(), current.body())));
    }

    private Long waitingSequence(UUID id) {
        try {
            waitingEntry.setString(1, id.toString());
            try (ResultSet rs = waitingEntry.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw sqlFailure("read the outbox", e);
        }
    }

    private int update(String sql, String param) {
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
        Objects.requireNonNull(deviceSequences, "deviceSequences");
        if (deviceSequences.isEmpty()) {
            return;
        }
        // one statement, whatever the number: the sequences go in as one JSON array
        StringBuilder list = new StringBuilder(deviceSequences.size() * 8).append('[');
        for (Long seq : deviceSequences) {
            list.append(list.length() > 1 ? "," : "").append(seq.longValue());
        }
        String sequences = list.append(']').toString();
        writeOne(() -> {
            try {
                eraseKeptAsSent();
                PreparedStatement ps = statement("DELETE FROM outbox WHERE device_seq IN (SELECT value FROM json_each(?))");
                ps.setString(1, sequences);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw sqlFailure("acknowledge outbox entries", e);
            }
            return null;
        });
    }

    @Override
    public void putLocalValue(String key, String value) {
        requireKey(key);
        writeOne(() -> {
            try {
                if (value == null) {
                    PreparedStatement ps = statement("DELETE FROM local_values WHERE key = ?");
                    ps.setString(1, key);
                    ps.executeUpdate();
                    return null;
                }
                byte[] nonce = cipher.newNonce();
                cipher.localAad(key);
                byte[] sealed = cipher.seal(nonce, value.getBytes(StandardCharsets.UTF_8));
                PreparedStatement ps = statement("INSERT INTO local_values (key, nonce, ciphertext) VALUES (?, ?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext");
                ps.setString(1, key);
                ps.setBytes(2, nonce);
                ps.setBytes(3, sealed);
                ps.executeUpdate();
                return null;
            } catch (SQLException e) {
                throw sqlFailure("store a local value", e);
            }
        });
    }

    @Override
    public boolean keepSnapshot(int format, Supplier<byte[]> content, Set<String> kinds, java.util.Map<UUID, Long> revisions) {
        Objects.requireNonNull(content, "content");
        kinds.forEach(EnvelopeStore::requireKind);
        return snapshots.keep(format, content, kinds, revisions);
    }

    @Override
    public Optional<byte[]> snapshot(int format) {
        return snapshots.read(format);
    }

    @Override
    public void dropSnapshot() {
        snapshots.drop();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<StoredRecord> get(UUID id) {
        Objects.requireNonNull(id, "id");
        return locked(() -> {
            try {
                selectOne.setString(1, id.toString());
                try (ResultSet rs = selectOne.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String kind = rs.getString(1);
                    StoredRecord record = decrypt(id, kind, rs, 2);
                    if (record == null) {
                        log.warn("Record {} is damaged: its envelope does not authenticate", id);
                        throw new DamagedRecordException(id, null);
                    }
                    return Optional.of(record);
                }
            } catch (SQLException e) {
                throw sqlFailure("read a record", e);
            }
        });
    }

    /**
     * One query; rows are handed in batches to decrypting workers (the common fork-join pool,
     * plus this thread once the rows are read), so reading from SQLite and decrypting overlap.
     * Everything happens under the lock: the vault cannot be locked while a worker holds the key.
     */
    @Override
    public RecordList list(String kind) {
        return list(kind, false);
    }

    @Override
    public RecordList tombstones(String kind) {
        return list(kind, true);
    }

    private RecordList list(String kind, boolean deletedOnes) {
        requireKind(kind);
        return locked(() -> {
            List<DecryptBatch> batches = new ArrayList<>();
            boolean parallel = Runtime.getRuntime().availableProcessors() > 1;
            try {
                selectKind.setString(1, kind);
                try (ResultSet rs = selectKind.executeQuery()) {
                    DecryptBatch batch = new DecryptBatch(kind);
                    while (rs.next()) {
                        batch.add(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getInt(5) != 0,
                                rs.getInt(6) != 0, rs.getBytes(7), rs.getBytes(8));
                        if (batch.full()) {
                            batches.add(batch);
                            if (parallel) {
                                java.util.concurrent.ForkJoinPool.commonPool().execute(batch);
                            }
                            batch = new DecryptBatch(kind);
                        }
                    }
                    if (batch.size > 0) {
                        batches.add(batch);
                    }
                }
            } catch (SQLException e) {
                throw sqlFailure("list records", e);
            } finally {
                for (DecryptBatch batch : batches) {
                    batch.run(); // does nothing if a worker has it already
                    batch.await();
                }
            }
            List<StoredRecord> records = new ArrayList<>();
            List<UUID> damaged = new ArrayList<>();
            int unreadableIds = 0;
            for (DecryptBatch batch : batches) {
                batch.rethrow();
                for (int i = 0; i < batch.size; i++) {
                    StoredRecord r = batch.out[i];
                    if (r != null && r.deleted() == deletedOnes) {
                        records.add(r);
                    }
                }
                damaged.addAll(batch.damaged);
                unreadableIds += batch.unreadableIds;
            }
            if (!damaged.isEmpty()) {
                log.warn("{} damaged {} record(s) in the vault: {}", damaged.size(), kind, damaged);
            }
            if (unreadableIds > 0) {
                log.warn("{} {} row(s) with an unreadable id were skipped", unreadableIds, kind);
            }
            return new RecordList(java.util.Collections.unmodifiableList(records), List.copyOf(damaged));
        });
    }

    /** A batch of raw rows of one kind, decrypted by whichever thread claims it first. */
    private final class DecryptBatch implements Runnable {
        private static final int CAPACITY = 1024;
        private final String kind;
        private final String[] ids = new String[CAPACITY];
        private final long[] revisions = new long[CAPACITY];
        private final long[] created = new long[CAPACITY];
        private final long[] updated = new long[CAPACITY];
        private final boolean[] deleted = new boolean[CAPACITY];
        private final boolean[] sealed = new boolean[CAPACITY];
        private final byte[][] nonces = new byte[CAPACITY][];
        private final byte[][] ciphertexts = new byte[CAPACITY][];
        private final StoredRecord[] out = new StoredRecord[CAPACITY];
        private final List<UUID> damaged = new ArrayList<>(0);
        private final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private int size;
        private int unreadableIds;
        private volatile Throwable failure;

        DecryptBatch(String kind) {
            this.kind = kind;
        }

        void add(String id, long revision, long createdMicros, long updatedMicros, boolean isDeleted, boolean isSealed,
                 byte[] nonce, byte[] ciphertext) {
            ids[size] = id;
            revisions[size] = revision;
            created[size] = createdMicros;
            updated[size] = updatedMicros;
            deleted[size] = isDeleted;
            sealed[size] = isSealed;
            nonces[size] = nonce;
            ciphertexts[size] = ciphertext;
            size++;
        }

        boolean full() {
            return size == CAPACITY;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            RecordCipher c = borrowCipher();
            try {
                for (int i = 0; i < size; i++) {
                    UUID id;
                    try {
                        id = UUID.fromString(ids[i]);
                    } catch (RuntimeException e) {
                        unreadableIds++;
                        continue;
                    }
                    c.recordAad(id, kind, revisions[i], created[i], updated[i], deleted[i], sealed[i]);
                    byte[] body = c.open(nonces[i], ciphertexts[i]);
                    nonces[i] = null;
                    ciphertexts[i] = null;
                    if (body == null) {
                        damaged.add(id);
                    } else {
                        out[i] = new StoredRecord(id, kind, revisions[i], instant(created[i]), instant(updated[i]), deleted[i], sealed[i], body);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                spareCiphers.add(c);
                done.countDown();
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new VaultException("Could not decrypt records", t);
            }
        }
    }

    private RecordCipher borrowCipher() {
        RecordCipher c = spareCiphers.poll();
        if (c == null) {
            c = new RecordCipher(dataKey, random);
            allCiphers.add(c);
        }
        return c;
    }

    /** Drops the key schedules of every cipher this store made (the vault is locking). */
    void forgetCiphers() {
        lock.lock();
        try {
            for (RecordCipher c : allCiphers) {
                c.forget();
            }
            spareCiphers.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<OutboxEntry> pendingOutbox(int limit) {
        return pendingOutbox(limit, Set.of());
    }

    @Override
    public List<OutboxEntry> pendingOutbox(int limit, Set<Long> onTheirWay) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return locked(() -> {
            List<OutboxEntry> entries = new ArrayList<>();
            // Two queries, each served in order by an index, so a batch reads only what it takes: in one
            // ordered by "sent first", SQLite would sort the whole outbox, record bodies and all, every batch.
            readOutbox(ON_THEIR_WAY, limit, onTheirWay, entries);
            readOutbox(WAITING, limit - entries.size(), Set.of(), entries);
            return List.copyOf(entries);
        });
    }

    /** The outbox's entries already given a wire number, in wire order (served by the index {@code outbox_on_its_way}). */
    static final String ON_THEIR_WAY = "o.wire_seq IS NOT NULL ORDER BY o.wire_seq";
    /** The outbox's entries waiting for a wire number, urgent ones first, then in the order they were made. */
    static final String WAITING = "o.wire_seq IS NULL ORDER BY o.urgent DESC, o.device_seq";

    /**
     * Outbox entries with their records, as {@link #readOutbox} reads them: an entry on its way with
     * its record as it was sent (kept aside in {@code records_as_sent} if it has been overwritten
     * since), every other entry with its record as it is now.
     */
    static String outboxQuery(String where) {
        StringBuilder asSent = new StringBuilder();
        for (String column : (COLUMNS + ", head_revision, head_nonce, head_hash").split(", ")) {
            asSent.append(", CASE WHEN k.wire_seq IS NULL THEN r.").append(column).append(" ELSE k.").append(column).append(" END");
        }
        return "SELECT o.device_seq, o.record_id, o.wire_seq, o.urgent, r.kind" + asSent + ", o.sent_nonce, o.sent_ciphertext"
                + " FROM outbox o JOIN records r ON r.id = o.record_id LEFT JOIN records_as_sent k ON k.wire_seq = o.wire_seq"
                + " WHERE " + where + " LIMIT ?";
    }

    /**
     * Appends to {@code entries} up to {@code limit} outbox entries {@code where} (a condition and its
     * order); those sent under a wire number in {@code skip} are passed over unread.
     */
    private void readOutbox(String where, int limit, Set<Long> skip, List<OutboxEntry> entries) {
        if (limit <= 0) {
            return;
        }
        int wanted = entries.size() + limit;
        try {
            PreparedStatement ps = statement(outboxQuery(where));
            ps.setLong(1, (long) limit + skip.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (entries.size() < wanted && rs.next()) {
                    if (!skip.isEmpty()) {
                        long onItsWay = rs.getLong(3);
                        if (!rs.wasNull() && skip.contains(onItsWay)) {
                            continue;
                        }
                    }
                    UUID id = UUID.fromString(rs.getString(2));
                    StoredRecord record = decrypt(id, rs.getString(5), rs, 6);
                    if (record == null) {
                        log.warn("Outbox entry {} refers to damaged record {}", rs.getLong(1), id);
                        throw new DamagedRecordException(id, null);
                    }
                    long wire = rs.getLong(3);
                    Long wireSequence = rs.wasNull() ? null : wire;
                    byte[] sent = null;
                    byte[] frozen = rs.getBytes(17);
                    if (wireSequence != null && frozen != null) {
                        cipher.sideAad("sent", id, wireSequence);
                        sent = cipher.open(rs.getBytes(16), frozen);
                        if (sent == null) {
                            log.warn("Outbox entry {} (sent) is damaged", rs.getLong(1));
                            throw new DamagedRecordException(id, null);
                        }
                    }
                    entries.add(new OutboxEntry(rs.getLong(1), id, rs.getInt(4) != 0, record,
                            headVersion(id, rs.getLong(13), rs.getBytes(14), rs.getBytes(15)), wireSequence, sent));
                }
            }
        } catch (SQLException e) {
            throw sqlFailure("read the outbox", e);
        }
    }

    @Override
    public Optional<String> localValue(String key) {
        requireKey(key);
        return locked(() -> {
            try {
                PreparedStatement ps = statement("SELECT nonce, ciphertext FROM local_values WHERE key = ?");
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    cipher.localAad(key);
                    byte[] plain = cipher.open(rs.getBytes(1), rs.getBytes(2));
                    if (plain == null) {
                        log.warn("The local value '{}' is damaged", key);
                        throw new VaultException("The local value '" + key + "' is damaged and cannot be opened");
                    }
                    return Optional.of(new String(plain, StandardCharsets.UTF_8));
                }
            } catch (SQLException e) {
                throw sqlFailure("read a local value", e);
            }
        });
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

    private record Meta(String kind, long revision, long createdMicros, boolean deleted, boolean sealed) {
    }

    private Meta meta(UUID id) {
        try {
            selectOne.setString(1, id.toString());
            try (ResultSet rs = selectOne.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Meta(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(5) != 0, rs.getInt(6) != 0);
            }
        } catch (SQLException e) {
            throw sqlFailure("read a record", e);
        }
    }

    /** Decrypts the row at columns {@code from}… (revision, created, updated, deleted, sealed, nonce, ciphertext); null if damaged. */
    private StoredRecord decrypt(UUID id, String kind, ResultSet rs, int from) throws SQLException {
        long revision = rs.getLong(from);
        long created = rs.getLong(from + 1);
        long updated = rs.getLong(from + 2);
        boolean deleted = rs.getInt(from + 3) != 0;
        boolean sealed = rs.getInt(from + 4) != 0;
        byte[] nonce = rs.getBytes(from + 5);
        byte[] ciphertext = rs.getBytes(from + 6);
        if (kind == null) {
            return null;
        }
        cipher.recordAad(id, kind, revision, created, updated, deleted, sealed);
        byte[] body = cipher.open(nonce, ciphertext);
        if (body == null) {
            return null;
        }
        return new StoredRecord(id, kind, revision, instant(created), instant(updated), deleted, sealed, body);
    }

    private StoredRecord store(UUID id, String kind, long revision, long created, long updated,
                               boolean deleted, boolean sealed, byte[] body) {
        byte[] nonce = cipher.newNonce();
        cipher.recordAad(id, kind, revision, created, updated, deleted, sealed);
        byte[] ciphertext = cipher.seal(nonce, body);
        try {
            upsert.setString(1, id.toString());
            upsert.setString(2, kind);
            upsert.setLong(3, revision);
            upsert.setLong(4, created);
            upsert.setLong(5, updated);
            upsert.setInt(6, deleted ? 1 : 0);
            upsert.setInt(7, sealed ? 1 : 0);
            upsert.setBytes(8, nonce);
            upsert.setBytes(9, ciphertext);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw sqlFailure("store a record", e);
        }
        return new StoredRecord(id, kind, revision, instant(created), instant(updated), deleted, sealed, body);
    }

    /**
     * The record waits in the outbox: one waiting (unsent) entry a record, so saving it again only
     * makes that entry urgent if this change is; a record sent and changed since gets a new one.
     */
    private void queue(UUID id, boolean urgent, long now) {
        try {
            waitingEntry.setString(1, id.toString());
            try (ResultSet rs = waitingEntry.executeQuery()) {
                if (rs.next()) {
                    if (urgent && rs.getInt(2) == 0) {
                        try (PreparedStatement up = connection.prepareStatement("UPDATE outbox SET urgent = 1 WHERE device_seq = ?")) {
                            up.setLong(1, rs.getLong(1));
                            up.executeUpdate();
                        }
                    }
                    return;
                }
            }
            nextSequence.executeUpdate();
            long seq;
            try (ResultSet rs = readSequence.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            insertOutbox.setLong(1, seq);
            insertOutbox.setString(2, id.toString());
            insertOutbox.setLong(3, readHeadVersion(id).revision());
            insertOutbox.setInt(4, urgent ? 1 : 0);
            insertOutbox.setLong(5, now);
            insertOutbox.executeUpdate();
        } catch (SQLException e) {
            throw sqlFailure("queue an outbox entry", e);
        }
    }

    /**
     * Runs {@code body} under the lock as a transaction; nested, it needs no savepoint: for a write
     * that changes the file in at most one statement, after its checks (SQLite undoes a failed
     * statement by itself, so a failure leaves nothing of it to roll back). Sync's bulk work calls
     * these thousands of times within one transaction, where two more statements a call would cost
     * more than the write itself.
     */
    private <T> T writeOne(Supplier<T> body) {
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

    private static void requireKind(String kind) {
        if (kind == null || kind.isBlank() || kind.length() > 64) {
            throw new IllegalArgumentException("A record kind is a short non-blank name");
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("A local value key is a short non-blank name");
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
