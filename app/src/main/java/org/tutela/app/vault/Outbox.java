package org.tutela.app.vault;

import static org.tutela.app.vault.EnvelopeStore.nowMicros;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox of an {@link EnvelopeStore}: the changes waiting to go to head office. A change is
 * queued (one waiting entry a record), read back in the order it goes out, marked sent under a
 * wire number (kept as it was sent until head office answers) and acknowledged. Works under the
 * store's lock and in its transactions; the store prepares and closes the statements it is given.
 */
final class Outbox {
    /** The store's logger: the outbox's log lines are the vault store's, as they always were. */
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);

    /** The outbox's entries already given a wire number, in wire order (served by the index {@code outbox_on_its_way}). */
    static final String ON_THEIR_WAY = "o.wire_seq IS NOT NULL ORDER BY o.wire_seq";
    /** The outbox's entries waiting for a wire number, urgent ones first, then in the order they were made. */
    static final String WAITING = "o.wire_seq IS NULL ORDER BY o.urgent DESC, o.device_seq";

    private final EnvelopeStore store;
    private final RecordEnvelopes envelopes;
    private final Connection connection;
    private final RecordCipher cipher;
    private final HeadOfficeVersions headOfficeVersions;
    private final PreparedStatement waitingEntry;
    private final PreparedStatement nextSequence;
    private final PreparedStatement readSequence;
    private final PreparedStatement insertOutbox;

    Outbox(EnvelopeStore store, RecordEnvelopes envelopes, Connection connection, RecordCipher cipher,
           HeadOfficeVersions headOfficeVersions, PreparedStatement waitingEntry, PreparedStatement nextSequence, PreparedStatement readSequence,
           PreparedStatement insertOutbox) {
        this.store = store;
        this.envelopes = envelopes;
        this.connection = connection;
        this.cipher = cipher;
        this.headOfficeVersions = headOfficeVersions;
        this.waitingEntry = waitingEntry;
        this.nextSequence = nextSequence;
        this.readSequence = readSequence;
        this.insertOutbox = insertOutbox;
    }

    // ---------------------------------------------------------------- queueing a change

    /**
     * The record waits in the outbox: one waiting (unsent) entry a record, so saving it again only
     * makes that entry urgent if this change is; a record sent and changed since gets a new one.
     */
    void queue(UUID id, boolean urgent, long now) {
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
            insertOutbox.setLong(3, headOfficeVersions.readHeadVersion(id).revision());
            insertOutbox.setInt(4, urgent ? 1 : 0);
            insertOutbox.setLong(5, now);
            insertOutbox.executeUpdate();
        } catch (SQLException e) {
            throw store.sqlFailure("queue an outbox entry", e);
        }
    }

    void requeue(UUID id, boolean urgent) {
        Objects.requireNonNull(id, "id");
        store.write(() -> {
            if (envelopes.meta(id) == null) {
                throw new java.util.NoSuchElementException("There is no record " + id);
            }
            queue(id, urgent, nowMicros());
            return null;
        });
    }

    void discardWaiting(UUID id) {
        Objects.requireNonNull(id, "id");
        store.writeOne(() -> store.update("DELETE FROM outbox WHERE record_id = ? AND wire_seq IS NULL", id.toString()));
    }

    /** The device sequence of the record's waiting (unsent) entry; null if it has none. */
    Long waitingSequence(UUID id) {
        try {
            waitingEntry.setString(1, id.toString());
            try (ResultSet rs = waitingEntry.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            throw store.sqlFailure("read the outbox", e);
        }
    }

    // ---------------------------------------------------------------- reading what waits

    List<OutboxEntry> pendingOutbox(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        List<OutboxEntry> entries = new ArrayList<>();
        if (limit > 0) {
            eachPending(Set.of(), e -> {
                entries.add(e);
                return entries.size() < limit;
            });
        }
        return List.copyOf(entries);
    }

    void eachPending(Set<Long> onTheirWay, Predicate<OutboxEntry> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        store.locked(() -> {
            // Two queries, each served in order by an index, so a batch reads only what it takes: in one
            // ordered by "sent first", SQLite would sort the whole outbox, record bodies and all, every batch.
            if (visit(ON_THEIR_WAY, onTheirWay, visitor)) {
                visit(WAITING, Set.of(), visitor);
            }
            return null;
        });
    }

    /**
     * Outbox entries with their records, as {@link #visit} reads them: an entry on its way with
     * its record as it was sent (kept aside in {@code records_as_sent} if it has been overwritten
     * since), every other entry with its record as it is now.
     */
    static String outboxQuery(String where) {
        StringBuilder asSent = new StringBuilder();
        for (String column : (EnvelopeStore.COLUMNS + ", head_revision, head_nonce, head_hash").split(", ")) {
            asSent.append(", CASE WHEN k.wire_seq IS NULL THEN r.").append(column).append(" ELSE k.").append(column).append(" END");
        }
        return "SELECT o.device_seq, o.record_id, o.wire_seq, o.urgent, r.kind" + asSent + ", o.sent_nonce, o.sent_ciphertext"
                + " FROM outbox o JOIN records r ON r.id = o.record_id LEFT JOIN records_as_sent k ON k.wire_seq = o.wire_seq"
                + " WHERE " + where;
    }

    /**
     * Hands {@code visitor} the outbox entries {@code where} (a condition and its order), each read
     * and opened only when reached, until it answers false; those sent under a wire number in
     * {@code skip} are passed over unread. False if the visitor stopped.
     */
    private boolean visit(String where, Set<Long> skip, Predicate<OutboxEntry> visitor) {
        try {
            PreparedStatement ps = store.statement(outboxQuery(where));
            // no LIMIT: SQLite steps one row at a time, so only as far as the visitor goes is read
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!skip.isEmpty()) {
                        long onItsWay = rs.getLong(3);
                        if (!rs.wasNull() && skip.contains(onItsWay)) {
                            continue;
                        }
                    }
                    if (!visitor.test(entryAt(rs))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (SQLException e) {
            throw store.sqlFailure("read the outbox", e);
        }
    }

    /**
     * The entry on the result set's row, its record and any copy kept of what was sent opened. A
     * method of its own, apart from the loop over the rows: it runs once an entry, so the optimising
     * compiler takes it in a push's first batches. Inside the loop, which runs once a batch, it was
     * optimised only with the loop, some fifty batches in, the two together in 0.27 s (55 KB of code)
     * in the middle of a push.
     */
    private OutboxEntry entryAt(ResultSet rs) throws SQLException {
        UUID id = UUID.fromString(rs.getString(2));
        StoredRecord record = envelopes.decrypt(id, rs.getString(5), rs, 6);
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
        return new OutboxEntry(rs.getLong(1), id, rs.getInt(4) != 0, record,
                headOfficeVersions.headVersion(id, rs.getLong(13), rs.getBytes(14), rs.getBytes(15)), wireSequence, sent);
    }

    java.util.Set<UUID> recordsInOutbox(boolean sentOnly) {
        return store.ids(sentOnly ? "SELECT record_id FROM outbox WHERE wire_seq IS NOT NULL" : "SELECT record_id FROM outbox");
    }

    // ---------------------------------------------------------------- marking it sent

    void markSent(long deviceSequence, long wireSequence, Supplier<byte[]> sent, long revision) {
        Objects.requireNonNull(sent, "sent");
        store.lock.lock();
        try {
            store.requireOpen();
            // the usual case, in one statement: the record unchanged since it was read, so it is what
            // was sent and nothing is frozen (the trigger record_kept_as_sent keeps it aside if it is
            // overwritten before head office answers)
            int marked = store.writeOne(() -> {
                try {
                    PreparedStatement up = store.statement("UPDATE outbox SET wire_seq = ?, sent_nonce = NULL, sent_ciphertext = NULL"
                            + " WHERE device_seq = ? AND (SELECT r.revision FROM records r WHERE r.id = outbox.record_id) = ?");
                    up.setLong(1, wireSequence);
                    up.setLong(2, deviceSequence);
                    up.setLong(3, revision);
                    return up.executeUpdate();
                } catch (SQLException e) {
                    throw store.sqlFailure("note a sent outbox entry", e);
                }
            });
            if (marked == 1) {
                return;
            }
            UUID id;
            boolean urgent;
            try {
                PreparedStatement ps = store.statement("SELECT o.record_id, o.urgent FROM outbox o WHERE o.device_seq = ?");
                ps.setLong(1, deviceSequence);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new java.util.NoSuchElementException("There is no outbox entry " + deviceSequence);
                    }
                    id = UUID.fromString(rs.getString(1));
                    urgent = rs.getInt(2) != 0;
                }
            } catch (SQLException e) {
                throw store.sqlFailure("read the outbox", e);
            }
            // the entry is there, so its record was saved again since it was read: what was sent is an
            // earlier version, frozen here, and the later one waits anew
            byte[] nonce = cipher.newNonce();
            byte[] frozen = sealSent(id, wireSequence, nonce, Objects.requireNonNull(sent.get(), "sent"));
            store.write(() -> {
                try {
                    PreparedStatement up = store.statement("UPDATE outbox SET wire_seq = ?, sent_nonce = ?, sent_ciphertext = ? WHERE device_seq = ?");
                    up.setLong(1, wireSequence);
                    up.setBytes(2, nonce);
                    up.setBytes(3, frozen);
                    up.setLong(4, deviceSequence);
                    up.executeUpdate();
                } catch (SQLException e) {
                    throw store.sqlFailure("note a sent outbox entry", e);
                }
                queue(id, urgent, nowMicros());
                return null;
            });
        } finally {
            store.lock.unlock();
        }
    }

    /** A frozen copy of what was sent, sealed and bound to its record and wire number. */
    private byte[] sealSent(UUID id, long wireSequence, byte[] nonce, byte[] sent) {
        cipher.sideAad("sent", id, wireSequence);
        return cipher.seal(nonce, sent);
    }

    void unsendAll() {
        store.write(() -> {
            eraseKeptAsSent();
            // a record sent and changed since waits twice now: keep only its latest entry
            store.update("DELETE FROM outbox WHERE wire_seq IS NOT NULL AND record_id IN"
                    + " (SELECT record_id FROM outbox WHERE wire_seq IS NULL)", null);
            return store.update("UPDATE outbox SET wire_seq = NULL, sent_nonce = NULL, sent_ciphertext = NULL WHERE wire_seq IS NOT NULL", null);
        });
    }

    /**
     * Records kept as they were sent (overwritten while on their way) go when their entries are
     * answered or numbered anew; one may be the open version of a tutorial sealed since, so, as for
     * the sealing itself, it is erased from the file at commit. Rare: the table is almost always empty.
     */
    private void eraseKeptAsSent() {
        try (ResultSet rs = store.statement("SELECT EXISTS (SELECT 1 FROM records_as_sent)").executeQuery()) {
            if (rs.next() && rs.getInt(1) != 0) {
                store.eraseAtCommit();
            }
        } catch (SQLException e) {
            throw store.sqlFailure("read what sync keeps", e);
        }
    }

    // ---------------------------------------------------------------- acknowledging it

    void acknowledge(List<Long> deviceSequences) {
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
        store.writeOne(() -> {
            try {
                eraseKeptAsSent();
                PreparedStatement ps = store.statement("DELETE FROM outbox WHERE device_seq IN (SELECT value FROM json_each(?))");
                ps.setString(1, sequences);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw store.sqlFailure("acknowledge outbox entries", e);
            }
            return null;
        });
    }
}
