package org.tutela.app.vault;

import java.time.Instant;
import java.util.UUID;

/** A decrypted record with its envelope metadata. {@code body} is the record's JSON (UTF-8). */
public record StoredRecord(
        UUID id,
        String kind,
        long revision,
        Instant createdAt,
        Instant updatedAt,
        boolean deleted,
        boolean sealed,
        byte[] body) {
}
