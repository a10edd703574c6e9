package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseloadSummaryTest {

    @Test
    void perLearnerHeldAgainstEntitlementOverdueAtRiskAndTargets() {
        Group g = Fixtures.group(ReviewFrequency.everyWeeks(8));
        Learner a = Fixtures.learner(g, LocalDate.of(2025, 9, 1)).toBuilder().flag(LearnerFlag.AT_RISK_OF_DROP_OUT, true).build();
        Learner b = Fixtures.learner(g, LocalDate.of(2025, 9, 1)).toBuilder().id(java.util.UUID.randomUUID())
                .givenName("Thelix").build();
        LocalDate today = LocalDate.of(2026, 1, 20);
        Tutorial ra = Fixtures.heldReview(a, LocalDate.of(2025, 10, 1));
        Tutorial rb = Fixtures.heldReview(b, LocalDate.of(2026, 1, 5));
        Tutorial gs = Fixtures.heldGroupSession(g.id(), LocalDate.of(2025, 11, 5), a.id(), b.id());
        Target set = Target.set(a.id(), NewTarget.of("x", null), ra.id(), ra.date()).withStatus(TargetStatus.MET);
        Target set2 = Target.set(a.id(), NewTarget.of("y", null), ra.id(), ra.date());
        CaseloadSummary s = CaseloadSummary.compute(List.of(a, b), Map.of(g.id(), g),
                Map.of(a.id(), List.of(ra, gs), b.id(), List.of(rb, gs)), Map.of(a.id(), List.of(set, set2)),
                new AcademicYear(2025), AcademicCalendar.standard(), today);
        assertEquals(2, s.rows().size());
        CaseloadSummary.Row rowA = s.rows().stream().filter(r -> r.learnerId().equals(a.id())).findFirst().orElseThrow();
        assertEquals(1, rowA.tally().reviewsHeld());
        assertEquals(1, rowA.tally().groupSessionsHeld());
        assertTrue(rowA.review().overdue());
        assertTrue(rowA.atRisk());
        assertEquals(2, rowA.targetsSet());
        assertEquals(1, rowA.targetsMet());
        assertEquals(new CaseloadSummary.Totals(2, 2, 8, 2, 16, 1, 1, 2, 1), s.totals());
    }
}
