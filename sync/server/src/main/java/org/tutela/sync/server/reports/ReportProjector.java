package org.tutela.sync.server.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.records.RecordJson;
import org.tutela.app.records.TutorialSummaryReader;
import org.tutela.sync.protocol.RecordKinds;
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
 * moment while pushes are arriving (at most {@link #MAX_LAG_MILLIS}), so that it takes no time from
 * them; {@link #rebuild}
 * empties them and reads every record again (the admin command {@code rebuild-reports}). Two
 * projectors (the server's and a command's) may run at once: each claims the cursor it read, and
 * a chunk whose cursor moved meanwhile is dropped and read again.
 */
public final class ReportProjector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportProjector.class);
    /** Records read and written per transaction. */
    static final int CHUNK = 500;
    /** Learners whose figures are worked out again per transaction, when the day or the organisation changed. */
    private static final int RECOMPUTE_PAGE = 500;
    private static final String ORGANISATION_ID = RecordKinds.ORGANISATION_ID.toString();

    private final Database db;
    private final Clock clock;
    private final ZoneId zone;
    private final long pollMillis;
    private final Object wake = new Object();
    private volatile boolean running;
    /** Learners whose figures this projector has worked out again, since it was made. */
    private final AtomicLong learnersWorkedOut = new AtomicLong();
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
     * Pushes come first: while changes are still arriving (the last sequence moved since the last
     * look) the projector waits for a quiet moment, but never lets a change wait longer than this.
     */
    static final long MAX_LAG_MILLIS = 5_000;

    private void follow() {
        long backoff = pollMillis;
        long lastSeen = -1;
        long waitingSince = 0;
        while (running) {
            try {
                Progress p = progress();
                boolean arriving = lastSeen >= 0 && p.lastSequence() != lastSeen;
                lastSeen = p.lastSequence();
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

    // ---------------------------------------------------------------- reading records

    /** A record as stored, reduced to what the reports use. */
    private record Stored(String id, String kind, long seq, boolean deleted, boolean sealed, String payload) {
    }

    /** What a chunk of records changes, worked out before the write transaction. */
    private static final class Changes {
        long cursor;
        boolean organisation;
        final Map<String, Group> groups = new LinkedHashMap<>();
        final Map<String, Learner> learners = new LinkedHashMap<>();
        final Map<String, TutorialSummary> tutorials = new LinkedHashMap<>();
        final Map<String, Target> targets = new LinkedHashMap<>();
        final Map<String, Concern> concerns = new LinkedHashMap<>();
        /** Records of each kind that are gone (deleted, or no longer readable). */
        final Map<String, Set<String>> gone = new HashMap<>();
        int unreadable;

        void gone(String kind, String id) {
            gone.computeIfAbsent(kind, k -> new HashSet<>()).add(id);
        }

        Set<String> gone(String kind) {
            return gone.getOrDefault(kind, Set.of());
        }
    }

    private void project(long cursor, long last, LocalDate today) throws Exception {
        List<Stored> chunk = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT r.record_id, r.kind, c.server_seq, r.deleted, r.sealed, r.payload"
                     + " FROM " + Database.CHANGES + " JOIN records r ON r.record_id = c.record_id ORDER BY c.server_seq")) {
            q.setLong(1, cursor);
            q.setLong(2, last);
            q.setInt(3, CHUNK);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    chunk.add(new Stored(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getBoolean(5),
                            rs.getString(6)));
                }
            }
        }
        Changes ch = read(chunk);
        ch.cursor = chunk.size() < CHUNK ? last : chunk.get(chunk.size() - 1).seq();
        if (ch.unreadable > 0) {
            LOG.warn("Reports: {} records could not be read as the app writes them and are left out, as the laptops leave them out",
                    ch.unreadable);
        }
        boolean applied = db.inTransaction(c -> {
            if (!claim(c, cursor)) {
                return false;
            }
            apply(c, ch, today);
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

    private static Changes read(List<Stored> chunk) {
        Changes ch = new Changes();
        for (Stored r : chunk) {
            if (r.id().equals(ORGANISATION_ID) || RecordKinds.ORGANISATION.equals(r.kind())) {
                ch.organisation = true;
                continue;
            }
            if (!Set.of(RecordKinds.LEARNER, RecordKinds.GROUP, RecordKinds.TUTORIAL, RecordKinds.TARGET, RecordKinds.CONCERN)
                    .contains(r.kind())) {
                continue; // openings, the copies register, attendance: not reported here
            }
            if (r.deleted() || r.payload() == null) {
                ch.gone(r.kind(), r.id());
                continue;
            }
            UUID id;
            try {
                id = UUID.fromString(r.id());
            } catch (IllegalArgumentException e) {
                continue;
            }
            byte[] body = r.payload().getBytes(StandardCharsets.UTF_8);
            try {
                switch (r.kind()) {
                    case RecordKinds.TUTORIAL -> {
                        // a confidential tutorial is its envelope: only the header's facts are read
                        TutorialSummary t = r.sealed() ? TutorialSummaryReader.readSealedHeader(id, body) : TutorialSummaryReader.read(body);
                        keep(ch, r, id.equals(t.id()), () -> ch.tutorials.put(r.id(), t));
                    }
                    case RecordKinds.LEARNER -> {
                        Learner l = sealedIsUnreadable(r, Learner.class, body);
                        keep(ch, r, l != null && id.equals(l.id()), () -> ch.learners.put(r.id(), l));
                    }
                    case RecordKinds.GROUP -> {
                        Group g = sealedIsUnreadable(r, Group.class, body);
                        keep(ch, r, g != null && id.equals(g.id()), () -> ch.groups.put(r.id(), g));
                    }
                    case RecordKinds.TARGET -> {
                        Target t = sealedIsUnreadable(r, Target.class, body);
                        keep(ch, r, t != null && id.equals(t.id()), () -> ch.targets.put(r.id(), t));
                    }
                    case RecordKinds.CONCERN -> {
                        Concern cn = sealedIsUnreadable(r, Concern.class, body);
                        keep(ch, r, cn != null && id.equals(cn.id()), () -> ch.concerns.put(r.id(), cn));
                    }
                    default -> {
                    }
                }
            } catch (IOException | RuntimeException e) {
                ch.unreadable++;
                ch.gone(r.kind(), r.id());
            }
        }
        return ch;
    }

    /** Only tutorials are sealed: a sealed record of another kind is unreadable, as on the laptop. */
    private static <T> T sealedIsUnreadable(Stored r, Class<T> type, byte[] body) throws IOException {
        return r.sealed() ? null : RecordJson.read(body, type);
    }

    private static void keep(Changes ch, Stored r, boolean readable, Runnable put) {
        if (readable) {
            put.run();
        } else {
            ch.unreadable++;
            ch.gone(r.kind(), r.id());
        }
    }

    // ---------------------------------------------------------------- writing

    private void apply(Connection c, Changes ch, LocalDate today) throws Exception {
        Set<String> affected = new HashSet<>();

        // groups: their learners' figures follow the group's frequency and entitlement
        Set<String> groupIds = new HashSet<>(ch.groups.keySet());
        groupIds.addAll(ch.gone(RecordKinds.GROUP));
        affected.addAll(IdLists.select(c, "SELECT learner_id FROM report_learners WHERE group_id IN (%s)", groupIds));
        IdLists.delete(c, "report_groups", "group_id", ch.gone(RecordKinds.GROUP));
        upsertGroups(c, ch.groups.values());

        // learners
        IdLists.delete(c, "report_learners", "learner_id", ch.gone(RecordKinds.LEARNER));
        upsertLearners(c, ch.learners.values(), today);
        affected.addAll(ch.learners.keySet());

        // tutorials: the learners they involved before and the learners they involve now. A tutorial
        // whose reported facts are as stored (its notes changed, say) is left as it is, and its
        // learners' figures with it: most changes a tutor makes are to what a tutorial says.
        Set<String> tutorialIds = new HashSet<>(ch.tutorials.keySet());
        tutorialIds.addAll(ch.gone(RecordKinds.TUTORIAL));
        Map<String, Set<String>> learnersBefore = tutorialLearners(c, tutorialIds);
        Map<String, TutorialRow> before = storedTutorials(c, tutorialIds, learnersBefore);
        Map<String, TutorialRow> changed = new LinkedHashMap<>();
        ch.tutorials.forEach((id, t) -> {
            TutorialRow row = TutorialRow.of(t);
            if (!row.equals(before.get(id))) {
                changed.put(id, row);
            }
        });
        Set<String> rewritten = new HashSet<>(changed.keySet());
        rewritten.addAll(ch.gone(RecordKinds.TUTORIAL));
        rewritten.forEach(id -> affected.addAll(learnersBefore.getOrDefault(id, Set.of())));
        IdLists.delete(c, "report_tutorial_learners", "tutorial_id", rewritten);
        IdLists.delete(c, "report_tutorials", "tutorial_id", rewritten);
        insertTutorials(c, changed);
        changed.values().forEach(row -> affected.addAll(row.learners()));

        // targets and concerns
        Set<String> targetIds = new HashSet<>(ch.targets.keySet());
        targetIds.addAll(ch.gone(RecordKinds.TARGET));
        affected.addAll(IdLists.select(c, "SELECT learner_id FROM report_targets WHERE target_id IN (%s)", targetIds));
        IdLists.delete(c, "report_targets", "target_id", targetIds);
        insertTargets(c, ch.targets.values());
        ch.targets.values().forEach(t -> affected.add(t.learnerId().toString()));

        Set<String> concernIds = new HashSet<>(ch.concerns.keySet());
        concernIds.addAll(ch.gone(RecordKinds.CONCERN));
        affected.addAll(IdLists.select(c, "SELECT learner_id FROM report_concerns WHERE concern_id IN (%s)", concernIds));
        IdLists.delete(c, "report_concerns", "concern_id", concernIds);
        insertConcerns(c, ch.concerns.values());
        ch.concerns.values().forEach(cn -> affected.add(cn.learnerId().toString()));

        markDirty(c, affected);
    }

    private static void markDirty(Connection c, Collection<String> learnerIds) throws SQLException {
        if (learnerIds.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_dirty (learner_id) VALUES (?) ON CONFLICT (learner_id) DO NOTHING")) {
            for (String id : learnerIds) {
                p.setString(1, id);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Every learner's figures to be worked out again (the organisation or the day changed). */
    private static void markAllDirty(Connection c) throws SQLException {
        // "WHERE 1 = 1": SQLite reads ON CONFLICT after INSERT ... SELECT only when the SELECT has a WHERE
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_dirty (learner_id) SELECT learner_id FROM report_learners WHERE 1 = 1"
                + " ON CONFLICT (learner_id) DO NOTHING")) {
            p.executeUpdate();
        }
    }

    private static Set<String> involved(TutorialSummary t) {
        Set<String> ids = new HashSet<>();
        if (t.learnerId() != null) {
            ids.add(t.learnerId().toString());
        }
        t.attendeeIds().forEach(a -> ids.add(a.toString()));
        return ids;
    }

    private static void upsertGroups(Connection c, Collection<Group> groups) throws SQLException {
        if (groups.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_groups (group_id, name, course, archived, review_unit, review_every,"
                + " own_reviews, own_sessions) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET name = excluded.name,"
                + " course = excluded.course, archived = excluded.archived, review_unit = excluded.review_unit,"
                + " review_every = excluded.review_every, own_reviews = excluded.own_reviews, own_sessions = excluded.own_sessions")) {
            for (Group g : groups) {
                p.setString(1, g.id().toString());
                p.setString(2, g.name());
                p.setString(3, g.programme());
                p.setBoolean(4, g.archived());
                p.setString(5, g.reviewFrequency().unit().name());
                p.setInt(6, g.reviewFrequency().every());
                setInt(p, 7, g.entitlementOverride() == null ? null : g.entitlementOverride().oneToOneReviews());
                setInt(p, 8, g.entitlementOverride() == null ? null : g.entitlementOverride().groupSessions());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** A learner's own fields; the figures are worked out by {@link LearnerFiguresWriter#workOut} in the same transaction. */
    private static void upsertLearners(Connection c, Collection<Learner> learners, LocalDate today) throws SQLException {
        if (learners.isEmpty()) {
            return;
        }
        int year = AcademicYear.of(today).startYear();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_learners (learner_id, group_id, given_name, family_name,"
                + " preferred_name, display_name, sort_name, uln, status, start_date, at_risk, vulnerable, open_to_pastoral, lessons, absences,"
                + " academic_year, reviews_held, reviews_entitled, sessions_held, sessions_entitled, tot_reviews_held, tot_reviews_entitled,"
                + " tot_sessions_held, tot_sessions_entitled, reviews_possible, review_shortfall, targets_set, targets_met, concerns_open,"
                + " concerns_all) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)"
                + " ON CONFLICT (learner_id) DO UPDATE SET group_id = excluded.group_id, given_name = excluded.given_name,"
                + " family_name = excluded.family_name, preferred_name = excluded.preferred_name, display_name = excluded.display_name,"
                + " sort_name = excluded.sort_name, uln = excluded.uln, status = excluded.status, start_date = excluded.start_date,"
                + " at_risk = excluded.at_risk, vulnerable = excluded.vulnerable, open_to_pastoral = excluded.open_to_pastoral,"
                + " lessons = excluded.lessons, absences = excluded.absences")) {
            for (Learner l : learners) {
                p.setString(1, l.id().toString());
                p.setString(2, l.primaryGroupId() == null ? null : l.primaryGroupId().toString());
                p.setString(3, l.givenName());
                p.setString(4, l.familyName());
                p.setString(5, l.preferredName());
                p.setString(6, l.displayName());
                p.setString(7, l.sortKey());
                p.setString(8, l.uln() == null ? null : l.uln().value());
                p.setString(9, l.status().name());
                p.setString(10, l.startDate() == null ? null : l.startDate().toString());
                p.setBoolean(11, l.flagged(LearnerFlag.AT_RISK_OF_DROP_OUT));
                p.setBoolean(12, l.flagged(LearnerFlag.VULNERABLE));
                p.setBoolean(13, l.flagged(LearnerFlag.OPEN_TO_PASTORAL_TEAM));
                setInt(p, 14, l.attendance() == null ? null : l.attendance().lessons());
                setInt(p, 15, l.attendance() == null ? null : l.attendance().absences());
                p.setInt(16, year);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * A tutorial as its report row holds it, with the learners it involves: what the figures are
     * worked out from, so two that are equal give the same figures.
     */
    private record TutorialRow(String kind, String learnerId, String groupId, String heldOn, String outcome, String tutor,
                               boolean confidential, boolean draft, boolean signed, Set<String> learners) {
        static TutorialRow of(TutorialSummary t) {
            return new TutorialRow(t.kind().name(), t.learnerId() == null ? null : t.learnerId().toString(),
                    t.groupId() == null ? null : t.groupId().toString(), t.date().toString(), t.outcome().name(), t.tutor(),
                    t.confidential(), t.draft(), t.locked(), involved(t));
        }
    }

    /** The learners each of these tutorials involves in the tables now. */
    private static Map<String, Set<String>> tutorialLearners(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        IdLists.eachRow(c, "SELECT tutorial_id, learner_id FROM report_tutorial_learners WHERE tutorial_id IN (%s)", ids,
                rs -> out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)));
        return out;
    }

    /** These tutorials' rows as the tables hold them now (none for a tutorial not in them). */
    private static Map<String, TutorialRow> storedTutorials(Connection c, Collection<String> ids, Map<String, Set<String>> learners)
            throws SQLException {
        Map<String, TutorialRow> out = new HashMap<>();
        IdLists.eachRow(c, "SELECT tutorial_id, kind, learner_id, group_id, held_on, outcome, tutor, confidential, draft, signed"
                + " FROM report_tutorials WHERE tutorial_id IN (%s)", ids, rs -> {
            String id = rs.getString(1);
            out.put(id, new TutorialRow(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getBoolean(8), rs.getBoolean(9), rs.getBoolean(10), learners.getOrDefault(id, Set.of())));
        });
        return out;
    }

    private static void insertTutorials(Connection c, Map<String, TutorialRow> tutorials) throws SQLException {
        if (tutorials.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_tutorials (tutorial_id, kind, learner_id, group_id, held_on, outcome,"
                + " tutor, confidential, draft, signed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement who = c.prepareStatement("INSERT INTO report_tutorial_learners (learner_id, tutorial_id) VALUES (?, ?)")) {
            for (Map.Entry<String, TutorialRow> e : tutorials.entrySet()) {
                TutorialRow t = e.getValue();
                p.setString(1, e.getKey());
                p.setString(2, t.kind());
                p.setString(3, t.learnerId());
                p.setString(4, t.groupId());
                p.setString(5, t.heldOn());
                p.setString(6, t.outcome());
                p.setString(7, t.tutor());
                p.setBoolean(8, t.confidential());
                p.setBoolean(9, t.draft());
                p.setBoolean(10, t.signed());
                p.addBatch();
                for (String l : t.learners()) {
                    who.setString(1, l);
                    who.setString(2, e.getKey());
                    who.addBatch();
                }
            }
            p.executeBatch();
            who.executeBatch();
        }
    }

    private static void insertTargets(Connection c, Collection<Target> targets) throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_targets (target_id, learner_id, text, set_on, by_when, status)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Target t : targets) {
                p.setString(1, t.id().toString());
                p.setString(2, t.learnerId().toString());
                p.setString(3, t.text());
                p.setString(4, t.setOn() == null ? null : t.setOn().toString());
                p.setString(5, t.byWhen() == null ? null : t.byWhen().toString());
                p.setString(6, t.status().name());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void insertConcerns(Connection c, Collection<Concern> concerns) throws SQLException {
        if (concerns.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_concerns (concern_id, learner_id, category, status, raised_on)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            for (Concern cn : concerns) {
                p.setString(1, cn.id().toString());
                p.setString(2, cn.learnerId().toString());
                p.setString(3, cn.category().name());
                p.setString(4, cn.status().name());
                p.setString(5, cn.raisedOn().toString());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setInt(i, v);
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
