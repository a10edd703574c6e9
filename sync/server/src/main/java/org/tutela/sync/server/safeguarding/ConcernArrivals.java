package org.tutela.sync.server.safeguarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;

/**
 * When each concern first reached head office: noted inside the push transaction that stores it
 * (the one hook the inbox has in the sync path), so the inbox can say when it arrived and start
 * the clock for the lead's acknowledgement. A concern pushed again keeps its first arrival.
 */
public final class ConcernArrivals {
    private ConcernArrivals() {
    }

    /** Notes the live concerns among the records a push is storing (the others cost nothing). */
    public static void note(Connection c, Collection<SyncRecord> written) throws SQLException {
        List<SyncRecord> concerns = written.stream().filter(r -> RecordKinds.CONCERN.equals(r.kind()) && !r.deleted()).toList();
        if (concerns.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis(); // the clock the push's receipts use
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO concern_arrivals (record_id, received_at, raised_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (record_id) DO NOTHING")) {
            for (SyncRecord r : concerns) {
                ins.setString(1, r.recordId().toString());
                ins.setLong(2, now);
                ins.setString(3, r.updatedAt().toString());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }
}
