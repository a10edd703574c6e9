package org.tutela.app.domain;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * A tutorial in brief, for lists and rules: who, when, what kind, what happened, and whether it is
 * a draft, signed and locked, or confidential. The full record ({@link Tutorial}) is opened when
 * needed.
 */
public record TutorialSummary(UUID id, TutorialKind kind, UUID learnerId, UUID groupId, List<UUID> attendeeIds,
                              String tutor, LocalDate date, LocalTime time, TutorialOutcome outcome,
                              LocalDate learnerNotifiedOn, boolean arrangementsChanged,
                              boolean confidential, boolean draft, boolean locked) implements TutorialFacts {

    public TutorialSummary {
        attendeeIds = attendeeIds == null ? List.of() : List.copyOf(attendeeIds);
        outcome = outcome == null ? TutorialOutcome.PLANNED : outcome;
    }

    public static TutorialSummary of(Tutorial t) {
        return new TutorialSummary(t.id(), t.kind(), t.learnerId(), t.groupId(), t.attendeeIds(), t.tutor(), t.date(),
                t.plan().time(), t.outcome(), t.plan().learnerNotifiedOn(), t.plan().arrangementsChanged(),
                t.confidential(), t.draft(), t.locked());
    }

    /** Where this tutorial stands on telling the learner (a week ahead; at once if arrangements changed). */
    public Notice notice(LocalDate today) {
        return Notice.of(outcome, date, learnerNotifiedOn, arrangementsChanged, today);
    }
}
