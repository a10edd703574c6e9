package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.Versions;
import org.tutela.sync.server.SyncService.Pending;

/**
 * The answers a push gave, as the {@code receipts} table keeps them: read back for the sequences
 * a group's batches bring (a repeated entry is answered as it was the first time), and stored,
 * consecutive applied entries as one run. Apart from {@link SyncService} because it is the
 * table's rows and runs; what a push does with an earlier answer stays there.
 */
final class Receipts {
    private Receipts() {
    }

    /** An answer as stored; {@code changeKey} names the change it answered (null for answers stored before keys were kept). */
    record Receipt(long deviceSeq, String recordId, EntryStatus status, Long serverSeq, String code, String reason,
                   Integer httpStatus, String changeKey) {
    }

    /**
     * Earlier answers for the sequences in each batch, and any received ahead of the acknowledged
     * one, for all the batches in one query. A stored run holds at most
     * {@link Protocol#MAX_BATCH_ENTRIES} sequences, so one holding a batch's first sequence starts
     * no further back than that; anything beyond the acknowledged sequence is read too.
     */
    static void readReceipts(Connection c, List<Pending> all) throws SQLException {
        List<long[]> ranges = new ArrayList<>();
        List<Pending> owners = new ArrayList<>();
        for (Pending p : all) {
            if (p.refused() || p.batch.request().entries().isEmpty()) {
                continue;
            }
            long runStart = p.min - Protocol.MAX_BATCH_ENTRIES + 1;
            if (p.acked < p.max) {
                ranges.add(new long[] {Math.min(runStart, p.acked + 1), Long.MAX_VALUE});
                owners.add(p);
            } else {
                ranges.add(new long[] {runStart, p.max});
                owners.add(p);
                ranges.add(new long[] {p.acked + 1, Long.MAX_VALUE});
                owners.add(p);
            }
        }
        if (ranges.isEmpty()) {
            return;
        }
        String where = String.join(" OR ", java.util.Collections.nCopies(ranges.size(), "(device_id = ? AND device_seq BETWEEN ? AND ?)"));
        try (PreparedStatement q = c.prepareStatement("SELECT device_id, device_seq, run_length, record_id, status, server_seq, code,"
                + " reason, http_status, change_keys FROM receipts WHERE " + where)) {
            int i = 1;
            for (int k = 0; k < ranges.size(); k++) {
                q.setString(i++, owners.get(k).deviceId);
                q.setLong(i++, ranges.get(k)[0]);
                q.setLong(i++, ranges.get(k)[1]);
            }
            Map<String, Pending> byDevice = new HashMap<>();
            owners.forEach(p -> byDevice.put(p.deviceId, p));
            Set<String> seen = new HashSet<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Pending p = byDevice.get(rs.getString(1));
                    long first = rs.getLong(2);
                    if (!seen.add(p.deviceId + "/" + first)) {
                        continue; // ranges of one device may overlap
                    }
                    int run = rs.getInt(3);
                    String firstRecord = rs.getString(4);
                    EntryStatus status = EntryStatus.valueOf(rs.getString(5));
                    Long serverSeq = (Long) nullableLong(rs, 6);
                    String code = rs.getString(7);
                    String reason = rs.getString(8);
                    Integer http = (Integer) nullableInt(rs, 9);
                    String keys = rs.getString(10);
                    for (int k = 0; k < run; k++) {
                        long ds = first + k;
                        if (ds >= p.min && ds <= p.max) {
                            int from = k * Versions.CHANGE_KEY_LENGTH;
                            String key = keys == null || keys.length() < from + Versions.CHANGE_KEY_LENGTH ? null
                                    : keys.substring(from, from + Versions.CHANGE_KEY_LENGTH);
                            p.prior.put(ds, new Receipt(ds, k == 0 ? firstRecord : null, status,
                                    serverSeq == null ? null : serverSeq + k, code, reason, http, key));
                        }
                        if (ds > p.acked) {
                            p.receivedAhead.add(ds);
                        }
                    }
                }
            }
        }
    }

    /**
     * Stores the answers. Consecutive device sequences applied with consecutive server
     * sequences (the usual batch) are kept as one run, so a batch of a hundred costs one row.
     */
    static void writeReceipts(Connection c, Map<String, List<Receipt>> byDevice) throws SQLException {
        if (byDevice.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        long now = System.currentTimeMillis();
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO receipts (device_id, device_seq, run_length, record_id, status, server_seq, code, reason, http_status,"
                        + " received_at, change_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Receipt>> device : byDevice.entrySet()) {
                addReceiptRows(ins, device.getKey(), device.getValue(), now);
            }
            ins.executeBatch();
        }
    }

    private static void addReceiptRows(PreparedStatement ins, String deviceId, List<Receipt> receipts, long now) throws SQLException {
        List<Receipt> ordered = new ArrayList<>(receipts);
        ordered.sort(Comparator.comparingLong(Receipt::deviceSeq));
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
            StringBuilder keys = new StringBuilder(run * Versions.CHANGE_KEY_LENGTH);
            boolean allKeys = true;
            for (int k = 0; k < run; k++) {
                String key = ordered.get(i + k).changeKey();
                allKeys &= key != null;
                keys.append(key);
            }
            ins.setString(11, allKeys ? keys.toString() : null);
            ins.addBatch();
            i += run;
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
}
