package org.tutela.app.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A follow-up action the safeguarding lead gave the tutor about a learner's concern, as the
 * learner's page lists it: what to do, when it was given, and when the tutor marked it done.
 *
 * @param doneAt when the tutor marked it done, or null
 */
public record SafeguardingTask(UUID id, UUID concernId, UUID learnerId, String text, Instant assignedAt, Instant doneAt) {
    public boolean done() {
        return doneAt != null;
    }
}
