package org.tutela.sync.protocol;

import java.util.List;

/**
 * The answer to a push: one result per entry, in the order the server applied them (urgent
 * entries first, then by device sequence). {@code acknowledgedSequence}: every device sequence up
 * to this one is received; the device may clear those outbox entries.
 *
 * <p>{@code nextCursor} and {@code hasMore} are there only when the push named the device's pull
 * cursor ({@code after}): {@code nextCursor} is a cursor the device may store in its place (past
 * this batch's own changes when nothing else lies between), and {@code hasMore} false says a pull
 * from it would bring nothing, so the round need not ask (docs/sync-protocol.md, push).
 */
public record PushResponse(String protocolVersion, String serverEpoch, long acknowledgedSequence, List<EntryResult> results,
                           Long nextCursor, Boolean hasMore) {

    public PushResponse(String protocolVersion, String serverEpoch, long acknowledgedSequence, List<EntryResult> results) {
        this(protocolVersion, serverEpoch, acknowledgedSequence, results, null, null);
    }

    /** This answer with the cursor the device may move to, and whether a pull from there would bring anything. */
    public PushResponse withCursor(long next, boolean more) {
        return new PushResponse(protocolVersion, serverEpoch, acknowledgedSequence, results, next, more);
    }
}
