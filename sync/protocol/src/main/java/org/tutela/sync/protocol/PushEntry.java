package org.tutela.sync.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * One outbox entry. Boxed types so that a missing field is told apart from a zero and named
 * in the error. {@code payload} is opaque to the server: record JSON, or for a sealed record its
 * envelope. {@code learnerId} / {@code groupId} are the plaintext routing metadata the server
 * uses for scope (a learner record's learnerId defaults to its recordId, a group's groupId to its
 * recordId). {@code baseHash} names, with {@code baseRevision}, the exact head-office version
 * the change was made from ({@link Versions#hash}); it is required when {@code baseRevision} is
 * above 0.
 */
public record PushEntry(
        Long deviceSequence,
        UUID recordId,
        String kind,
        Long baseRevision,
        String baseHash,
        Long revision,
        Instant updatedAt,
        Boolean deleted,
        Boolean sealed,
        Boolean urgent,
        UUID learnerId,
        UUID groupId,
        String payload) {
}
