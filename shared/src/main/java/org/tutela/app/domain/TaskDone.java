package org.tutela.app.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * That the tutor did a follow-up action the safeguarding lead gave them: its record goes back to
 * head office at the next sync, where the lead sees it. Its id is the task's id.
 */
public record TaskDone(UUID id, UUID concernId, UUID learnerId, Instant doneAt, String doneBy) {
    public TaskDone {
        if (id == null || concernId == null || learnerId == null || doneAt == null) {
            throw new IllegalArgumentException("A done task names its task, concern, learner and when");
        }
    }
}
