package org.tutela.sync.protocol;

import java.util.List;

/**
 * One page of changes in server-sequence order. Store the page and {@code nextCursor} in one
 * local transaction, then ask again with {@code after=nextCursor} while {@code hasMore}.
 */
public record PullResponse(String protocolVersion, String serverEpoch, List<SyncRecord> changes, long nextCursor, boolean hasMore) {
}
