package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    @Test
    void holdingFreezesWhatWasTrueThen() {
        Group g = Fixtures.group(ReviewFrequency.halfTermly());
        Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
        LocalDate day = LocalDate.of(2025, 10, 1);
        Target open = Target.set(l.id(), NewTarget.of("Complete the health and safety log", day.plusDays(30)), null, day.minusDays(40));
        Target met = Target.set(l.id(), NewTarget.of("Old one", day), null, day.minusDays(80)).withStatus(TargetStatus.MET);
        Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "T", TutorialPlan.on(day, null, null));

        Tutorial held = planned.hold(FrozenSnapshot.take(day, l, List.of(open, met)));
        FrozenSnapshot s = held.snapshot();
        assertEquals(new Attendance(40, 2), s.attendance());
        assertEquals(Punctuality.GOOD, s.punctuality());
        assertEquals("Yavima Quorthwick", s.header().learnerName());
        assertEquals("Tutor Orulak", s.header().formTutor());
        assertEquals(1, s.openTargets().size());
        assertEquals(open.id(), s.openTargets().get(0).targetId());
        // the form starts from the frozen figures and lists the open target for review
        assertEquals(new Attendance(40, 2), held.form().attendance());
        assertEquals(Punctuality.GOOD, held.form().punctuality());
        assertEquals("Level 2", held.form().levelWorkingTowards());
        assertEquals(open.id(), held.form().previousTargets().get(0).targetId());

        // the learner's figures change later; holding again keeps the first snapshot and the typed form
        Learner later = l.toBuilder().attendance(new Attendance(60, 9)).punctuality(Punctuality.POOR).course("Other").build();
        Tutorial edited = held.withForm(held.form().toBuilder().attendance(41, 2).build());
        Tutorial heldAgain = edited.hold(FrozenSnapshot.take(day.plusDays(20), later, List.of()));
        assertSame(s, heldAgain.snapshot());
        assertEquals(new Attendance(41, 2), heldAgain.form().attendance());
        assertEquals("Motor vehicle L2", heldAgain.snapshot().header().course());
    }
}
