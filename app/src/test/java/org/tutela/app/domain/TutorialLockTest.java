package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TutorialLockTest {
    private final Group g = Fixtures.group(ReviewFrequency.halfTermly());
    private final Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
    private final LocalDate day = LocalDate.of(2025, 10, 1);

    private Tutorial signed() {
        Tutorial t = Fixtures.heldReview(l, day).asDraft(true)
                .withForm(TutorialForm.builder().comments("Settling in well").onTargetToAchieve(true).build());
        t = t.signByLearner(Signature.typed("Yavima Quorthwick", day));
        assertFalse(t.locked());
        return t.signByTutor(Signature.drawn("Tutor Bexamund",
                List.of(new Signature.Stroke(List.of(new Signature.Point(0.1f, 0.5f), new Signature.Point(0.9f, 0.4f)))), day));
    }

    @Test
    void signedByBothIsLocked() {
        Tutorial t = signed();
        assertTrue(t.locked());
        assertFalse(t.draft());
        TutorialLockedException e = assertThrows(TutorialLockedException.class,
                () -> t.withForm(TutorialForm.builder().comments("changed").build()));
        assertEquals(TutorialLockedException.LOCKED, e.getMessage());
        assertThrows(TutorialLockedException.class, () -> t.withOutcome(TutorialOutcome.CANCELLED, null));
        assertThrows(TutorialLockedException.class, () -> t.signByLearner(Signature.typed("Someone", day)));
        // saving a changed copy over the stored locked version is refused
        Tutorial sneaky = t.toBuilder().form(TutorialForm.builder().comments("changed").build()).build();
        assertThrows(TutorialLockedException.class, () -> Tutorial.checkChange(t, sneaky));
        Tutorial.checkChange(t, t);
    }

    @Test
    void amendingNeedsAReasonAndKeepsTheEarlierVersion() {
        Tutorial t = signed();
        Tutorial changed = t.toBuilder().form(t.form().toBuilder().comments("Settling in well; placement moved").build()).build();
        assertThrows(TutorialLockedException.class, () -> t.amend(changed, "Tutor Bexamund", " ", Instant.EPOCH));
        assertThrows(TutorialLockedException.class, () -> t.amend(changed, "Tutor Bexamund", null, Instant.EPOCH));

        Instant when = Instant.parse("2025-10-02T09:00:00Z");
        Tutorial amended = t.amend(changed, "Tutor Bexamund", "Placement change was left out", when);
        assertTrue(amended.locked());
        assertEquals("Settling in well; placement moved", amended.form().comments());
        assertEquals(1, amended.history().size());
        Amendment a = amended.history().get(0);
        assertEquals(when, a.when());
        assertEquals("Tutor Bexamund", a.who());
        assertEquals("Placement change was left out", a.reason());
        assertEquals(t, a.previousVersion());
        Tutorial.checkChange(t, amended);

        Tutorial again = amended.amend(amended.toBuilder().outcomeNote("x").build(), "Tutor Orulak", "Typo", when.plusSeconds(60));
        assertEquals(2, again.history().size());
        assertEquals(amended.withoutHistory(), again.history().get(1).previousVersion());
        assertTrue(again.history().get(1).previousVersion().history().isEmpty());
        Tutorial.checkChange(amended, again);
        // an amendment that drops the history is refused
        assertThrows(TutorialLockedException.class,
                () -> Tutorial.checkChange(amended, again.toBuilder().history(List.of(again.history().get(1))).build()));
    }

    @Test
    void onlyHeldTutorialsCanBeSignedAndSignaturesNeedTheirParts() {
        Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "T", TutorialPlan.on(day, null, null));
        assertThrows(IllegalStateException.class, () -> planned.signByTutor(Signature.typed("T", day)));
        assertThrows(IllegalArgumentException.class, () -> Signature.typed("T", null));
        assertThrows(IllegalArgumentException.class, () -> Signature.drawn("T", List.of(), day));
        assertThrows(IllegalArgumentException.class, () -> Signature.typed(" ", day));
    }

    @Test
    void draftsCanBeSavedAtAnyTimeBeforeLocking() {
        Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "T", TutorialPlan.on(day, null, null));
        assertTrue(planned.asDraft(true).draft());
        Tutorial held = planned.hold(FrozenSnapshot.take(day, l, List.of())).asDraft(true);
        assertTrue(held.draft());
        assertTrue(held.signByLearner(Signature.typed("Y", day)).asDraft(true).draft());
    }
}
