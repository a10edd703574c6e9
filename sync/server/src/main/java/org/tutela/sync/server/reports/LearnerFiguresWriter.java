package org.tutela.sync.server.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.ConcernStatus;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.LearnerStatus;
import org.tutela.app.domain.Organisation;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.records.RecordJson;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.IdLists;

/**
 * Works out learners' figures from what the report tables hold of them (their own row, their
 * group's, the tutorials that involve them, their targets and concerns) with the laptop's rules
 * ({@link LearnerFigures}), and stores them in their {@code report_learners} rows. The projector
 * calls it for the learners its changes marked.
 */
final class LearnerFiguresWriter {
    private static final String ORGANISATION_ID = RecordKinds.ORGANISATION_ID.toString();

    private LearnerFiguresWriter() {
    }

    /** The organisation's term dates and default entitlement as the laptops receive them (the standard ones when none is set). */
    private record OrgRules(AcademicCalendar calendar, Entitlement defaultEntitlement) {
    }

    private static OrgRules organisation(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT payload, deleted FROM records WHERE record_id = ?")) {
            q.setString(1, ORGANISATION_ID);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && !rs.getBoolean(2) && rs.getString(1) != null) {
                    try {
                        Organisation o = RecordJson.read(rs.getString(1).getBytes(StandardCharsets.UTF_8), Organisation.class);
                        return new OrgRules(o.calendar(), o.defaultEntitlement());
                    } catch (IOException | RuntimeException unreadable) {
                        // as on a laptop: its own (standard) settings apply
                    }
                }
            }
        }
        return new OrgRules(AcademicCalendar.standard(), Entitlement.DEFAULT);
    }

    /** Works out these learners' figures from the report tables and stores them, in the caller's transaction. */
    static void workOut(Connection c, Collection<String> learnerIds, LocalDate today) throws SQLException {
        OrgRules org = organisation(c);
        for (List<String> slice : IdLists.slices(learnerIds)) {
            recomputeSlice(c, slice, org, today);
        }
    }

    private static void recomputeSlice(Connection c, List<String> ids, OrgRules org, LocalDate today) throws SQLException {
        String in = IdLists.placeholders(ids.size());
        Map<String, Learner> learners = new LinkedHashMap<>();
        Set<String> groupIds = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT learner_id, group_id, given_name, family_name, preferred_name, status,"
                + " start_date, at_risk FROM report_learners WHERE learner_id IN (" + in + ")")) {
            IdLists.bind(q, ids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String group = rs.getString(2);
                    Learner.Builder b = Learner.builder().id(UUID.fromString(rs.getString(1))).givenName(rs.getString(3))
                            .familyName(rs.getString(4)).preferredName(rs.getString(5)).status(LearnerStatus.valueOf(rs.getString(6)))
                            .startDate(date(rs.getString(7))).flag(LearnerFlag.AT_RISK_OF_DROP_OUT, rs.getBoolean(8));
                    if (group != null) {
                        b.group(UUID.fromString(group));
                        groupIds.add(group);
                    }
                    learners.put(rs.getString(1), b.build());
                }
            }
        }
        if (learners.isEmpty()) {
            return;
        }
        Map<String, Group> groups = new HashMap<>();
        if (!groupIds.isEmpty()) {
            List<String> gl = new ArrayList<>(groupIds);
            try (PreparedStatement q = c.prepareStatement("SELECT group_id, name, review_unit, review_every, own_reviews, own_sessions"
                    + " FROM report_groups WHERE group_id IN (" + IdLists.placeholders(gl.size()) + ")")) {
                IdLists.bind(q, gl);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Integer reviews = integer(rs, 5);
                        Integer sessions = integer(rs, 6);
                        groups.put(rs.getString(1), new Group(UUID.fromString(rs.getString(1)), rs.getString(2), null, null, null,
                                new ReviewFrequency(ReviewFrequency.Unit.valueOf(rs.getString(3)), rs.getInt(4)),
                                reviews == null || sessions == null ? null : new Entitlement(reviews, sessions)));
                    }
                }
            }
        }
        Map<String, List<TutorialSummary>> tutorials = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT tl.learner_id, t.tutorial_id, t.kind, t.held_on, t.outcome"
                + " FROM report_tutorial_learners tl JOIN report_tutorials t ON t.tutorial_id = tl.tutorial_id WHERE tl.learner_id IN (" + in + ")")) {
            IdLists.bind(q, ids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    // the facts the rules read, seen from this learner (it involves them)
                    UUID learner = UUID.fromString(rs.getString(1));
                    tutorials.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new TutorialSummary(UUID.fromString(rs.getString(2)),
                            TutorialKind.valueOf(rs.getString(3)), learner, null, List.of(), null, date(rs.getString(4)), null,
                            TutorialOutcome.valueOf(rs.getString(5)), null, false, false, false, false));
                }
            }
        }
        Map<String, List<Target>> targets = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT learner_id, target_id, set_on, status FROM report_targets WHERE learner_id IN ("
                + in + ")")) {
            IdLists.bind(q, ids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    UUID learner = UUID.fromString(rs.getString(1));
                    targets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Target(UUID.fromString(rs.getString(2)), learner,
                            "-", null, null, date(rs.getString(3)), TargetStatus.valueOf(rs.getString(4)), List.of()));
                }
            }
        }
        Map<String, int[]> concerns = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT learner_id, status FROM report_concerns WHERE learner_id IN (" + in + ")")) {
            IdLists.bind(q, ids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    int[] n = concerns.computeIfAbsent(rs.getString(1), k -> new int[2]);
                    n[1]++;
                    if (!ConcernStatus.CLOSED.name().equals(rs.getString(2))) {
                        n[0]++;
                    }
                }
            }
        }
        int year = AcademicYear.of(today).startYear();
        try (PreparedStatement u = c.prepareStatement("UPDATE report_learners SET academic_year = ?, reviews_held = ?, reviews_entitled = ?,"
                + " sessions_held = ?, sessions_entitled = ?, tot_reviews_held = ?, tot_reviews_entitled = ?, tot_sessions_held = ?,"
                + " tot_sessions_entitled = ?, last_review = ?, last_tutorial = ?, due_by = ?, reviews_possible = ?, review_shortfall = ?,"
                + " targets_set = ?, targets_met = ?, concerns_open = ?, concerns_all = ? WHERE learner_id = ?")) {
            for (Map.Entry<String, Learner> e : learners.entrySet()) {
                Learner l = e.getValue();
                Group g = l.primaryGroupId() == null ? null : groups.get(l.primaryGroupId().toString());
                LearnerFigures f = LearnerFigures.of(l, g, tutorials.getOrDefault(e.getKey(), List.of()),
                        targets.getOrDefault(e.getKey(), List.of()), org.calendar(), org.defaultEntitlement(), today);
                int[] cn = concerns.getOrDefault(e.getKey(), new int[2]);
                int i = 1;
                u.setInt(i++, year);
                u.setInt(i++, f.row().tally().reviewsHeld());
                u.setInt(i++, f.row().tally().entitlement().oneToOneReviews());
                u.setInt(i++, f.row().tally().groupSessionsHeld());
                u.setInt(i++, f.row().tally().entitlement().groupSessions());
                u.setInt(i++, f.totals().reviewsHeld());
                u.setInt(i++, f.totals().reviewsEntitled());
                u.setInt(i++, f.totals().groupSessionsHeld());
                u.setInt(i++, f.totals().groupSessionsEntitled());
                u.setString(i++, iso(f.row().review().lastHeld()));
                u.setString(i++, iso(f.row().review().lastTutorial()));
                u.setString(i++, iso(f.row().review().dueBy()));
                u.setInt(i++, f.shortfall().stillPossible());
                u.setInt(i++, f.shortfall().shortfall());
                u.setInt(i++, f.totals().targetsSet());
                u.setInt(i++, f.totals().targetsMet());
                u.setInt(i++, cn[0]);
                u.setInt(i++, cn[1]);
                u.setString(i, e.getKey());
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static LocalDate date(String iso) {
        return iso == null ? null : LocalDate.parse(iso);
    }

    private static String iso(LocalDate d) {
        return d == null ? null : d.toString();
    }
}
