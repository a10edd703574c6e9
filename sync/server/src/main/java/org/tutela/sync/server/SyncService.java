package org.tutela.sync.server;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;

/**
 * Push and pull, exactly as docs/sync-protocol.md states them. The request has been checked
 * for shape and versions before it gets here.
 */
public final class SyncService {
    private static final String RECORD_COLUMNS =
            "record_id, kind, revision, updated_at, deleted, sealed, learner_id, group_id, schema_version, server_seq, payload, origin_device_id";

    /** PostgreSQL array type, and Java element class, of each of {@link #RECORD_COLUMNS} (see {@link #columnValues}). */
    private static final String[] COLUMN_TYPES =
            {"varchar", "varchar", "int8", "varchar", "bool", "bool", "varchar", "varchar", "int4", "int8", "text", "varchar"};
    private static final Class<?>[] COLUMN_CLASSES = {String.class, String.class, Long.class, String.class, Boolean.class,
            Boolean.class, String.class, String.class, Integer.class, Long.class, String.class, String.class};
    /** PostgreSQL: a batch of records as one row set, a column per array parameter (see writeRecordsPostgres). */
    private static final String RECORD_ARRAYS = "unnest(" + String.join(", ",
            java.util.Arrays.stream(COLUMN_TYPES).map(t -> "?::" + t + "[]").toList()) + ")";
    private static final String UPDATE_FROM_U = "kind = u.kind, revision = u.revision, updated_at = u.updated_at, deleted = u.deleted,"
            + " sealed = u.sealed, learner_id = u.learner_id, group_id = u.group_id, schema_version = u.schema_version,"
            + " server_seq = u.server_seq, payload = u.payload, origin_device_id = u.origin_device_id";

    private final Database db;
    /** Test seam: runs inside each push transaction just before it commits (to widen race windows). */
    volatile Runnable beforeCommit = () -> { };

    public SyncService(Database db) {
        this.db = db;
    }

    /** What the caller may read and write. */
    record Scope(boolean all, Set<String> learners, Set<String> groups) {
        boolean covers(String learnerId, String groupId) {
            return all || (learnerId != null && learners.contains(learnerId)) || (groupId != null && groups.contains(groupId));
        }
    }

    private record Receipt(long deviceSeq, String recordId, EntryStatus status, Long serverSeq, String code, String reason,
                           Integer httpStatus) {
    }

    /** Summary of a push for the log: counts only. */
    public record PushOutcome(PushResponse response, int applied, int duplicates, int conflicts, int rejected) {
    }

    /**
     * What the batches committed together share: the sequence lock, taken before the first batch
     * and held to commit (see {@link Database}); the epoch and the last sequence read under it,
     * numbers then handed out here and written back once; and each tutor's scope.
     */
    static final class Group {
        private final String epoch;
        private final long lastCommitted;
        private long last;
        private final Map<String, Scope> scopes = new HashMap<>();

        private Group(Database.Counter counter) {
            this.epoch = counter.epoch();
            this.lastCommitted = counter.lastSequence();
            this.last = lastCommitted;
        }

        /** Where the numbers stand before a batch, to return to if its savepoint is rolled back. */
        long mark() {
            return last;
        }

        void rollBackTo(long mark) {
            last = mark;
        }

        private long allocate(int count) {
            long first = last + 1;
            last += count;
            return first;
        }
    }

    /** Locks the sequence counter for a group of batches. */
    Group openGroup(Connection c) throws SQLException {
        return new Group(db.lockSequences(c));
    }

    /** Writes back the numbers the group took, inside its transaction. */
    void closeGroup(Connection c, Group group) throws SQLException {
        if (group.last != group.lastCommitted) {
            db.setLastSequence(c, group.last);
        }
    }

    /**
     * Applies one batch inside the caller's transaction (see {@link GroupCommitter}, which
     * commits several batches at once). Throws {@link ApiException} before writing anything when
     * the batch is refused as a whole.
     */
    PushOutcome pushIn(Connection c, Group group, Accounts.Caller caller, PushRequest req) throws Exception {
        List<PushEntry> entries = req.entries();
        {
            String epoch = group.epoch;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (PushEntry e : entries) {
                min = Math.min(min, e.deviceSequence());
                max = Math.max(max, e.deviceSequence());
            }
            long acked;
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT acked_seq, revoked_at FROM devices WHERE id = ?" + db.forUpdate())) {
                q.setString(1, caller.deviceId());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiException.of(401, ErrorCodes.UNAUTHORIZED, "Unknown device");
                    }
                    acked = rs.getLong(1);
                    rs.getLong(2);
                    if (!rs.wasNull()) {
                        throw ApiException.of(401, ErrorCodes.UNAUTHORIZED, "This device has been revoked; enrol it again");
                    }
                }
            }
            if (req.serverEpoch() != null && !req.serverEpoch().equals(epoch)) {
                throw new ApiException(409, new ErrorBody(ErrorCodes.EPOCH_CHANGED,
                        "The server was restored from a backup: re-send your changes from expectedSequence, then pull in full",
                        "serverEpoch", null, null, acked + 1, epoch, null));
            }
            // Earlier answers for the sequences in this batch, and any received ahead of the acknowledged
            // one. A stored run may start before min (so the last row at or before min is read too);
            // a run holding anything beyond the acknowledged sequence starts beyond it.
            Map<Long, Receipt> prior = new HashMap<>();
            Set<Long> receivedAhead = new HashSet<>();
            if (!entries.isEmpty()) {
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT device_seq, run_length, record_id, status, server_seq, code, reason, http_status FROM receipts"
                                + " WHERE device_id = ? AND ((device_seq >= COALESCE((SELECT MAX(device_seq) FROM receipts"
                                + " WHERE device_id = ? AND device_seq <= ?), ?) AND device_seq <= ?) OR device_seq > ?)")) {
                    q.setString(1, caller.deviceId());
                    q.setString(2, caller.deviceId());
                    q.setLong(3, min);
                    q.setLong(4, min);
                    q.setLong(5, max);
                    q.setLong(6, acked);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            long first = rs.getLong(1);
                            int run = rs.getInt(2);
                            String firstRecord = rs.getString(3);
                            EntryStatus status = EntryStatus.valueOf(rs.getString(4));
                            Long serverSeq = (Long) nullableLong(rs, 5);
                            String code = rs.getString(6);
                            String reason = rs.getString(7);
                            Integer http = (Integer) nullableInt(rs, 8);
                            for (int k = 0; k < run; k++) {
                                long ds = first + k;
                                if (ds >= min && ds <= max) {
                                    prior.put(ds, new Receipt(ds, k == 0 ? firstRecord : null, status,
                                            serverSeq == null ? null : serverSeq + k, code, reason, http));
                                }
                                if (ds > acked) {
                                    receivedAhead.add(ds);
                                }
                            }
                        }
                    }
                }
            }
            List<PushEntry> duplicates = new ArrayList<>();
            List<PushEntry> fresh = new ArrayList<>();
            for (PushEntry e : entries) {
                if (e.deviceSequence() <= acked || prior.containsKey(e.deviceSequence())) {
                    duplicates.add(e);
                } else {
                    fresh.add(e);
                }
            }
            // gap-free: every new non-urgent entry must follow on from what was received
            Set<Long> have = new HashSet<>(receivedAhead);
            for (PushEntry e : fresh) {
                have.add(e.deviceSequence());
            }
            long contiguous = acked;
            while (have.contains(contiguous + 1)) {
                contiguous++;
            }
            for (int i = 0; i < entries.size(); i++) {
                PushEntry e = entries.get(i);
                if (!Boolean.TRUE.equals(e.urgent()) && e.deviceSequence() > contiguous && !prior.containsKey(e.deviceSequence())) {
                    throw new ApiException(409, new ErrorBody(ErrorCodes.SEQUENCE_GAP,
                            "Device sequence " + (contiguous + 1) + " is missing: send the outbox from there, in order",
                            "entries[" + i + "].deviceSequence", null, null, contiguous + 1, epoch, null));
                }
            }
            fresh.sort(Comparator.comparing((PushEntry e) -> !Boolean.TRUE.equals(e.urgent()))
                    .thenComparingLong(PushEntry::deviceSequence));
            duplicates.sort(Comparator.comparingLong(PushEntry::deviceSequence));

            Scope scope = group.scopes.get(caller.userId());
            if (scope == null) {
                scope = loadScope(c, caller);
                group.scopes.put(caller.userId(), scope);
            }
            Set<String> ids = new LinkedHashSet<>();
            for (PushEntry e : entries) {
                ids.add(e.recordId().toString());
            }
            Map<String, SyncRecord> current = loadRecords(c, ids);
            Set<String> stored = new HashSet<>(current.keySet());

            List<EntryResult> results = new ArrayList<>();
            List<Receipt> receipts = new ArrayList<>();
            List<SyncRecord> writes = new ArrayList<>();
            int conflicts = 0;
            int rejected = 0;
            List<Integer> appliedIdx = new ArrayList<>();
            for (PushEntry e : fresh) {
                String rid = e.recordId().toString();
                SyncRecord existing = current.get(rid);
                EntryResult r = decide(e, existing, scope);
                if (r == null) {
                    SyncRecord next = toRecord(e, req.schemaVersion(), 0);
                    current.put(rid, next);
                    appliedIdx.add(results.size());
                    writes.add(next);
                    results.add(null);
                    receipts.add(null);
                } else {
                    if (r.status() == EntryStatus.CONFLICT) {
                        conflicts++;
                    } else {
                        rejected++;
                    }
                    results.add(r);
                    receipts.add(new Receipt(e.deviceSequence(), rid, r.status(), null, r.code(), r.reason(), r.httpStatus()));
                }
            }
            if (!writes.isEmpty()) {
                long seq = group.allocate(writes.size());
                for (int k = 0; k < writes.size(); k++) {
                    SyncRecord w = writes.get(k);
                    SyncRecord stamped = new SyncRecord(w.recordId(), w.kind(), w.revision(), w.updatedAt(), w.deleted(),
                            w.sealed(), w.learnerId(), w.groupId(), w.schemaVersion(), seq + k, w.payload());
                    writes.set(k, stamped);
                    current.put(stamped.recordId().toString(), stamped);
                }
                // several entries of one batch may touch the same record: keep each one's own sequence in the answer
                for (int k = 0; k < appliedIdx.size(); k++) {
                    int at = appliedIdx.get(k);
                    PushEntry e = fresh.get(at);
                    results.set(at, EntryResult.applied(e.deviceSequence(), e.recordId(), seq + k));
                    receipts.set(at, new Receipt(e.deviceSequence(), e.recordId().toString(), EntryStatus.APPLIED, seq + k,
                            null, null, null));
                }
                writeRecords(c, writes, stored, caller.deviceId());
                // a conflict with a record written earlier in this batch carries it as stamped
                for (int i = 0; i < results.size(); i++) {
                    EntryResult r = results.get(i);
                    if (r.status() == EntryStatus.CONFLICT) {
                        results.set(i, EntryResult.conflict(r.deviceSequence(), r.recordId(), current.get(r.recordId().toString())));
                    }
                }
            }
            writeReceipts(c, caller.deviceId(), receipts);

            List<EntryResult> answer = new ArrayList<>();
            for (PushEntry e : duplicates) {
                Receipt p = prior.get(e.deviceSequence());
                if (p == null) {
                    answer.add(new EntryResult(e.deviceSequence(), e.recordId(), EntryStatus.DUPLICATE, null, null, null,
                            "Already received", null, null));
                    continue;
                }
                SyncRecord serverRecord = p.status() == EntryStatus.CONFLICT ? visible(current.get(p.recordId()), scope) : null;
                // inside a stored run only the first entry's record is kept; the others name their own
                UUID recordId = p.recordId() == null ? e.recordId() : UUID.fromString(p.recordId());
                answer.add(new EntryResult(e.deviceSequence(), recordId, EntryStatus.DUPLICATE,
                        p.serverSeq(), p.status(), p.code(), p.reason(), p.httpStatus(), serverRecord));
            }
            answer.addAll(results);

            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE devices SET acked_seq = ?, entries_received = entries_received + ?, last_push_at = ? WHERE id = ?")) {
                up.setLong(1, contiguous);
                up.setLong(2, fresh.size());
                up.setLong(3, System.currentTimeMillis());
                up.setString(4, caller.deviceId());
                up.executeUpdate();
            }
            PushResponse response = new PushResponse(Protocol.PROTOCOL_VERSION, epoch, contiguous, answer);
            return new PushOutcome(response, writes.size(), duplicates.size(), conflicts, rejected);
        }
    }

    private static SyncRecord visible(SyncRecord r, Scope scope) {
        if (r == null) {
            return null;
        }
        String l = r.learnerId() == null ? null : r.learnerId().toString();
        String g = r.groupId() == null ? null : r.groupId().toString();
        return scope.covers(l, g) ? r : null;
    }

    /** Null when the entry applies; otherwise its CONFLICT or REJECTED answer. */
    private static EntryResult decide(PushEntry e, SyncRecord existing, Scope scope) {
        long seq = e.deviceSequence();
        UUID rid = e.recordId();
        if (!RecordKinds.isKnown(e.kind())) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.UNKNOWN_KIND,
                    "Unknown record kind; known: " + new java.util.TreeSet<>(RecordKinds.KNOWN));
        }
        if (e.baseRevision() < 0 || e.revision() <= e.baseRevision()) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "revision must be greater than baseRevision (and baseRevision at least 0)");
        }
        boolean deleted = Boolean.TRUE.equals(e.deleted());
        if (e.payload() == null && !deleted) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "payload is required unless deleted is true");
        }
        if (e.payload() != null && utf8Length(e.payload()) > Protocol.MAX_PAYLOAD_BYTES) {
            return EntryResult.rejected(seq, rid, 413, ErrorCodes.PAYLOAD_TOO_LARGE,
                    "payload is larger than " + Protocol.MAX_PAYLOAD_BYTES + " bytes");
        }
        String learner = e.learnerId() == null ? null : e.learnerId().toString();
        String group = e.groupId() == null ? null : e.groupId().toString();
        if (e.kind().equals(RecordKinds.LEARNER)) {
            if (learner != null && !learner.equals(rid.toString())) {
                return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "a learner record's learnerId is its own recordId");
            }
            learner = rid.toString();
        } else if (e.kind().equals(RecordKinds.GROUP)) {
            if (group != null && !group.equals(rid.toString())) {
                return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "a group record's groupId is its own recordId");
            }
            group = rid.toString();
        } else if (learner == null && group == null) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY,
                    "a " + e.kind() + " record needs learnerId or groupId (routing metadata for scope)");
        }
        if (!scope.covers(learner, group)) {
            return EntryResult.rejected(seq, rid, 403, ErrorCodes.OUT_OF_SCOPE, "This record is outside your caseload");
        }
        if (existing != null) {
            String el = existing.learnerId() == null ? null : existing.learnerId().toString();
            String eg = existing.groupId() == null ? null : existing.groupId().toString();
            if (!scope.covers(el, eg)) {
                return EntryResult.rejected(seq, rid, 403, ErrorCodes.OUT_OF_SCOPE, "This record is outside your caseload");
            }
            if (!existing.kind().equals(e.kind())) {
                return EntryResult.rejected(seq, rid, 422, ErrorCodes.KIND_CHANGED, "A record keeps its kind (server has " + existing.kind() + ")");
            }
            if (existing.revision() != e.baseRevision()) {
                return EntryResult.conflict(seq, rid, existing);
            }
        }
        return null;
    }

    private static int utf8Length(String s) {
        if (s.length() * 3L <= Protocol.MAX_PAYLOAD_BYTES) {
            return s.length();
        }
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static SyncRecord toRecord(PushEntry e, int schemaVersion, long seq) {
        UUID learner = e.learnerId();
        UUID group = e.groupId();
        if (e.kind().equals(RecordKinds.LEARNER)) {
            learner = e.recordId();
        } else if (e.kind().equals(RecordKinds.GROUP)) {
            group = e.recordId();
        }
        return new SyncRecord(e.recordId(), e.kind(), e.revision(), e.updatedAt(), Boolean.TRUE.equals(e.deleted()),
                Boolean.TRUE.equals(e.sealed()), learner, group, schemaVersion, seq, e.payload());
    }

    Scope loadScope(Connection c, Accounts.Caller caller) throws SQLException {
        if (caller.role().organisationWide()) {
            return new Scope(true, Set.of(), Set.of());
        }
        Set<String> learners = new HashSet<>();
        Set<String> groups = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT scope_type, scope_id FROM caseload WHERE tutor_id = ?")) {
            q.setString(1, caller.userId());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    (Accounts.SCOPE_LEARNER.equals(rs.getString(1)) ? learners : groups).add(rs.getString(2));
                }
            }
        }
        return new Scope(false, learners, groups);
    }

    private Map<String, SyncRecord> loadRecords(Connection c, Set<String> ids) throws SQLException {
        Map<String, SyncRecord> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 200) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 200));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement q = c.prepareStatement("SELECT " + RECORD_COLUMNS + " FROM records WHERE record_id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        SyncRecord r = readRecord(rs);
                        out.put(r.recordId().toString(), r);
                    }
                }
            }
        }
        return out;
    }

    private static SyncRecord readRecord(ResultSet rs) throws SQLException {
        String l = rs.getString(7);
        String g = rs.getString(8);
        return new SyncRecord(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getLong(3), Instant.parse(rs.getString(4)),
                rs.getBoolean(5), rs.getBoolean(6), l == null ? null : UUID.fromString(l), g == null ? null : UUID.fromString(g),
                rs.getInt(9), rs.getLong(10), rs.getString(11));
    }

    /** Inserts the records new to the server and updates those {@code stored} already. */
    private void writeRecords(Connection c, List<SyncRecord> writes, Set<String> stored, String deviceId) throws SQLException {
        // the last write of a record in this batch wins (entries are applied in order)
        Map<String, SyncRecord> last = new LinkedHashMap<>();
        for (SyncRecord w : writes) {
            last.put(w.recordId().toString(), w);
        }
        List<SyncRecord> inserts = new ArrayList<>();
        List<SyncRecord> updates = new ArrayList<>();
        for (SyncRecord w : last.values()) {
            (stored.contains(w.recordId().toString()) ? updates : inserts).add(w);
        }
        if (db.isPostgres()) {
            writeRecordsPostgres(c, "INSERT INTO records (" + RECORD_COLUMNS + ") SELECT * FROM " + RECORD_ARRAYS, inserts, deviceId);
            writeRecordsPostgres(c, "UPDATE records AS r SET " + UPDATE_FROM_U + " FROM " + RECORD_ARRAYS + " AS u (" + RECORD_COLUMNS
                    + ") WHERE r.record_id = u.record_id", updates, deviceId);
        } else {
            writeRecordsByRow(c, "INSERT INTO records (" + RECORD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts, deviceId);
            writeRecordsByRow(c, "UPDATE records SET record_id = ?, kind = ?, revision = ?, updated_at = ?, deleted = ?, sealed = ?,"
                    + " learner_id = ?, group_id = ?, schema_version = ?, server_seq = ?, payload = ?, origin_device_id = ?"
                    + " WHERE record_id = ?", updates, deviceId);
        }
    }

    /** One record's values in {@link #RECORD_COLUMNS} order. */
    private static Object[] columnValues(SyncRecord w, String deviceId) {
        return new Object[] {w.recordId().toString(), w.kind(), w.revision(), w.updatedAt().toString(), w.deleted(), w.sealed(),
                w.learnerId() == null ? null : w.learnerId().toString(), w.groupId() == null ? null : w.groupId().toString(),
                w.schemaVersion(), w.serverSequence(), w.payload(), deviceId};
    }

    /** SQLite: one statement a row, in one JDBC batch; parameters in {@link #RECORD_COLUMNS} order, then the id again. */
    private static void writeRecordsByRow(Connection c, String sql, List<SyncRecord> rows, String deviceId) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        boolean update = sql.startsWith("UPDATE");
        try (PreparedStatement up = c.prepareStatement(sql)) {
            for (SyncRecord w : rows) {
                Object[] values = columnValues(w, deviceId);
                for (int k = 0; k < values.length; k++) {
                    up.setObject(k + 1, values[k]);
                }
                if (update) {
                    up.setObject(values.length + 1, values[0]);
                }
                up.addBatch();
            }
            up.executeBatch();
        }
    }

    /**
     * PostgreSQL: the whole batch in one statement, a column of values per array parameter, instead
     * of a multi-row VALUES list with twelve parameters a row to send, parse and plan.
     */
    private static void writeRecordsPostgres(Connection c, String sql, List<SyncRecord> rows, String deviceId) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Object[][] columns = new Object[COLUMN_TYPES.length][];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = (Object[]) java.lang.reflect.Array.newInstance(COLUMN_CLASSES[k], rows.size());
        }
        for (int i = 0; i < rows.size(); i++) {
            Object[] values = columnValues(rows.get(i), deviceId);
            for (int k = 0; k < columns.length; k++) {
                columns[k][i] = values[k];
            }
        }
        try (PreparedStatement up = c.prepareStatement(sql)) {
            for (int k = 0; k < columns.length; k++) {
                up.setArray(k + 1, c.createArrayOf(COLUMN_TYPES[k], columns[k]));
            }
            up.executeUpdate();
        }
    }

    /**
     * Stores the answers. Consecutive device sequences applied with consecutive server
     * sequences (the usual batch) are kept as one run, so a batch of a hundred costs one row.
     */
    private static void writeReceipts(Connection c, String deviceId, List<Receipt> receipts) throws SQLException {
        if (receipts.isEmpty()) {
            return;
        }
        List<Receipt> ordered = new ArrayList<>(receipts);
        ordered.sort(Comparator.comparingLong(Receipt::deviceSeq));
        long now = System.currentTimeMillis();
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO receipts (device_id, device_seq, run_length, record_id, status, server_seq, code, reason, http_status,"
                        + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            while (i < ordered.size()) {
                Receipt r = ordered.get(i);
                int run = 1;
                if (r.status() == EntryStatus.APPLIED) {
                    while (i + run < ordered.size() && run < Protocol.MAX_BATCH_ENTRIES) {
                        Receipt n = ordered.get(i + run);
                        if (n.status() != EntryStatus.APPLIED || n.deviceSeq() != r.deviceSeq() + run
                                || n.serverSeq() != r.serverSeq() + run) {
                            break;
                        }
                        run++;
                    }
                }
                ins.setString(1, deviceId);
                ins.setLong(2, r.deviceSeq());
                ins.setInt(3, run);
                ins.setString(4, r.recordId());
                ins.setString(5, r.status().name());
                if (r.serverSeq() == null) {
                    ins.setNull(6, Types.BIGINT);
                } else {
                    ins.setLong(6, r.serverSeq());
                }
                ins.setString(7, r.code());
                ins.setString(8, r.reason() == null ? null : r.reason().substring(0, Math.min(300, r.reason().length())));
                if (r.httpStatus() == null) {
                    ins.setNull(9, Types.INTEGER);
                } else {
                    ins.setInt(9, r.httpStatus());
                }
                ins.setLong(10, now);
                ins.addBatch();
                i += run;
            }
            ins.executeBatch();
        }
    }

    private static String epoch(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT epoch FROM server_state WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Object nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Object nullableInt(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    /** Summary of a pull for the log: counts only. */
    public record PullOutcome(PullResponse response, int scanned) {
    }

    /**
     * One page of changes after {@code after}, in server-sequence order. The committed
     * {@code last_seq} is read first and nothing above it is returned, so a change that commits
     * later always has a higher sequence than any cursor handed out (see Database).
     */
    public PullOutcome pull(Accounts.Caller caller, long after, int limit, String expectedEpoch) throws Exception {
        List<SyncRecord> changes = new ArrayList<>();
        long next;
        boolean hasMore;
        String epoch;
        int scanned = 0;
        try (Connection c = db.connection()) {
            epoch = epoch(c);
            long watermark = db.lastSequence(c);
            if ((expectedEpoch != null && !expectedEpoch.equals(epoch)) || after > watermark) {
                throw new ApiException(409, new ErrorBody(ErrorCodes.EPOCH_CHANGED,
                        "The server was restored from a backup: pull in full from after=0", "epoch", null, null, null, epoch, null));
            }
            Scope scope = loadScope(c, caller);
            String sql = "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.server_seq > ? AND r.server_seq <= ?"
                    + (scope.all() ? "" : " AND (r.learner_id IN (SELECT scope_id FROM caseload WHERE tutor_id = ? AND scope_type = 'learner')"
                    + " OR r.group_id IN (SELECT scope_id FROM caseload WHERE tutor_id = ? AND scope_type = 'group'))")
                    + " ORDER BY r.server_seq LIMIT ?";
            long lastSeen = after;
            try (PreparedStatement q = c.prepareStatement(sql)) {
                int i = 1;
                q.setLong(i++, after);
                q.setLong(i++, watermark);
                if (!scope.all()) {
                    q.setString(i++, caller.userId());
                    q.setString(i++, caller.userId());
                }
                q.setInt(i, limit + 1);
                try (ResultSet rs = q.executeQuery()) {
                    hasMore = false;
                    while (rs.next()) {
                        if (scanned == limit) {
                            hasMore = true;
                            break;
                        }
                        scanned++;
                        SyncRecord r = readRecord(rs);
                        lastSeen = r.serverSequence();
                        if (!caller.deviceId().equals(rs.getString(12))) {
                            changes.add(r);
                        }
                    }
                }
            }
            next = hasMore ? lastSeen : watermark;
        }
        if (!hasMore) {
            // Noted once a device has caught up, not for every page: each note is a write that waits
            // its turn behind the pushes (the admin's `status` shows it as last pull and how far behind).
            long caughtUpTo = next;
            db.inTransaction(c -> {
                try (PreparedStatement up = c.prepareStatement("UPDATE devices SET last_pull_at = ?, last_pull_cursor = ? WHERE id = ?")) {
                    up.setLong(1, System.currentTimeMillis());
                    up.setLong(2, caughtUpTo);
                    up.setString(3, caller.deviceId());
                    up.executeUpdate();
                }
                return null;
            });
        }
        return new PullOutcome(new PullResponse(Protocol.PROTOCOL_VERSION, epoch, changes, next, hasMore), scanned);
    }
}
