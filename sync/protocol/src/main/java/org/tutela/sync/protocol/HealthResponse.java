package org.tutela.sync.protocol;

import java.util.List;

/** {@code GET /api/v1/health}: no authentication, no personal data. */
public record HealthResponse(String status, String protocolVersion, List<String> supportedProtocolVersions,
                             List<Integer> supportedSchemaVersions, String serverEpoch) {
}
