package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewShortfallTest {
    private final AcademicCalendar cal = AcademicCalendar.standard();
    private final AcademicYear year = new AcademicYear(2025);

    private ReviewShortfall of(Group g, Learner l, List<Tutorial> held, LocalDate today) {
        EntitlementTally tally = EntitlementTally.of(l.id(), year, g.entitlement(), held);
        return ReviewShortfall.of(tally, ReviewDue.of(l, g, held, cal, today), g.reviewFrequency(), cal, today);
    }

    @Test
    void termlyWithOneHeldInSpringCanStillReachOnlyThreeOfFour() {
        Group g = Fixtures.group(ReviewFrequency.termly());
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        // held in spring: the next is due by the end of summer, and none fits after it
        ReviewShortfall s = of(g, l, List.of(Fixtures.heldReview(l, LocalDate.of(2026, 2, 2))), LocalDate.of(2026, 2, 10));
        assertEquals(1, s.stillPossible());
        assertEquals(2, s.shortfall());
    }

    @Test
    void halfTermlyInAutumnCanStillReachTheEntitlement() {
        Group g = Fixtures.group(ReviewFrequency.halfTermly());
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        ReviewShortfall s = of(g, l, List.of(Fixtures.heldReview(l, LocalDate.of(2025, 10, 6))), LocalDate.of(2025, 11, 3));
        // due by 31 Dec, then end of spring 1, spring 2, summer 1, summer 2
        assertEquals(5, s.stillPossible());
        assertEquals(0, s.shortfall());
    }

    @Test
    void anOverdueReviewCountsFromTodayAndALearnerNotActiveOwesNothing() {
        Group g = Fixtures.group(ReviewFrequency.termly());
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        // none held, first due by the end of autumn: overdue in May, one can still be held now
        ReviewShortfall s = of(g, l, List.of(), LocalDate.of(2026, 5, 4));
        assertEquals(1, s.stillPossible());
        assertEquals(3, s.shortfall());

        Learner onBreak = l.toBuilder().status(LearnerStatus.ON_BREAK).build();
        assertEquals(ReviewShortfall.NONE, of(g, onBreak, List.of(), LocalDate.of(2026, 5, 4)));
    }
}
