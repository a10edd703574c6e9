package org.tutela.app.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TargetCarryForwardTest {
    private final Group g = Fixtures.group(ReviewFrequency.halfTermly());
    private final Learner l = Fixtures.learner(g, LocalDate.of(2025, 9, 1));
    private final Map<UUID, Target> store = new HashMap<>();

    private Tutorial hold(LocalDate on, java.util.function.UnaryOperator<TutorialForm.Builder> fill) {
        Tutorial t = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), g.id(), "T", TutorialPlan.on(on, null, null));
        t = t.hold(FrozenSnapshot.take(on, l, List.copyOf(store.values())));
        t = t.withForm(fill.apply(t.form().toBuilder()).build());
        for (Target changed : TargetCarryForward.apply(t, List.copyOf(store.values()))) {
            store.put(changed.id(), changed);
        }
        return t;
    }

    private static List<TargetReview> answer(List<TargetReview> prompts, String text, boolean met, String why, boolean close) {
        return prompts.stream().map(p -> p.text().equals(text) ? p.answered(met, why, close) : p).toList();
    }

    @Test
    void targetsAreCarriedUntilMetOrClosedAcrossThreeTutorials() {
        NewTarget essay = NewTarget.of("Hand in the unit 3 essay", LocalDate.of(2025, 10, 31));
        NewTarget punctual = NewTarget.of("Arrive by 9:00 every day for four weeks", LocalDate.of(2025, 11, 7));
        NewTarget cv = NewTarget.of("Write a CV with the careers adviser", LocalDate.of(2025, 12, 1));

        // tutorial 1: nothing to review yet; two targets set
        Tutorial first = hold(LocalDate.of(2025, 10, 1), f -> f.addNewTarget(essay).addNewTarget(punctual));
        assertTrue(first.form().previousTargets().isEmpty());
        assertEquals(2, TargetCarryForward.open(l.id(), List.copyOf(store.values())).size());

        // tutorial 2: both are offered for review; essay met, punctuality not met (carried); a CV target set
        Tutorial second = hold(LocalDate.of(2025, 11, 12), f -> f
                .previousTargets(answer(answer(f.build().previousTargets(), essay.text(), true, null, false),
                        punctual.text(), false, "Bus timetable changed", false))
                .addNewTarget(cv));
        assertEquals(List.of(essay.text(), punctual.text()),
                second.snapshot().openTargets().stream().map(FrozenSnapshot.OpenTarget::text).toList());
        assertEquals(TargetStatus.MET, store.get(essay.targetId()).status());
        assertEquals(TargetStatus.CARRIED, store.get(punctual.targetId()).status());
        assertEquals("Bus timetable changed", store.get(punctual.targetId()).reviews().get(0).whyNot());

        // tutorial 3: the carried target and the CV target come up; carried one met now, CV not met and closed
        List<TargetReview> prompts = TargetCarryForward.prompts(l.id(), List.copyOf(store.values()));
        assertEquals(List.of(punctual.text(), cv.text()), prompts.stream().map(TargetReview::text).toList());
        assertTrue(prompts.stream().allMatch(p -> p.met() == null));
        Tutorial third = hold(LocalDate.of(2025, 12, 10), f -> f.previousTargets(
                answer(answer(f.build().previousTargets(), punctual.text(), true, null, false),
                        cv.text(), false, "Moved to the spring careers fair", true)));
        assertEquals(2, third.form().previousTargets().size());
        Target p = store.get(punctual.targetId());
        assertEquals(TargetStatus.MET, p.status());
        assertEquals(2, p.reviews().size());
        assertEquals(List.of(second.id(), third.id()), p.reviews().stream().map(Target.Review::tutorialId).toList());
        assertEquals(TargetStatus.CLOSED, store.get(cv.targetId()).status());
        assertTrue(TargetCarryForward.open(l.id(), List.copyOf(store.values())).isEmpty());
        assertEquals(first.id(), store.get(essay.targetId()).setInTutorialId());
    }

    @Test
    void applyingTheSameTutorialTwiceDoesNotDuplicateReviews() {
        NewTarget essay = NewTarget.of("Finish the portfolio", LocalDate.of(2025, 10, 31));
        hold(LocalDate.of(2025, 10, 1), f -> f.addNewTarget(essay));
        Tutorial second = hold(LocalDate.of(2025, 11, 1), f -> f.previousTargets(
                answer(f.build().previousTargets(), essay.text(), false, "Ill for a week", false)));
        for (Target t : TargetCarryForward.apply(second, List.copyOf(store.values()))) {
            store.put(t.id(), t);
        }
        assertEquals(1, store.get(essay.targetId()).reviews().size());
        assertTrue(TargetCarryForward.apply(second, List.copyOf(store.values())).isEmpty());
    }

    @Test
    void unansweredPromptsLeaveTargetsAsTheyWere() {
        NewTarget t = NewTarget.of("Read chapter 2", null);
        hold(LocalDate.of(2025, 10, 1), f -> f.addNewTarget(t));
        hold(LocalDate.of(2025, 11, 1), f -> f);
        assertEquals(TargetStatus.OPEN, store.get(t.targetId()).status());
        assertNull(store.get(t.targetId()).byWhen());
    }
}
