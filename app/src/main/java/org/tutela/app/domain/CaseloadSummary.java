package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The caseload summary for an academic year: per learner, tutorials held against entitlement,
 * the next review and whether it is overdue, at risk, and SMART targets met against set (targets
 * set in that year); and the totals.
 */
public record CaseloadSummary(AcademicYear year, LocalDate today, List<Row> rows, Totals totals) {

    public record Row(UUID learnerId, String learnerName, UUID groupId, String groupName, EntitlementTally tally,
                      ReviewDue review, boolean atRisk, int targetsSet, int targetsMet) {
    }

    public record Totals(int learners, int reviewsHeld, int reviewsEntitled, int groupSessionsHeld,
                         int groupSessionsEntitled, int overdueReviews, int atRisk, int targetsSet, int targetsMet) {
    }

    /**
     * @param tutorialsByLearner each learner's tutorials (group sessions under every attendee)
     * @param targetsByLearner each learner's targets
     */
    public static CaseloadSummary compute(Collection<Learner> learners, Map<UUID, Group> groups,
                                          Map<UUID, ? extends List<? extends TutorialFacts>> tutorialsByLearner,
                                          Map<UUID, ? extends List<Target>> targetsByLearner,
                                          AcademicYear year, AcademicCalendar calendar, LocalDate today) {
        return compute(learners, groups, tutorialsByLearner, targetsByLearner, year, calendar, today, Entitlement.DEFAULT);
    }

    /** @param defaultEntitlement a learner's entitlement where their group has none of its own (the organisation's) */
    public static CaseloadSummary compute(Collection<Learner> learners, Map<UUID, Group> groups,
                                          Map<UUID, ? extends List<? extends TutorialFacts>> tutorialsByLearner,
                                          Map<UUID, ? extends List<Target>> targetsByLearner,
                                          AcademicYear year, AcademicCalendar calendar, LocalDate today,
                                          Entitlement defaultEntitlement) {
        List<Row> rows = new ArrayList<>();
        int rh = 0, re = 0, gh = 0, ge = 0, over = 0, risk = 0, ts = 0, tm = 0;
        for (Learner l : learners) {
            Group g = l.primaryGroupId() == null ? null : groups.get(l.primaryGroupId());
            List<? extends TutorialFacts> ts0 = tutorialsByLearner.get(l.id());
            if (ts0 == null) {
                ts0 = List.of();
            }
            Entitlement ent = g == null ? defaultEntitlement : g.entitlement(defaultEntitlement);
            EntitlementTally tally = EntitlementTally.of(l.id(), year, ent, ts0);
            ReviewDue due = ReviewDue.of(l, g, ts0, calendar, today);
            int set = 0, met = 0;
            List<Target> lt = targetsByLearner.get(l.id());
            for (Target t : lt == null ? List.<Target>of() : lt) {
                if (year.contains(t.setOn())) {
                    set++;
                    if (t.status() == TargetStatus.MET) {
                        met++;
                    }
                }
            }
            rows.add(new Row(l.id(), l.displayName(), g == null ? null : g.id(), g == null ? null : g.name(),
                    tally, due, l.atRisk(), set, met));
            if (l.active()) {
                rh += tally.reviewsHeld();
                re += ent.oneToOneReviews();
                gh += tally.groupSessionsHeld();
                ge += ent.groupSessions();
            }
            over += due.overdue() ? 1 : 0;
            risk += l.atRisk() ? 1 : 0;
            ts += set;
            tm += met;
        }
        rows.sort(Comparator.comparing(Row::groupName, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Row::learnerName));
        return new CaseloadSummary(year, today, List.copyOf(rows),
                new Totals(rows.size(), rh, re, gh, ge, over, risk, ts, tm));
    }
}
