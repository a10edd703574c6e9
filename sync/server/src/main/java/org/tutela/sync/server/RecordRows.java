package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;
import org.tutela.sync.server.SyncService.CreationAlreadyStored;

/**
 * The rows of the {@code records} table as the push and the pull read and write them: the
 * columns, the statements that read the records a push may change and store what it applied
 * (one statement a batch on PostgreSQL, one JDBC batch on SQLite), and a row read back into a
 * {@link SyncRecord}. Apart from {@link SyncService} because it is the table's SQL and column
 * order, not the push's rules: what a push decides stays there, how a record becomes a row is here.
 */
final class RecordRows {
    static final String RECORD_COLUMNS =
            "record_id, kind, revision, updated_at, deleted, sealed, learner_id, group_id, schema_version, server_seq, payload, origin_device_id";

    /**
     * What a pull reads of the record {@code r}: its columns, named as the record's, since a pull
     * walks the change log ({@code record_changes}, whose columns share two of their names).
     */
    static final String PULLED_COLUMNS = "r." + RECORD_COLUMNS.replace(", ", ", r.");

    /** What a push writes: a record's columns and the hash of its content ({@link Versions#hash}). */
    private static final String WRITTEN_COLUMNS = RECORD_COLUMNS + ", content_hash";
    /**
     * What a push reads of the records it may change: the payload only where no hash was stored
     * with it (written before the hash was kept), to work the hash out; an answer that must carry
     * the record reads the payload then (see {@link #withPayload}).
     */
    private static final String HELD_COLUMNS =
            RECORD_COLUMNS.replace(" payload,", " CASE WHEN content_hash IS NULL THEN payload END,") + ", content_hash";

    /** PostgreSQL array type, and Java element class, of each of {@link #WRITTEN_COLUMNS} (see {@link #columnValues}). */
    private static final String[] COLUMN_TYPES =
            {"varchar", "varchar", "int8", "varchar", "bool", "bool", "varchar", "varchar", "int4", "int8", "text", "varchar", "varchar"};
    private static final Class<?>[] COLUMN_CLASSES = {String.class, String.class, Long.class, String.class, Boolean.class,
            Boolean.class, String.class, String.class, Integer.class, Long.class, String.class, String.class, String.class};
    /** PostgreSQL: a batch of records as one row set, a column per array parameter (see writeRecordsPostgres). */
    private static final String RECORD_ARRAYS = "unnest(" + String.join(", ",
            java.util.Arrays.stream(COLUMN_TYPES).map(t -> "?::" + t + "[]").toList()) + ")";
    private static final String UPDATE_FROM_U = "kind = u.kind, revision = u.revision, updated_at = u.updated_at, deleted = u.deleted,"
            + " sealed = u.sealed, learner_id = u.learner_id, group_id = u.group_id, schema_version = u.schema_version,"
            + " server_seq = u.server_seq, payload = u.payload, origin_device_id = u.origin_device_id, content_hash = u.content_hash";

    private RecordRows() {
    }

    /** A record as it is to be stored, with the device whose entry wrote it and the hash of its content. */
    record Write(SyncRecord record, String deviceId, String contentHash) {
    }

    /**
     * The stored records with these ids, and into {@code hashes} the hash of each one's content: as
     * stored with it, the record then read without its payload (added to {@code withoutPayload}),
     * or worked out from its payload.
     */
    static Map<String, SyncRecord> loadRecords(Connection c, Set<String> ids, Map<String, String> hashes,
                                               Set<SyncRecord> withoutPayload) throws SQLException {
        Map<String, SyncRecord> out = new HashMap<>();
        IdLists.eachRow(c, "SELECT " + HELD_COLUMNS + " FROM records WHERE record_id IN (%s)", ids, rs -> {
            SyncRecord r = readRecord(rs);
            String hash = rs.getString(13);
            if (hash == null) {
                hash = Versions.hash(r.deleted(), r.payload());
            } else {
                withoutPayload.add(r);
            }
            String id = r.recordId().toString();
            out.put(id, r);
            hashes.put(id, hash);
        });
        return out;
    }

    /** {@code r}, read without its payload, with its payload as stored. */
    static SyncRecord withPayload(Connection c, SyncRecord r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
            q.setString(1, r.recordId().toString());
            try (ResultSet rs = q.executeQuery()) {
                String payload = rs.next() ? rs.getString(1) : null;
                return new SyncRecord(r.recordId(), r.kind(), r.revision(), r.updatedAt(), r.deleted(), r.sealed(), r.learnerId(),
                        r.groupId(), r.schemaVersion(), r.serverSequence(), payload);
            }
        }
    }

    static SyncRecord readRecord(ResultSet rs) throws SQLException {
        String l = rs.getString(7);
        String g = rs.getString(8);
        return new SyncRecord(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getLong(3), ProtocolJson.instant(rs.getString(4)),
                rs.getBoolean(5), rs.getBoolean(6), l == null ? null : UUID.fromString(l), g == null ? null : UUID.fromString(g),
                rs.getInt(9), rs.getLong(10), rs.getString(11));
    }

    /**
     * Inserts the records new to the server and updates those {@code stored} already (as they were
     * before this group); throws {@link CreationAlreadyStored} if a record taken for new was there
     * after all.
     */
    static void writeRecords(Connection c, Database db, java.util.Collection<Write> writes, Map<String, SyncRecord> stored)
            throws SQLException, CreationAlreadyStored {
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        List<Write> rerouted = new ArrayList<>();
        for (Write w : writes) {
            SyncRecord before = stored.get(w.record().recordId().toString());
            if (before == null) {
                inserts.add(w);
            } else if (java.util.Objects.equals(before.learnerId(), w.record().learnerId())
                    && java.util.Objects.equals(before.groupId(), w.record().groupId())) {
                updates.add(w);
            } else {
                rerouted.add(w);
            }
        }
        int inserted;
        if (db.isPostgres()) {
            inserted = writeRecordsPostgres(c, "INSERT INTO records (" + WRITTEN_COLUMNS + ") SELECT * FROM " + RECORD_ARRAYS
                    + " ON CONFLICT (record_id) DO NOTHING", inserts);
            updates.addAll(rerouted);
            writeRecordsPostgres(c, "UPDATE records AS r SET " + UPDATE_FROM_U + " FROM " + RECORD_ARRAYS + " AS u (" + WRITTEN_COLUMNS
                    + ") WHERE r.record_id = u.record_id", updates);
        } else {
            inserted = writeRecordsByRow(c, "INSERT INTO records (" + WRITTEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (record_id) DO NOTHING", inserts, ALL_COLUMNS);
            // SQLite rewrites the entries of every index whose columns (or partial-index condition)
            // a statement sets, changed or not: a record keeps its id and kind, and nearly always its
            // learner and group, so most updates set neither and only the sequence's index moves
            writeRecordsByRow(c, "UPDATE records SET revision = ?, updated_at = ?, deleted = ?, sealed = ?, schema_version = ?,"
                    + " server_seq = ?, payload = ?, origin_device_id = ?, content_hash = ? WHERE record_id = ?", updates, UNROUTED);
            writeRecordsByRow(c, "UPDATE records SET revision = ?, updated_at = ?, deleted = ?, sealed = ?, learner_id = ?, group_id = ?,"
                    + " schema_version = ?, server_seq = ?, payload = ?, origin_device_id = ?, content_hash = ? WHERE record_id = ?",
                    rerouted, ROUTED);
        }
        if (inserted != inserts.size()) {
            throw new CreationAlreadyStored();
        }
    }

    /** One record's values in {@link #WRITTEN_COLUMNS} order. */
    private static Object[] columnValues(Write write) {
        SyncRecord w = write.record();
        String deviceId = write.deviceId();
        return new Object[] {w.recordId().toString(), w.kind(), w.revision(), w.updatedAt().toString(), w.deleted(), w.sealed(),
                w.learnerId() == null ? null : w.learnerId().toString(), w.groupId() == null ? null : w.groupId().toString(),
                w.schemaVersion(), w.serverSequence(), w.payload(), deviceId, write.contentHash()};
    }

    /** Every one of {@link #WRITTEN_COLUMNS}, in order (an insert). */
    private static final int[] ALL_COLUMNS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    /** An update keeping the record's routing: what changes, then the id (of {@link #WRITTEN_COLUMNS}). */
    private static final int[] UNROUTED = {2, 3, 4, 5, 8, 9, 10, 11, 12, 0};
    /** An update that moves the record to another learner or group: the same, with the routing. */
    private static final int[] ROUTED = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0};

    /** SQLite: one statement a row, in one JDBC batch; parameters are these of {@link #WRITTEN_COLUMNS}, in this order. */
    private static int writeRecordsByRow(Connection c, String sql, List<Write> rows, int[] columns) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement up = c.prepareStatement(sql)) {
            for (Write w : rows) {
                Object[] values = columnValues(w);
                for (int k = 0; k < columns.length; k++) {
                    up.setObject(k + 1, values[columns[k]]);
                }
                up.addBatch();
            }
            return java.util.Arrays.stream(up.executeBatch()).sum();
        }
    }

    /**
     * PostgreSQL: the whole batch in one statement, a column of values per array parameter, instead
     * of a multi-row VALUES list with twelve parameters a row to send, parse and plan.
     */
    private static int writeRecordsPostgres(Connection c, String sql, List<Write> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        Object[][] columns = new Object[COLUMN_TYPES.length][];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = (Object[]) java.lang.reflect.Array.newInstance(COLUMN_CLASSES[k], rows.size());
        }
        for (int i = 0; i < rows.size(); i++) {
            Object[] values = columnValues(rows.get(i));
            for (int k = 0; k < columns.length; k++) {
                columns[k][i] = values[k];
            }
        }
        try (PreparedStatement up = c.prepareStatement(sql)) {
            for (int k = 0; k < columns.length; k++) {
                up.setArray(k + 1, c.createArrayOf(COLUMN_TYPES[k], columns[k]));
            }
            return up.executeUpdate();
        }
    }
}
