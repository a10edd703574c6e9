package org.tutela.app.vault;

import java.util.List;
import java.util.UUID;

/** The records of one kind that opened, and the ids of those whose envelopes are damaged. */
public record RecordList(List<StoredRecord> records, List<UUID> damaged) {
}
