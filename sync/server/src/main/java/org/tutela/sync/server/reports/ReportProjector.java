package org.tutela.sync.server.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.IdLists;
import org.tutela.sync.server.SyncServer;

/**
 * Builds head office's report tables ({@code report_*}, see the V40 migration) from the synced
 * records, following the change log ({@code record_changes}): it reads the changes committed after its cursor a
 * chunk at a time, works out what they change, and writes that and its new cursor in one short
 * transaction of its own. A push never waits for it, and it never holds the sequence counter; it
 * reads only sequences at or below the committed {@code last_seq}, so by the cursor rule of the
 * sync protocol no change can later appear below its cursor.
 *
 * <p>The records are read with the app's own JSON and rules (module {@code shared}): a record the
 * laptop could not read is left out here too, a sealed tutorial contributes only its envelope's
 * header, and each learner's figures are what the laptop's {@code CaseloadSummary} gives for them.
 * Figures that depend on the day (due dates, what can still be held this year) are worked out again
 * when the day changes, and all of them when the organisation (term dates, entitlement) changes.
 *
 * <p>A background thread keeps the tables within a second or so of the records, waiting for a quiet
 * moment while laptops are syncing (pushes arriving or pulls asked for, at most {@link #MAX_LAG_MILLIS}),
 * so that it takes no time from them; {@link #rebuild}
 * empties them and reads every record again (the admin command {@code rebuild-reports}). Two
 * projectors (the server's and a command's) may run at once: each claims the cursor it read, and
 * a chunk whose cursor moved meanwhile is dropped and read again.
 *
 * <p>This class keeps the cursor, the thread and the order of the work; beside it in this package,
 * {@link ReportChanges} reads a chunk of the change log and works out what it changes,
 * {@link ReportTablesWriter} writes that into each report table and marks the learners it touches,
 * and {@link LearnerFiguresWriter} works out the marked learners' figures.
 */
public final class ReportProjector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportProjector.class);
    /** Records read and written per transaction. */
    static final int CHUNK = 500;
    /** Learners whose figures are worked out again per transaction, when the day or the organisation changed. */
    private static final int RECOMPUTE_PAGE = 500;

    private final Database db;
    private final Clock clock;
    private final ZoneId zone;
    private final long pollMillis;
    private final Object wake = new Object();
    private volatile boolean running;
    /** Learners whose figures this projector has worked out again, since it was made. */
    private final AtomicLong learnersWorkedOut = new AtomicLong();
    /** Sync requests (pushes and pulls) the server has taken since this projector was made. */
    private final AtomicLong syncRequests = new AtomicLong();
    private Thread thread;

    /**
     * @param zone the time zone whose day is "today" for due dates (the console's)
     * @param pollMillis how often the background thread looks for new changes
     */
    public ReportProjector(Database db, Clock clock, ZoneId zone, long pollMillis) {
        this.db = db;
        this.clock = clock;
        this.zone = zone;
        this.pollMillis = pollMillis;
    }

    /** Starts following the records on a background thread (the server does this at start). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::follow, "tutela-reports");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY - 1);
        thread.start();
    }

    /** Asks the background thread to look now rather than at its next poll. */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * The server took a sync request (a push or a pull): laptops are syncing, and the projector waits
     * until they have finished.
     */
    public void syncRequested() {
        syncRequests.incrementAndGet();
    }

    /**
     * Laptops come first: while they are syncing (changes still arriving, the last sequence moved
     * since the last look, or any push or pull taken since) the projector waits for a quiet moment,
     * but never lets a change wait longer than this. Pulls count too: a laptop pulls what another
     * has just pushed, and on a server of two cores the report tables worked out beside that pull
     * took a third of its time.
     */
    static final long MAX_LAG_MILLIS = 5_000;

    private void follow() {
        long backoff = pollMillis;
        long lastSeen = -1;
        long requestsSeen = syncRequests.get();
        long waitingSince = 0;
        while (running) {
            try {
                Progress p = progress();
                long requests = syncRequests.get();
                boolean arriving = lastSeen >= 0 && (p.lastSequence() != lastSeen || requests != requestsSeen);
                lastSeen = p.lastSequence();
                requestsSeen = requests;
                long now = System.nanoTime();
                if (p.behind() > 0 && waitingSince == 0) {
                    waitingSince = now;
                }
                boolean overdue = waitingSince != 0 && now - waitingSince >= MAX_LAG_MILLIS * 1_000_000;
                if (p.behind() > 0 && arriving && !overdue) {
                    pause();
                    continue;
                }
                // quiet (or a change has waited long enough): take in everything committed so far
                while (running && step() == Step.MORE) {
                    // next chunk
                }
                waitingSince = 0;
                backoff = pollMillis;
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warn("Reports: could not bring the report tables up to date; trying again", SyncServer.scrub(e));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private void pause() throws InterruptedException {
        synchronized (wake) {
            if (running) {
                wake.wait(pollMillis);
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            nudge();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What bringing the tables up to date took: how far the cursor moved through the changes, and
     * how many learners' figures were worked out again.
     */
    public record CaughtUp(long changesRead, long learnersWorkedOut) {
    }

    /** Brings the tables up to date with every change committed so far. */
    public CaughtUp catchUp() throws Exception {
        long before = state().cursor();
        long workedOut = learnersWorkedOut.get();
        while (step() != Step.DONE) {
            // next chunk
        }
        return new CaughtUp(Math.max(0, state().cursor() - before), learnersWorkedOut.get() - workedOut);
    }

    /** Empties the report tables and builds them again from every record. */
    public CaughtUp rebuild() throws Exception {
        reset(serverEpoch());
        return catchUp();
    }

    /**
     * Where the projector is: its cursor, the last change committed, and how many learners' figures
     * are still to be worked out again.
     */
    public record Progress(long cursor, long lastSequence, long updatedAt, String computedFor, int learnersToWorkOut) {
        /** Synced changes not yet in the tables. */
        public long behind() {
            return Math.max(0, lastSequence - cursor);
        }

        /** Every synced change is in the tables and every learner's figures are worked out. */
        public boolean current() {
            return behind() == 0 && learnersToWorkOut == 0;
        }
    }

    public Progress progress() throws SQLException {
        return progress(db);
    }

    /** Where the report tables stand, as any reader of them sees it. */
    public static Progress progress(Database db) throws SQLException {
        try (Connection c = db.connection()) {
            State s = readState(c);
            return new Progress(s.cursor(), db.lastSequence(c), s.updatedAt(), s.computedFor(), dirtyCount(c));
        }
    }

    // ---------------------------------------------------------------- one step

    enum Step { MORE, DONE }

    private record State(long cursor, String epoch, String computedFor, long updatedAt) {
    }

    private State state() throws SQLException {
        try (Connection c = db.connection()) {
            return readState(c);
        }
    }

    private static State readState(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT cursor_seq, epoch, computed_for, updated_at FROM report_state WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return new State(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
        }
    }

    private String serverEpoch() throws SQLException {
        return db.epoch();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** One chunk of changes, or one page of learners to work out again; DONE when there was nothing to do. */
    Step step() throws Exception {
        State st;
        String epoch;
        long last;
        boolean dirty;
        try (Connection c = db.connection()) {
            st = readState(c);
            dirty = anyDirty(c);
            try (PreparedStatement q = c.prepareStatement("SELECT epoch, last_seq FROM server_state WHERE id = 1");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                epoch = rs.getString(1);
                last = rs.getLong(2);
            }
        }
        if (!Objects.equals(st.epoch(), epoch) || st.cursor() > last) {
            // a new epoch (head office restored from a backup) or a replaced database: start again
            if (st.epoch() != null) {
                LOG.info("Reports: the records' epoch changed; building the report tables again");
            }
            reset(epoch);
            return Step.MORE;
        }
        LocalDate today = today();
        if (st.cursor() < last) {
            project(st.cursor(), last, today);
            return Step.MORE;
        }
        if (dirty) {
            recomputeDirty(st, today);
            return Step.MORE;
        }
        if (!today.toString().equals(st.computedFor())) {
            newDay(st, today);
            return Step.MORE;
        }
        return Step.DONE;
    }

    private static boolean anyDirty(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT learner_id FROM report_dirty LIMIT 1"); ResultSet rs = q.executeQuery()) {
            return rs.next();
        }
    }

    private static int dirtyCount(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM report_dirty"); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void reset(String epoch) throws Exception {
        db.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("UPDATE report_state SET cursor_seq = 0, epoch = ?, computed_for = NULL,"
                    + " updated_at = ? WHERE id = 1")) {
                lock.setString(1, epoch);
                lock.setLong(2, clock.millis());
                lock.executeUpdate();
            }
            for (String table : List.of("report_tutorial_learners", "report_tutorials", "report_targets", "report_concerns",
                    "report_learners", "report_groups", "report_dirty")) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table)) {
                    d.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Takes the cursor read before (locking the state row until commit); false if another projector moved it since. */
    private boolean claim(Connection c, long cursor) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("UPDATE report_state SET updated_at = updated_at WHERE id = 1 AND cursor_seq = ?")) {
            q.setLong(1, cursor);
            return q.executeUpdate() == 1;
        }
    }

    // ---------------------------------------------------------------- reading and writing a chunk

    private void project(long cursor, long last, LocalDate today) throws Exception {
        List<ReportChanges.Stored> chunk = ReportChanges.chunk(db, cursor, last);
        ReportChanges ch = ReportChanges.read(chunk);
        ch.cursor = chunk.size() < CHUNK ? last : chunk.get(chunk.size() - 1).seq();
        if (ch.unreadable > 0) {
            LOG.warn("Reports: {} records could not be read as the app writes them and are left out, as the laptops leave them out",
                    ch.unreadable);
        }
        boolean applied = db.inTransaction(c -> {
            if (!claim(c, cursor)) {
                return false;
            }
            ReportTablesWriter.apply(c, ch, today);
            if (ch.organisation) {
                markAllDirty(c);
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE report_state SET cursor_seq = ?, updated_at = ? WHERE id = 1")) {
                u.setLong(1, ch.cursor);
                u.setLong(2, clock.millis());
                u.executeUpdate();
            }
            return true;
        });
        if (!applied) {
            LOG.debug("Reports: another projector took this chunk first");
        }
    }

    // ---------------------------------------------------------------- the learners' figures

    /** A new day: every learner's figures are worked out again for it (due dates, what can still be held). */
    private void newDay(State st, LocalDate today) throws Exception {
        db.inTransaction(c -> {
            if (claim(c, st.cursor())) {
                markAllDirty(c);
                try (PreparedStatement u = c.prepareStatement("UPDATE report_state SET computed_for = ?, updated_at = ? WHERE id = 1")) {
                    u.setString(1, today.toString());
                    u.setLong(2, clock.millis());
                    u.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Every learner's figures to be worked out again (the organisation or the day changed). */
    private static void markAllDirty(Connection c) throws SQLException {
        // "WHERE 1 = 1": SQLite reads ON CONFLICT after INSERT ... SELECT only when the SELECT has a WHERE
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_dirty (learner_id) SELECT learner_id FROM report_learners WHERE 1 = 1"
                + " ON CONFLICT (learner_id) DO NOTHING")) {
            p.executeUpdate();
        }
    }

    /** Works out the figures of a page of marked learners, and clears their marks, in one transaction. */
    private void recomputeDirty(State st, LocalDate today) throws Exception {
        Integer workedOut = db.inTransaction(c -> {
            // the state row's lock orders this after any chunk that marked these learners, and before the next
            if (!claim(c, st.cursor())) {
                return null;
            }
            List<String> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT learner_id FROM report_dirty ORDER BY learner_id LIMIT " + RECOMPUTE_PAGE);
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            LearnerFiguresWriter.workOut(c, ids, today);
            IdLists.delete(c, "report_dirty", "learner_id", ids);
            return ids.size();
        });
        if (workedOut != null) {
            learnersWorkedOut.addAndGet(workedOut);
        }
    }
}
