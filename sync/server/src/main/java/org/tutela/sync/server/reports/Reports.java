package org.tutela.sync.server.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Organisation;
import org.tutela.app.records.RecordJson;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Database;

/**
 * What the pastoral lead's and managers' pages read: the report tables the {@link ReportProjector}
 * keeps, added up across the organisation, per tutor and per group, and a learner's page. A tutor's
 * figures are over the learners in their caseload (the learners their laptop holds); a group's over
 * the learners whose caseload group it is. Review states are worked out for today here, from each
 * learner's due date.
 */
public final class Reports {
    /** A review "due within a week" is due today or in the next seven days. */
    public static final int DUE_WITHIN_DAYS = 7;

    private final Database db;
    private final Clock clock;
    private final ZoneId zone;

    /** @param zone the time zone whose day is "today" (the console's, as the projector's) */
    public Reports(Database db, Clock clock, ZoneId zone) {
        this.db = db;
        this.clock = clock;
        this.zone = zone;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    public ReportProjector.Progress progress() throws SQLException {
        return ReportProjector.progress(db);
    }

    // ---------------------------------------------------------------- figures

    /**
     * The figures of a set of learners.
     *
     * @param reviewsHeld one-to-one reviews held this academic year by active learners
     * @param reviewsEntitled what active learners are entitled to this year
     * @param reviewShortfall reviews owed that cannot be held by 31 July at the groups' review frequencies
     * @param lessons lessons of the learners whose attendance is known
     * @param attended of those lessons, the ones attended
     * @param underThreshold learners whose attendance is below the organisation's threshold
     */
    public record Figures(int learners, int reviewsHeld, int reviewsEntitled, int reviewShortfall, int sessionsHeld,
                          int sessionsEntitled, int overdue, int dueThisWeek, int atRisk, int vulnerable, int openToPastoral,
                          long lessons, long attended, int underThreshold, int targetsSet, int targetsMet) {

        static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** Percent of the entitlement held, or null when nothing is owed. */
        public Integer reviewsPercent() {
            return percent(reviewsHeld, reviewsEntitled);
        }

        public Integer sessionsPercent() {
            return percent(sessionsHeld, sessionsEntitled);
        }

        /** Attendance of the lessons known, as a percent with one decimal, or null when none is known. */
        public Double attendancePercent() {
            return lessons == 0 ? null : Math.floor(1000.0 * attended / lessons) / 10.0;
        }

        public Integer targetsPercent() {
            return percent(targetsMet, targetsSet);
        }

        /** Reviews still owed this year (at least 0). */
        public int reviewsOutstanding() {
            return Math.max(0, reviewsEntitled - reviewsHeld);
        }

        private static Integer percent(long part, long whole) {
            return whole == 0 ? null : (int) Math.floor(100.0 * part / whole);
        }
    }

    /** One line of a table: who or what, where it links, its figures, and (for a tutor) when their laptop last synced. */
    public record Line(String key, String name, String detail, Figures figures, Long lastSync, boolean muted) {
    }

    /** The sum over the learners {@code l} as SQL; takes {@link #FIGURE_PARAMETERS} parameters (see {@link #bindFigures}). */
    private static final String FIGURES = "COUNT(l.learner_id), COALESCE(SUM(l.tot_reviews_held), 0), COALESCE(SUM(l.tot_reviews_entitled), 0),"
            + " COALESCE(SUM(l.review_shortfall), 0), COALESCE(SUM(l.tot_sessions_held), 0), COALESCE(SUM(l.tot_sessions_entitled), 0),"
            + " COALESCE(SUM(CASE WHEN l.due_by < ? THEN 1 ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE WHEN l.due_by >= ? AND l.due_by <= ? THEN 1 ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE WHEN l.at_risk THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN l.vulnerable THEN 1 ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE WHEN l.open_to_pastoral THEN 1 ELSE 0 END), 0),"
            + " COALESCE(SUM(l.lessons), 0), COALESCE(SUM(l.lessons - l.absences), 0),"
            + " COALESCE(SUM(CASE WHEN l.lessons > 0 AND (l.lessons - l.absences) * 100 < ? * l.lessons THEN 1 ELSE 0 END), 0),"
            + " COALESCE(SUM(l.targets_set), 0), COALESCE(SUM(l.targets_met), 0)";
    private static final int FIGURE_PARAMETERS = 4;
    private static final int FIGURE_COLUMNS = 16;

    private int bindFigures(PreparedStatement q, int from, LocalDate today, int threshold) throws SQLException {
        q.setString(from, today.toString());
        q.setString(from + 1, today.toString());
        q.setString(from + 2, today.plusDays(DUE_WITHIN_DAYS).toString());
        q.setInt(from + 3, threshold);
        return from + FIGURE_PARAMETERS;
    }

    private static Figures figures(ResultSet rs, int from) throws SQLException {
        int[] v = new int[FIGURE_COLUMNS];
        long lessons = rs.getLong(from + 11);
        long attended = rs.getLong(from + 12);
        for (int i = 0; i < FIGURE_COLUMNS; i++) {
            if (i != 11 && i != 12) {
                v[i] = rs.getInt(from + i);
            }
        }
        return new Figures(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], lessons, attended, v[13], v[14], v[15]);
    }

    /** The organisation's own settings the pages need: its name, the attendance threshold, the academic year. */
    public record Setting(String organisationName, int attendanceThreshold, AcademicYear year) {
    }

    public Setting setting() throws SQLException {
        try (Connection c = db.connection()) {
            return setting(c);
        }
    }

    private Setting setting(Connection c) throws SQLException {
        String name = null;
        int threshold = org.tutela.sync.server.headoffice.Organisation.DEFAULT_ATTENDANCE_THRESHOLD;
        try (PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ? AND deleted = FALSE")) {
            q.setString(1, RecordKinds.ORGANISATION_ID.toString());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    try {
                        Organisation o = RecordJson.read(rs.getString(1).getBytes(StandardCharsets.UTF_8), Organisation.class);
                        name = o.name();
                        if (o.attendanceThreshold() != null) {
                            threshold = o.attendanceThreshold();
                        }
                    } catch (IOException | RuntimeException unreadable) {
                        // the defaults
                    }
                }
            }
        }
        return new Setting(name, threshold, AcademicYear.of(today()));
    }

    /** The whole organisation, its tutors and its groups, at once. */
    public record Overview(Setting setting, Figures organisation, List<Line> tutors, List<Line> groups, ReportProjector.Progress progress) {
    }

    public Overview overview() throws SQLException {
        LocalDate today = today();
        try (Connection c = db.connection()) {
            Setting s = setting(c);
            return new Overview(s, organisation(c, today, s.attendanceThreshold()), tutors(c, today, s.attendanceThreshold()),
                    groups(c, today, s.attendanceThreshold()), ReportProjector.progress(db));
        }
    }

    private Figures organisation(Connection c, LocalDate today, int threshold) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + FIGURES + " FROM report_learners l")) {
            bindFigures(q, 1, today, threshold);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? figures(rs, 1) : Figures.NONE;
            }
        }
    }

    /** A tutor's caseload as SQL rows (tutor_id, learner_id): learners assigned to them, and the learners of their groups. */
    private static final String CASELOAD_LEARNERS = "SELECT c.tutor_id, c.scope_id AS learner_id FROM caseload c WHERE c.scope_type = 'learner'"
            + " UNION SELECT c.tutor_id, g.learner_id FROM caseload c JOIN report_learners g ON g.group_id = c.scope_id"
            + " WHERE c.scope_type = 'group'";

    private List<Line> tutors(Connection c, LocalDate today, int threshold) throws SQLException {
        Map<String, Long> lastSync = lastSyncs(c);
        List<Line> lines = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT u.username, u.display_name, u.disabled, " + FIGURES + " FROM users u"
                + " LEFT JOIN (" + CASELOAD_LEARNERS + ") m ON m.tutor_id = u.id LEFT JOIN report_learners l ON l.learner_id = m.learner_id"
                + " WHERE u.role = 'tutor' GROUP BY u.id, u.username, u.display_name, u.disabled")) {
            bindFigures(q, 1, today, threshold);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Figures f = figures(rs, 4);
                    boolean disabled = rs.getBoolean(3);
                    if (disabled && f.learners() == 0) {
                        continue;
                    }
                    String name = rs.getString(2) == null || rs.getString(2).isBlank() ? rs.getString(1) : rs.getString(2);
                    lines.add(new Line(rs.getString(1), name, rs.getString(1), f, lastSync.get(rs.getString(1)), disabled));
                }
            }
        }
        lines.sort(Comparator.comparing(l -> l.name().toLowerCase(Locale.ROOT)));
        return lines;
    }

    /** Username to when any of their laptops last pushed or pulled (revoked laptops left out). */
    private static Map<String, Long> lastSyncs(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT u.username, MAX(d.last_push_at), MAX(d.last_pull_at) FROM devices d"
                + " JOIN users u ON u.id = d.user_id WHERE d.revoked_at IS NULL GROUP BY u.username");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long push = rs.getLong(2);
                boolean noPush = rs.wasNull();
                long pull = rs.getLong(3);
                boolean noPull = rs.wasNull();
                if (!noPush || !noPull) {
                    out.put(rs.getString(1), Math.max(noPush ? 0 : push, noPull ? 0 : pull));
                }
            }
        }
        return out;
    }

    /** Group id to the name of the tutor whose caseload holds it. */
    private static Map<String, String> groupTutors(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT c.scope_id, u.username, u.display_name FROM caseload c JOIN users u ON u.id = c.tutor_id"
                + " WHERE c.scope_type = 'group' ORDER BY u.username DESC");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(3) == null || rs.getString(3).isBlank() ? rs.getString(2) : rs.getString(3));
            }
        }
        return out;
    }

    private List<Line> groups(Connection c, LocalDate today, int threshold) throws SQLException {
        Map<String, String> tutors = groupTutors(c);
        List<Line> lines = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT g.group_id, g.name, g.course, g.archived, " + FIGURES + " FROM report_groups g"
                + " LEFT JOIN report_learners l ON l.group_id = g.group_id GROUP BY g.group_id, g.name, g.course, g.archived")) {
            bindFigures(q, 1, today, threshold);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Figures f = figures(rs, 5);
                    boolean archived = rs.getBoolean(4);
                    if (archived && f.learners() == 0) {
                        continue;
                    }
                    lines.add(new Line(rs.getString(1), rs.getString(2), tutors.get(rs.getString(1)), f, null, archived));
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT " + FIGURES + " FROM report_learners l WHERE l.group_id IS NULL"
                + " OR l.group_id NOT IN (SELECT group_id FROM report_groups)")) {
            bindFigures(q, 1, today, threshold);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && rs.getInt(1) > 0) {
                    lines.add(new Line("", null, null, figures(rs, 1), null, true));
                }
            }
        }
        lines.sort(Comparator.comparing((Line l) -> l.name() == null ? "\uffff" : l.name().toLowerCase(Locale.ROOT)));
        return lines;
    }

    // ---------------------------------------------------------------- learners

    /** What the learners list shows: who, where, which review state and filters. */
    public record LearnerFilter(String tutor, String group, String text, String state, boolean atRisk, boolean vulnerable,
                                boolean openToPastoral, boolean underThreshold, boolean shortfall) {
        public static final LearnerFilter ALL = new LearnerFilter(null, null, null, null, false, false, false, false, false);

        public boolean any() {
            return tutor != null || group != null || text != null || state != null || atRisk || vulnerable || openToPastoral
                    || underThreshold || shortfall;
        }
    }

    /** A learner's line. */
    public record LearnerLine(String id, String name, String uln, String groupId, String groupName, String tutorName, String status,
                              boolean atRisk, boolean vulnerable, boolean openToPastoral, int reviewsHeld, int reviewsEntitled,
                              int reviewShortfall, int sessionsHeld, int sessionsEntitled, LocalDate dueBy, LocalDate lastReview,
                              Integer lessons, Integer absences, int targetsSet, int targetsMet, int concernsOpen) {

        public Double attendancePercent() {
            return lessons == null || lessons == 0 ? null : Math.floor(1000.0 * (lessons - absences) / lessons) / 10.0;
        }

        public boolean overdue(LocalDate today) {
            return dueBy != null && dueBy.isBefore(today);
        }

        public boolean dueThisWeek(LocalDate today) {
            return dueBy != null && !dueBy.isBefore(today) && !dueBy.isAfter(today.plusDays(DUE_WITHIN_DAYS));
        }

        public boolean underThreshold(int threshold) {
            return lessons != null && lessons > 0 && (lessons - absences) * 100L < (long) threshold * lessons;
        }

        public boolean active() {
            return "ACTIVE".equals(status);
        }
    }

    /** The columns a learners list can be sorted by, as SQL. */
    public static final Map<String, String> LEARNER_SORTS = Map.ofEntries(
            Map.entry("name", "l.sort_name"),
            Map.entry("group", "g.name"),
            Map.entry("reviews", "CASE WHEN l.reviews_entitled = 0 THEN 1000 ELSE l.reviews_held * 100 / l.reviews_entitled END"),
            Map.entry("shortfall", "l.review_shortfall"),
            Map.entry("sessions", "CASE WHEN l.sessions_entitled = 0 THEN 1000 ELSE l.sessions_held * 100 / l.sessions_entitled END"),
            Map.entry("due", "CASE WHEN l.due_by IS NULL THEN '9999-12-31' ELSE l.due_by END"),
            // a learner whose attendance is not known sorts after every known one, either way round
            Map.entry("attendance", "CASE WHEN l.lessons IS NULL OR l.lessons = 0 THEN NULL ELSE (l.lessons - l.absences) * 1000 / l.lessons END"),
            Map.entry("targets", "l.targets_met"),
            Map.entry("concerns", "l.concerns_open"));

    public record LearnerPage(List<LearnerLine> lines, int total) {
    }

    /**
     * @param sort a key of {@link #LEARNER_SORTS} (else by name)
     * @param limit at most this many lines (0: all)
     */
    public LearnerPage learners(LearnerFilter f, String sort, boolean descending, int offset, int limit) throws SQLException {
        LocalDate today = today();
        try (Connection c = db.connection()) {
            Setting s = setting(c);
            List<Object> params = new ArrayList<>();
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            if (f.tutor() != null) {
                where.append(" AND l.learner_id IN (SELECT m.learner_id FROM (").append(CASELOAD_LEARNERS)
                        .append(") m JOIN users u ON u.id = m.tutor_id WHERE u.username = ?)");
                params.add(f.tutor());
            }
            if (f.group() != null) {
                if (f.group().isEmpty()) {
                    where.append(" AND (l.group_id IS NULL OR l.group_id NOT IN (SELECT group_id FROM report_groups))");
                } else {
                    where.append(" AND l.group_id = ?");
                    params.add(f.group());
                }
            }
            if (f.text() != null) {
                where.append(" AND (LOWER(l.display_name) LIKE ? OR LOWER(l.sort_name) LIKE ? OR l.uln LIKE ?)");
                String like = "%" + f.text().toLowerCase(Locale.ROOT).replace("\\", "").replace("%", "").replace("_", "") + "%";
                params.add(like);
                params.add(like);
                params.add(like);
            }
            if ("overdue".equals(f.state())) {
                where.append(" AND l.due_by < ?");
                params.add(today.toString());
            } else if ("week".equals(f.state())) {
                where.append(" AND l.due_by >= ? AND l.due_by <= ?");
                params.add(today.toString());
                params.add(today.plusDays(DUE_WITHIN_DAYS).toString());
            }
            if (f.atRisk()) {
                where.append(" AND l.at_risk = TRUE");
            }
            if (f.vulnerable()) {
                where.append(" AND l.vulnerable = TRUE");
            }
            if (f.openToPastoral()) {
                where.append(" AND l.open_to_pastoral = TRUE");
            }
            if (f.underThreshold()) {
                where.append(" AND l.lessons > 0 AND (l.lessons - l.absences) * 100 < ? * l.lessons");
                params.add(s.attendanceThreshold());
            }
            if (f.shortfall()) {
                where.append(" AND l.review_shortfall > 0");
            }
            String from = " FROM report_learners l LEFT JOIN report_groups g ON g.group_id = l.group_id" + where;
            int total;
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*)" + from)) {
                bindAll(q, params);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            String order = LEARNER_SORTS.getOrDefault(sort, "l.sort_name");
            Map<String, String> tutors = groupTutors(c);
            List<LearnerLine> lines = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT l.learner_id, l.display_name, l.uln, l.group_id, g.name, l.status, l.at_risk,"
                    + " l.vulnerable, l.open_to_pastoral, l.reviews_held, l.reviews_entitled, l.review_shortfall, l.sessions_held,"
                    + " l.sessions_entitled, l.due_by, l.last_review, l.lessons, l.absences, l.targets_set, l.targets_met, l.concerns_open"
                    + from + " ORDER BY " + order + (descending ? " DESC" : " ASC") + " NULLS LAST, l.sort_name, l.learner_id"
                    + (limit > 0 ? " LIMIT " + limit + " OFFSET " + Math.max(0, offset) : ""))) {
                bindAll(q, params);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        lines.add(learnerLine(rs, tutors));
                    }
                }
            }
            return new LearnerPage(lines, total);
        }
    }

    private static LearnerLine learnerLine(ResultSet rs, Map<String, String> tutors) throws SQLException {
        Integer lessons = rs.getInt(17);
        if (rs.wasNull()) {
            lessons = null;
        }
        Integer absences = rs.getInt(18);
        if (rs.wasNull()) {
            absences = null;
        }
        return new LearnerLine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(4) == null ? null : tutors.get(rs.getString(4)), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8),
                rs.getBoolean(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13), rs.getInt(14), date(rs.getString(15)),
                date(rs.getString(16)), lessons, absences, rs.getInt(19), rs.getInt(20), rs.getInt(21));
    }

    private static void bindAll(PreparedStatement q, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Integer n) {
                q.setInt(i + 1, n);
            } else {
                q.setString(i + 1, (String) p);
            }
        }
    }

    /** The display name of a tutor (by username) and of a group (by id), for a filtered list's heading. */
    public Optional<String> tutorName(String username) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT username, display_name FROM users WHERE username = ? AND role = 'tutor'")) {
            q.setString(1, username);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(2) == null || rs.getString(2).isBlank() ? rs.getString(1) : rs.getString(2))
                        : Optional.empty();
            }
        }
    }

    public Optional<String> groupName(String groupId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT name FROM report_groups WHERE group_id = ?")) {
            q.setString(1, groupId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    // ---------------------------------------------------------------- one learner

    /** A tutorial on the learner's timeline: its facts; a confidential one is its envelope and nothing more. */
    public record TimelineEntry(LocalDate date, String kind, String outcome, String tutor, boolean confidential, boolean draft,
                                boolean signed, boolean groupSession) {
    }

    public record TargetLine(String text, LocalDate setOn, LocalDate byWhen, String status) {
    }

    /** How many concerns of one category the learner has, open and closed: never what they say. */
    public record ConcernCount(String category, int open, int closed) {
    }

    /**
     * @param learner the learner record as the tutor's laptop wrote it (header and contacts), or null if it cannot be read
     * @param tutors the names of the tutors whose caseload holds the learner
     */
    public record LearnerView(LearnerLine line, Learner learner, String groupCourse, List<String> tutors, List<TimelineEntry> timeline,
                              List<TargetLine> targets, List<ConcernCount> concerns, int reviewsPossible, LocalDate lastTutorial,
                              Setting setting) {
    }

    public Optional<LearnerView> learner(String learnerId) throws SQLException {
        try (Connection c = db.connection()) {
            Setting s = setting(c);
            Map<String, String> groupTutors = groupTutors(c);
            LearnerLine line;
            int possible;
            LocalDate lastTutorial;
            String course;
            try (PreparedStatement q = c.prepareStatement("SELECT l.learner_id, l.display_name, l.uln, l.group_id, g.name, l.status, l.at_risk,"
                    + " l.vulnerable, l.open_to_pastoral, l.reviews_held, l.reviews_entitled, l.review_shortfall, l.sessions_held,"
                    + " l.sessions_entitled, l.due_by, l.last_review, l.lessons, l.absences, l.targets_set, l.targets_met, l.concerns_open,"
                    + " l.reviews_possible, l.last_tutorial, g.course FROM report_learners l LEFT JOIN report_groups g ON g.group_id = l.group_id"
                    + " WHERE l.learner_id = ?")) {
                q.setString(1, learnerId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    line = learnerLine(rs, groupTutors);
                    possible = rs.getInt(22);
                    lastTutorial = date(rs.getString(23));
                    course = rs.getString(24);
                }
            }
            Learner learner = null;
            try (PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ? AND kind = ? AND deleted = FALSE"
                    + " AND sealed = FALSE")) {
                q.setString(1, learnerId);
                q.setString(2, RecordKinds.LEARNER);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        try {
                            learner = RecordJson.read(rs.getString(1).getBytes(StandardCharsets.UTF_8), Learner.class);
                        } catch (IOException | RuntimeException unreadable) {
                            learner = null;
                        }
                    }
                }
            }
            List<String> tutors = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT u.username, u.display_name FROM (" + CASELOAD_LEARNERS + ") m"
                    + " JOIN users u ON u.id = m.tutor_id WHERE m.learner_id = ? ORDER BY u.username")) {
                q.setString(1, learnerId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        tutors.add(rs.getString(2) == null || rs.getString(2).isBlank() ? rs.getString(1) : rs.getString(2));
                    }
                }
            }
            List<TimelineEntry> timeline = new ArrayList<>();
            // the tutor as the laptop wrote them (a username), by name where head office knows them
            try (PreparedStatement q = c.prepareStatement("SELECT t.held_on, t.kind, t.outcome, COALESCE(NULLIF(u.display_name, ''), t.tutor),"
                    + " t.confidential, t.draft, t.signed FROM report_tutorial_learners tl JOIN report_tutorials t ON t.tutorial_id = tl.tutorial_id"
                    + " LEFT JOIN users u ON u.username = t.tutor WHERE tl.learner_id = ?"
                    + " ORDER BY t.held_on DESC, t.tutorial_id")) {
                q.setString(1, learnerId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        timeline.add(new TimelineEntry(date(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), "GROUP_SESSION".equals(rs.getString(2))));
                    }
                }
            }
            List<TargetLine> targets = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT text, set_on, by_when, status FROM report_targets WHERE learner_id = ?"
                    + " ORDER BY set_on DESC, target_id")) {
                q.setString(1, learnerId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        targets.add(new TargetLine(rs.getString(1), date(rs.getString(2)), date(rs.getString(3)), rs.getString(4)));
                    }
                }
            }
            Map<String, int[]> byCategory = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT category, status, COUNT(*) FROM report_concerns WHERE learner_id = ?"
                    + " GROUP BY category, status ORDER BY category")) {
                q.setString(1, learnerId);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        int[] n = byCategory.computeIfAbsent(rs.getString(1), k -> new int[2]);
                        n["CLOSED".equals(rs.getString(2)) ? 1 : 0] += rs.getInt(3);
                    }
                }
            }
            List<ConcernCount> concerns = new ArrayList<>();
            byCategory.forEach((k, n) -> concerns.add(new ConcernCount(k, n[0], n[1])));
            return Optional.of(new LearnerView(line, learner, course, tutors, timeline, targets, concerns, possible, lastTutorial, s));
        }
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }

    /** Sorts lines of a table by a column key (else by name); lines without a figure go last. */
    public static List<Line> sorted(List<Line> lines, String key, boolean descending) {
        Function<Line, Comparable<?>> f = switch (key == null ? "" : key) {
            case "learners" -> l -> l.figures().learners();
            case "reviews" -> l -> l.figures().reviewsPercent();
            case "shortfall" -> l -> l.figures().reviewShortfall();
            case "sessions" -> l -> l.figures().sessionsPercent();
            case "overdue" -> l -> l.figures().overdue();
            case "week" -> l -> l.figures().dueThisWeek();
            case "atRisk" -> l -> l.figures().atRisk();
            case "vulnerable" -> l -> l.figures().vulnerable();
            case "pastoral" -> l -> l.figures().openToPastoral();
            case "attendance" -> l -> l.figures().attendancePercent();
            case "under" -> l -> l.figures().underThreshold();
            case "targets" -> l -> l.figures().targetsPercent();
            case "sync" -> Line::lastSync;
            default -> l -> l.name() == null ? null : l.name().toLowerCase(Locale.ROOT);
        };
        Comparator<Comparable<Object>> order = descending ? Comparator.<Comparable<Object>>reverseOrder() : Comparator.<Comparable<Object>>naturalOrder();
        @SuppressWarnings("unchecked")
        Comparator<Line> byValue = Comparator.comparing(l -> (Comparable<Object>) f.apply(l), Comparator.nullsLast(order));
        List<Line> out = new ArrayList<>(lines);
        out.sort(byValue.thenComparing(l -> l.name() == null ? "\uffff" : l.name().toLowerCase(Locale.ROOT)));
        return out;
    }
}
