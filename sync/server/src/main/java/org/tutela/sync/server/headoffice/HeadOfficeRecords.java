package org.tutela.sync.server.headoffice;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.IdLists;

/**
 * The one writer of records authored by head office (organisation, groups, learners). They are
 * stored in {@code records} exactly as a device's pushed change would be, so every laptop in
 * scope receives them through the ordinary pull and the laptop's conflict rules apply to them.
 *
 * <p>Everything that changes a head-office record reads it with {@link #lockAndRead} (or
 * {@link #lockAndReadKind}) and stores it with {@link #write}, inside one transaction: the
 * sequence lock is taken before the read, so no push can slip a tutor's change in between
 * (head office's change is made on top of the version it read; a laptop that changed the same
 * record meanwhile gets a conflict at its next push).
 */
public final class HeadOfficeRecords {
    private static final String COLUMNS =
            "record_id, kind, revision, updated_at, deleted, sealed, learner_id, group_id, schema_version, server_seq, payload";

    /** A record as head office wants it to be stored. Routing as docs/sync-protocol.md section 7 states it. */
    public record Change(UUID recordId, String kind, UUID learnerId, UUID groupId, String payload) {
        public Change {
            Objects.requireNonNull(recordId);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(payload);
        }
    }

    /** The kinds head office writes. */
    static final java.util.Set<String> KINDS = java.util.Set.of(RecordKinds.ORGANISATION, RecordKinds.GROUP, RecordKinds.LEARNER);

    private final Database db;

    public HeadOfficeRecords(Database db) {
        this.db = db;
    }

    /** Takes the sequence lock (held to commit), then reads the records stored under these ids. */
    public Map<UUID, SyncRecord> lockAndRead(Connection c, Collection<UUID> ids) throws SQLException {
        db.lockSequences(c);
        Map<UUID, SyncRecord> out = new HashMap<>();
        IdLists.eachRow(c, "SELECT " + COLUMNS + " FROM records WHERE record_id IN (%s)",
                ids.stream().map(UUID::toString).distinct().toList(), rs -> {
                    SyncRecord r = read(rs);
                    out.put(r.recordId(), r);
                });
        return out;
    }

    /** Takes the sequence lock (held to commit), then reads every live, unsealed record of a kind. */
    public List<SyncRecord> lockAndReadKind(Connection c, String kind) throws SQLException {
        db.lockSequences(c);
        return readKind(c, kind);
    }

    /** Every live, unsealed record of a kind, without the lock (for pages that only show them). */
    public List<SyncRecord> readKind(Connection c, String kind) throws SQLException {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("Head office reads only the kinds it writes");
        }
        List<SyncRecord> out = new ArrayList<>();
        // the kind written into the statement, not bound: only then can SQLite and PostgreSQL use
        // the partial index of that kind (V30) instead of reading every record
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM records WHERE kind = '" + kind
                + "' AND deleted = ? AND sealed = ?")) {
            q.setBoolean(1, false);
            q.setBoolean(2, false);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    /**
     * Stores head office's changes, in the order given, inside the caller's transaction: under the
     * sequence lock each changed record gets the next server sequence, revision = the stored
     * revision + 1 (1 for a new record), {@code updatedAt} now and no origin device (so every
     * device in scope pulls it, the tutor's own included). A change equal to what is stored
     * (same kind, routing and JSON, not deleted) is skipped, so importing the same file twice
     * writes nothing. Returns the records as stored.
     *
     * <p>This is the only place head office writes {@code records}: when the rules for revisions
     * change (server-assigned versions, a hash of the version a change was based on), this method
     * is the one to adapt.
     */
    public List<SyncRecord> write(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return List.of();
        }
        Map<UUID, Change> byId = new LinkedHashMap<>();
        for (Change ch : changes) {
            byId.remove(ch.recordId()); // a record's last change goes last
            byId.put(ch.recordId(), ch);
        }
        Database.Counter counter = db.lockSequences(c);
        Map<UUID, SyncRecord> stored = lockAndRead(c, byId.keySet());
        long last = counter.lastSequence();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<SyncRecord> inserts = new ArrayList<>();
        List<SyncRecord> updates = new ArrayList<>();
        for (Change ch : byId.values()) {
            SyncRecord old = stored.get(ch.recordId());
            if (old != null && sameAs(old, ch)) {
                continue;
            }
            if (old != null && old.sealed()) {
                throw new IllegalStateException("A sealed record is never rewritten by head office");
            }
            SyncRecord next = new SyncRecord(ch.recordId(), ch.kind(), old == null ? 1 : old.revision() + 1, now, false, false,
                    ch.learnerId(), ch.groupId(), Protocol.RECORD_SCHEMA_VERSION, ++last, ch.payload());
            (old == null ? inserts : updates).add(next);
        }
        if (inserts.isEmpty() && updates.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO records (" + COLUMNS + ", content_hash, origin_device_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
            for (SyncRecord r : inserts) {
                bind(ins, r, 1);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE records SET record_id = ?, kind = ?, revision = ?, updated_at = ?,"
                + " deleted = ?, sealed = ?, learner_id = ?, group_id = ?, schema_version = ?, server_seq = ?, payload = ?,"
                + " content_hash = ?, origin_device_id = NULL WHERE record_id = ?")) {
            for (SyncRecord r : updates) {
                bind(up, r, 1);
                up.setString(13, r.recordId().toString());
                up.addBatch();
            }
            up.executeBatch();
        }
        db.setLastSequence(c, last);
        List<SyncRecord> written = new ArrayList<>(inserts);
        written.addAll(updates);
        written.sort(java.util.Comparator.comparingLong(SyncRecord::serverSequence));
        return written;
    }

    private static boolean sameAs(SyncRecord old, Change ch) {
        if (old.deleted() || old.sealed() || !old.kind().equals(ch.kind()) || !Objects.equals(old.learnerId(), ch.learnerId())
                || !Objects.equals(old.groupId(), ch.groupId()) || old.payload() == null) {
            return false;
        }
        if (old.payload().equals(ch.payload())) {
            return true;
        }
        try {
            JsonNode a = Payloads.mapper().readTree(old.payload());
            JsonNode b = Payloads.mapper().readTree(ch.payload());
            return a.equals(b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void bind(PreparedStatement st, SyncRecord r, int from) throws SQLException {
        int i = from;
        st.setString(i++, r.recordId().toString());
        st.setString(i++, r.kind());
        st.setLong(i++, r.revision());
        st.setString(i++, r.updatedAt().toString());
        st.setBoolean(i++, r.deleted());
        st.setBoolean(i++, r.sealed());
        st.setString(i++, r.learnerId() == null ? null : r.learnerId().toString());
        st.setString(i++, r.groupId() == null ? null : r.groupId().toString());
        st.setInt(i++, r.schemaVersion());
        st.setLong(i++, r.serverSequence());
        st.setString(i++, r.payload());
        // a push compares a change's base with the hash stored here (see SyncService)
        st.setString(i, Versions.hash(r.deleted(), r.payload()));
    }

    private static SyncRecord read(ResultSet rs) throws SQLException {
        String l = rs.getString(7);
        String g = rs.getString(8);
        return new SyncRecord(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getLong(3), Instant.parse(rs.getString(4)),
                rs.getBoolean(5), rs.getBoolean(6), l == null ? null : UUID.fromString(l), g == null ? null : UUID.fromString(g),
                rs.getInt(9), rs.getLong(10), rs.getString(11));
    }

    /** The routing a head-office record of this kind carries. */
    static Change organisation(String payload) {
        return new Change(RecordKinds.ORGANISATION_ID, RecordKinds.ORGANISATION, null, null, payload);
    }
}
