package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the change log ({@code record_changes}) must hold after anything writes a record: every
 * record once, at the sequence stored with it, and nothing else. Pulls, the report projector and the
 * concern alerts read the records in this order only, so a write the log missed would never reach a
 * laptop. The sync and head-office tests check it after each test, whatever the test wrote.
 */
final class RecordChangeLog {
    private RecordChangeLog() {
    }

    static void assertHoldsEachRecordOnceAtItsSequence(Database db) throws SQLException {
        long records = count(db, "SELECT COUNT(*) FROM records");
        long atTheirSequence = count(db,
                "SELECT COUNT(*) FROM records r JOIN record_changes c ON c.server_seq = r.server_seq AND c.record_id = r.record_id");
        long logged = count(db, "SELECT COUNT(*) FROM record_changes");
        assertEquals(records, atTheirSequence, "every record in the change log at its own sequence");
        assertEquals(records, logged, "nothing else in the change log");
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
