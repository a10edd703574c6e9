package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What the rules (due dates, entitlement, the caseload summary) need to know about a tutorial:
 * implemented by the full {@link Tutorial} and by the light {@link TutorialSummary} that the
 * caseload keeps for every tutorial.
 */
public interface TutorialFacts {
    UUID id();

    TutorialKind kind();

    UUID learnerId();

    UUID groupId();

    List<UUID> attendeeIds();

    TutorialOutcome outcome();

    LocalDate date();

    default boolean held() {
        return outcome() == TutorialOutcome.HELD;
    }

    /** This tutorial is about (or, for a group session, was attended by) the learner. */
    default boolean involves(UUID learner) {
        return learner.equals(learnerId()) || attendeeIds().contains(learner);
    }
}
