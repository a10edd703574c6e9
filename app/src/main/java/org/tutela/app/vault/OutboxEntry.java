package org.tutela.app.vault;

import java.util.UUID;

/**
 * A local change waiting to be pushed: the gap-free per-device sequence number, the record's
 * base revision (the revision it was changed from; 0 for new), and the record as it is now.
 */
public record OutboxEntry(long deviceSequence, UUID recordId, long baseRevision, boolean urgent, StoredRecord record) {
}
