package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NoticeTest {
    private final LocalDate day = LocalDate.of(2025, 11, 20);
    private final Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, UUID.randomUUID(), null, "T",
            TutorialPlan.on(day, LocalTime.of(10, 0), "Room 2"));

    @Test
    void tellTheLearnerAWeekAhead() {
        Notice n = Notice.of(planned, LocalDate.of(2025, 11, 1));
        assertEquals(Notice.State.TELL_BY, n.state());
        assertEquals(LocalDate.of(2025, 11, 13), n.tellBy());
        assertFalse(n.warning());
        assertEquals(Notice.State.TELL_BY, Notice.of(planned, LocalDate.of(2025, 11, 13)).state());
        Notice late = Notice.of(planned, LocalDate.of(2025, 11, 14));
        assertEquals(Notice.State.LATE, late.state());
        assertTrue(late.warning());
    }

    @Test
    void toldInTimeOrLate() {
        assertEquals(Notice.State.TOLD, Notice.of(planned.learnerNotified(LocalDate.of(2025, 11, 13)), day).state());
        assertEquals(Notice.State.TOLD_LATE, Notice.of(planned.learnerNotified(LocalDate.of(2025, 11, 18)), day).state());
    }

    @Test
    void changedArrangementsAfterTellingMeansTellAtOnce() {
        Tutorial told = planned.learnerNotified(LocalDate.of(2025, 11, 1));
        assertEquals(told, told.rearrange(day, LocalTime.of(10, 0), "Room 2"));
        Tutorial moved = told.rearrange(day, LocalTime.of(14, 0), "Room 2");
        assertTrue(moved.plan().arrangementsChanged());
        assertEquals(Notice.State.TELL_NOW_CHANGED, Notice.of(moved, LocalDate.of(2025, 11, 2)).state());
        Tutorial toldAgain = moved.learnerNotified(LocalDate.of(2025, 11, 2));
        assertFalse(toldAgain.plan().arrangementsChanged());
        assertEquals(Notice.State.TOLD, Notice.of(toldAgain, LocalDate.of(2025, 11, 3)).state());
        // moving a tutorial nobody was told about yet is not a change to tell
        assertFalse(planned.rearrange(day.plusDays(1), null, "Room 3").plan().arrangementsChanged());
        assertEquals(Notice.State.NOT_NEEDED, Notice.of(planned.withOutcome(TutorialOutcome.CANCELLED, "ill"), day).state());
    }
}
