package org.tutela.app.vault;

import static org.tutela.app.vault.EnvelopeStore.instant;
import static org.tutela.app.vault.EnvelopeStore.requireKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of an {@link EnvelopeStore}, each an envelope sealed with its plain columns as
 * associated data: one sealed and written, one read and opened, or every record of a kind (the
 * live ones, or the tombstones) read in one query and opened by several threads at once, which is
 * what an unlock waits for. Keeps the spare ciphers of those threads, and every cipher the store
 * made, so that locking can make them forget the key. Works under the store's lock and in its
 * transactions; the store prepares and closes the statements it is given.
 */
final class RecordEnvelopes {
    /** The store's logger: these log lines are the vault store's, as they always were. */
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);

    private final EnvelopeStore store;
    private final AesKey dataKey;
    private final java.security.SecureRandom random;
    /** The store's own, used under the lock by every single-record operation. */
    private final RecordCipher cipher;
    private final PreparedStatement selectOne;
    private final PreparedStatement selectKind;
    private final PreparedStatement upsert;
    /** Ciphers for the decrypting workers of {@link #list}: each borrowed by one thread at a time. */
    private final java.util.concurrent.ConcurrentLinkedQueue<RecordCipher> spareCiphers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<RecordCipher> allCiphers = new java.util.concurrent.CopyOnWriteArrayList<>();

    RecordEnvelopes(EnvelopeStore store, AesKey dataKey, java.security.SecureRandom random, RecordCipher cipher,
                    PreparedStatement selectOne, PreparedStatement selectKind, PreparedStatement upsert) {
        this.store = store;
        this.dataKey = dataKey;
        this.random = random;
        this.cipher = cipher;
        this.selectOne = selectOne;
        this.selectKind = selectKind;
        this.upsert = upsert;
        allCiphers.add(cipher);
    }

    // ---------------------------------------------------------------- one record

    /** What a record's row says in plain: enough for a write to check and number its next revision. */
    record Meta(String kind, long revision, long createdMicros, boolean deleted, boolean sealed) {
    }

    Meta meta(UUID id) {
        try {
            selectOne.setString(1, id.toString());
            try (ResultSet rs = selectOne.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Meta(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(5) != 0, rs.getInt(6) != 0);
            }
        } catch (SQLException e) {
            throw store.sqlFailure("read a record", e);
        }
    }

    Optional<StoredRecord> get(UUID id) {
        Objects.requireNonNull(id, "id");
        return store.locked(() -> {
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
                throw store.sqlFailure("read a record", e);
            }
        });
    }

    /** Decrypts the row at columns {@code from}… (revision, created, updated, deleted, sealed, nonce, ciphertext); null if damaged. */
    StoredRecord decrypt(UUID id, String kind, ResultSet rs, int from) throws SQLException {
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

    /** Seals and writes a record's row (not its head-office version); returns the record as stored. */
    StoredRecord store(UUID id, String kind, long revision, long created, long updated,
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
            throw store.sqlFailure("store a record", e);
        }
        return new StoredRecord(id, kind, revision, instant(created), instant(updated), deleted, sealed, body);
    }

    // ---------------------------------------------------------------- every record of a kind

    /**
     * One query; rows are handed in batches to decrypting workers (the common fork-join pool,
     * plus this thread once the rows are read), so reading from SQLite and decrypting overlap.
     * Everything happens under the lock: the vault cannot be locked while a worker holds the key.
     */
    RecordList list(String kind, boolean deletedOnes) {
        requireKind(kind);
        return store.locked(() -> {
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
                throw store.sqlFailure("list records", e);
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
        store.lock.lock();
        try {
            for (RecordCipher c : allCiphers) {
                c.forget();
            }
            spareCiphers.clear();
        } finally {
            store.lock.unlock();
        }
    }
}
