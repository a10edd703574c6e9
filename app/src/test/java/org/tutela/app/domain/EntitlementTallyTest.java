package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntitlementTallyTest {

    @Test
    void countsHeldTutorialsInTheAcademicYearOnly() {
        Group g = Fixtures.group(ReviewFrequency.halfTermly());
        Learner l = Fixtures.learner(g, LocalDate.of(2024, 9, 1));
        Learner other = Fixtures.learner(g, LocalDate.of(2024, 9, 1)).toBuilder().id(java.util.UUID.randomUUID()).build();
        List<Tutorial> ts = new ArrayList<>();
        ts.add(Fixtures.heldReview(l, LocalDate.of(2025, 7, 31)));   // 2024/25
        ts.add(Fixtures.heldReview(l, LocalDate.of(2025, 8, 1)));    // 2025/26
        ts.add(Fixtures.heldReview(l, LocalDate.of(2026, 7, 31)));   // 2025/26
        ts.add(Fixtures.heldReview(l, LocalDate.of(2026, 8, 1)));    // 2026/27
        ts.add(Fixtures.heldReview(l, LocalDate.of(2025, 11, 1)).withConfidential(true)); // confidential still counts
        ts.add(Fixtures.heldReview(l, LocalDate.of(2025, 12, 1)).toBuilder().outcome(TutorialOutcome.DID_NOT_ATTEND).build());
        ts.add(Fixtures.heldReview(other, LocalDate.of(2025, 12, 2)));
        ts.add(Fixtures.heldGroupSession(g.id(), LocalDate.of(2025, 9, 10), l.id(), other.id()));
        ts.add(Fixtures.heldGroupSession(g.id(), LocalDate.of(2025, 9, 17), other.id()));
        ts.add(Fixtures.heldGroupSession(g.id(), LocalDate.of(2025, 7, 1), l.id()));
        ts.add(Tutorial.plan(TutorialKind.MENTORING_MEETING, l.id(), g.id(), "T",
                TutorialPlan.on(LocalDate.of(2026, 2, 2), null, null)).withOutcome(TutorialOutcome.HELD, null));

        EntitlementTally y = EntitlementTally.of(l.id(), new AcademicYear(2025), g.entitlement(), ts);
        assertEquals(3, y.reviewsHeld());
        assertEquals(1, y.groupSessionsHeld());
        assertEquals(1, y.mentoringHeld());
        assertEquals(1, y.reviewsOutstanding());
        assertEquals(7, y.groupSessionsOutstanding());
        assertFalse(y.met());

        EntitlementTally before = EntitlementTally.of(l.id(), new AcademicYear(2024), g.entitlement(), ts);
        assertEquals(1, before.reviewsHeld());
        assertEquals(1, before.groupSessionsHeld());
        assertEquals(1, EntitlementTally.of(l.id(), new AcademicYear(2026), g.entitlement(), ts).reviewsHeld());
    }

    @Test
    void groupOverridesTheDefaultEntitlement() {
        Group g = Fixtures.group(ReviewFrequency.termly()).withEntitlementOverride(new Entitlement(3, 0));
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        List<Tutorial> ts = List.of(Fixtures.heldReview(l, LocalDate.of(2025, 10, 1)),
                Fixtures.heldReview(l, LocalDate.of(2026, 1, 10)), Fixtures.heldReview(l, LocalDate.of(2026, 5, 1)));
        EntitlementTally t = EntitlementTally.of(l.id(), new AcademicYear(2025), g.entitlement(), ts);
        assertTrue(t.met());
        assertEquals(Entitlement.DEFAULT, Fixtures.group(ReviewFrequency.termly()).entitlement());
        assertEquals(new Entitlement(4, 8), Entitlement.DEFAULT);
    }
}
