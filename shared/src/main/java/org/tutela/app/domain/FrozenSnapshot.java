package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * What was true when a tutorial was held, frozen into its record: the header, attendance,
 * punctuality, level working towards and the targets that were open. Later changes to the
 * learner do not change it.
 */
public record FrozenSnapshot(LocalDate asOf, LearnerHeader header, Attendance attendance, Punctuality punctuality,
                             String levelWorkingTowards, List<OpenTarget> openTargets) {

    /** A target as it stood when the tutorial was held. */
    public record OpenTarget(java.util.UUID targetId, String text, LocalDate byWhen, LocalDate setOn, TargetStatus status) {
    }

    public FrozenSnapshot {
        openTargets = openTargets == null ? List.of() : List.copyOf(openTargets);
    }

    /** Takes the snapshot from the learner as now and their targets (only the open ones are kept). */
    public static FrozenSnapshot take(LocalDate asOf, Learner learner, List<Target> targets) {
        List<OpenTarget> open = targets.stream()
                .filter(t -> t.learnerId().equals(learner.id()) && t.status().open())
                .sorted(Target.OLDEST_FIRST)
                .map(t -> new OpenTarget(t.id(), t.text(), t.byWhen(), t.setOn(), t.status()))
                .toList();
        return new FrozenSnapshot(asOf, LearnerHeader.of(learner), learner.attendance(), learner.punctuality(),
                learner.levelWorkingTowards(), open);
    }
}
