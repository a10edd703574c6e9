package org.tutela.sync.protocol;

import java.util.List;

/**
 * The answer to a push: one result per entry, in the order the server applied them (urgent
 * entries first, then by device sequence). {@code acknowledgedSequence}: every device sequence up
 * to this one is received; the device may clear those outbox entries.
 */
public record PushResponse(String protocolVersion, String serverEpoch, long acknowledgedSequence, List<EntryResult> results) {
}
