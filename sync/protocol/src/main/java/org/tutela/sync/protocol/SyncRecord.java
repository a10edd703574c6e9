package org.tutela.sync.protocol;

import java.time.Instant;
import java.util.UUID;

/** A record as the server holds it: what pull returns and what a conflict carries. */
public record SyncRecord(
        UUID recordId,
        String kind,
        long revision,
        Instant updatedAt,
        boolean deleted,
        boolean sealed,
        UUID learnerId,
        UUID groupId,
        int schemaVersion,
        long serverSequence,
        String payload) {
}
