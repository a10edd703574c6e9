package org.tutela.sync.server.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.IdLists;

/**
 * Writes what a chunk of records changes ({@link ReportChanges}) into the report tables, a table
 * at a time (groups, learners, tutorials and the learners each involves, targets, concerns), in
 * the projector's transaction, and marks in {@code report_dirty} the learners whose figures
 * {@link LearnerFiguresWriter} must work out again.
 */
final class ReportTablesWriter {
    private ReportTablesWriter() {
    }

    static void apply(Connection c, ReportChanges ch, LocalDate today) throws Exception {
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
}
