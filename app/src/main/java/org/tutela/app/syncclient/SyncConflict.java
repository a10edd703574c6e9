package org.tutela.app.syncclient;

import java.time.Instant;
import java.util.UUID;

/**
 * A record changed both on this laptop and at head office since they last agreed. Both versions
 * are kept until the tutor chooses; nothing is dropped.
 */
public record SyncConflict(UUID recordId, String kind, long headOfficeRevision, Instant headOfficeUpdatedAt) {
}
