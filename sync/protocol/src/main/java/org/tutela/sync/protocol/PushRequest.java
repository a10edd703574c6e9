package org.tutela.sync.protocol;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/sync/push}. {@code serverEpoch} is the epoch the device last saw (null
 * before its first successful exchange).
 */
public record PushRequest(String protocolVersion, Integer schemaVersion, UUID deviceId, String serverEpoch,
                          List<PushEntry> entries) {
}
