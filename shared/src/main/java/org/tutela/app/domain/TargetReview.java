package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.UUID;

/**
 * One previous target as reviewed in a tutorial: "Previous targets met? If not why not?".
 *
 * @param met null while not yet answered
 * @param whyNot the learner's and tutor's reason when not met
 * @param close when not met: true closes the target (no longer relevant) instead of carrying it
 */
public record TargetReview(UUID targetId, String text, LocalDate byWhen, Boolean met, String whyNot, boolean close) {

    /** An unanswered prompt for an open target. */
    public static TargetReview prompt(Target t) {
        return new TargetReview(t.id(), t.text(), t.byWhen(), null, null, false);
    }

    public TargetReview answered(boolean wasMet, String reason, boolean closeIt) {
        return new TargetReview(targetId, text, byWhen, wasMet, wasMet ? null : reason, !wasMet && closeIt);
    }
}
