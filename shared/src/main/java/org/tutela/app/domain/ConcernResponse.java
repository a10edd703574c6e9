package org.tutela.app.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Head office's answer to a concern, written by the safeguarding lead in the head-office console
 * and received by sync (never written on the laptop): when the lead saw it, and the follow-up
 * actions the lead gave the tutor, each of which the tutor marks done ({@link TaskDone}).
 *
 * @param acknowledgedAt when the safeguarding lead saw the concern, or null (not yet)
 */
public record ConcernResponse(UUID id, UUID concernId, UUID learnerId, Instant acknowledgedAt, List<Task> tasks) {

    /** A follow-up action for the tutor: what to do, and when the lead gave it. */
    public record Task(UUID id, String text, Instant assignedAt) {
    }

    public ConcernResponse {
        if (id == null || concernId == null) {
            throw new IllegalArgumentException("Head office's answer needs its id and the concern's");
        }
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** Whether the safeguarding lead has seen the concern. */
    public boolean seen() {
        return acknowledgedAt != null;
    }
}
