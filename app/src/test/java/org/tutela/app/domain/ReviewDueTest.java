package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewDueTest {
    private final AcademicCalendar cal = AcademicCalendar.standard();

    @Test
    void everyTwelveWeeksFromTheLastHeldReview() {
        Group g = Fixtures.group(ReviewFrequency.everyWeeks(12));
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        Tutorial last = Fixtures.heldReview(l, LocalDate.of(2025, 10, 1));
        Tutorial older = Fixtures.heldReview(l, LocalDate.of(2025, 9, 3));
        ReviewDue d = ReviewDue.of(l, g, List.of(older, last), cal, LocalDate.of(2025, 11, 1));
        assertEquals(LocalDate.of(2025, 12, 24), d.dueBy());
        assertEquals(LocalDate.of(2025, 10, 1), d.lastHeld());
        assertEquals(ReviewDue.State.ON_TRACK, d.state());

        assertEquals(ReviewDue.State.DUE, ReviewDue.of(l, g, List.of(last), cal, LocalDate.of(2025, 12, 10)).state());
        assertEquals(ReviewDue.State.DUE, ReviewDue.of(l, g, List.of(last), cal, LocalDate.of(2025, 12, 24)).state());
        assertTrue(ReviewDue.of(l, g, List.of(last), cal, LocalDate.of(2025, 12, 25)).overdue());
    }

    @Test
    void onlyHeldOneToOneReviewsResetTheClock() {
        Group g = Fixtures.group(ReviewFrequency.monthly());
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        Tutorial held = Fixtures.heldReview(l, LocalDate.of(2025, 9, 15));
        Tutorial cancelled = Fixtures.heldReview(l, LocalDate.of(2025, 10, 10)).toBuilder()
                .outcome(TutorialOutcome.CANCELLED).build();
        Tutorial informal = Tutorial.plan(TutorialKind.INFORMAL_SUPPORT, l.id(), g.id(), "T",
                TutorialPlan.on(LocalDate.of(2025, 10, 12), null, null)).withOutcome(TutorialOutcome.HELD, null);
        Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "T",
                TutorialPlan.on(LocalDate.of(2025, 10, 20), LocalTime.NOON, "Room 1"));
        ReviewDue d = ReviewDue.of(l, g, List.of(held, cancelled, informal, planned), cal, LocalDate.of(2025, 10, 16));
        assertEquals(LocalDate.of(2025, 10, 15), d.dueBy());
        assertTrue(d.overdue());
        assertEquals(LocalDate.of(2025, 10, 12), d.lastTutorial());
        assertEquals(LocalDate.of(2025, 10, 20), d.nextPlanned());
    }

    @Test
    void halfTermlyIsDueByTheEndOfTheNextHalfTerm() {
        Group g = Fixtures.group(ReviewFrequency.halfTermly());
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        // held in autumn 1 (1 Aug - 26 Oct): due by the end of autumn 2 (31 Dec)
        ReviewDue d = ReviewDue.of(l, g, List.of(Fixtures.heldReview(l, LocalDate.of(2025, 10, 6))), cal,
                LocalDate.of(2025, 11, 3));
        assertEquals(LocalDate.of(2025, 12, 31), d.dueBy());
        // none held yet: due by the end of the half-term the learner started in
        ReviewDue first = ReviewDue.of(l, g, List.of(), cal, LocalDate.of(2025, 10, 27));
        assertEquals(LocalDate.of(2025, 10, 26), first.dueBy());
        assertTrue(first.overdue());
    }

    @Test
    void termlyCrossesTheAcademicYear() {
        Group g = Fixtures.group(ReviewFrequency.termly());
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        // held in the summer term 2026: due by the end of autumn 2026
        ReviewDue d = ReviewDue.of(l, g, List.of(Fixtures.heldReview(l, LocalDate.of(2026, 5, 5))), cal,
                LocalDate.of(2026, 6, 1));
        assertEquals(LocalDate.of(2026, 12, 31), d.dueBy());
        ReviewDue spring = ReviewDue.of(l, g, List.of(Fixtures.heldReview(l, LocalDate.of(2025, 11, 5))), cal,
                LocalDate.of(2025, 12, 1));
        assertEquals(LocalDate.of(2026, 4, 12), spring.dueBy());
    }

    @Test
    void learnersWhoAreNotActiveAreNeverOverdue() {
        Group g = Fixtures.group(ReviewFrequency.monthly());
        Learner l = Fixtures.learner(g, LocalDate.of(2020, 9, 1)).toBuilder().status(LearnerStatus.WITHDRAWN).build();
        ReviewDue d = ReviewDue.of(l, g, List.of(), cal, LocalDate.of(2025, 10, 1));
        assertNull(d.dueBy());
        assertEquals(ReviewDue.State.NOT_DUE, d.state());
    }

    @Test
    void calendarHalfTerms() {
        assertEquals(0, cal.halfTermOf(LocalDate.of(2025, 8, 1)));
        assertEquals(0, cal.halfTermOf(LocalDate.of(2025, 10, 26)));
        assertEquals(1, cal.halfTermOf(LocalDate.of(2025, 10, 27)));
        assertEquals(2, cal.halfTermOf(LocalDate.of(2026, 1, 1)));
        assertEquals(5, cal.halfTermOf(LocalDate.of(2026, 7, 31)));
        assertEquals(LocalDate.of(2026, 7, 31), cal.endOfHalfTermsAfter(LocalDate.of(2026, 6, 3), 0));
        assertEquals(LocalDate.of(2026, 10, 26), cal.endOfHalfTermsAfter(LocalDate.of(2026, 6, 3), 1));
        assertEquals("2025/26", AcademicYear.of(LocalDate.of(2026, 7, 31)).label());
        assertEquals("2026/27", AcademicYear.of(LocalDate.of(2026, 8, 1)).label());
    }
}
