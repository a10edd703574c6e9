package org.tutela.sync.protocol;

import java.util.List;

/**
 * Protocol constants shared by the app and the server: versions, paths and limits.
 * docs/sync-protocol.md describes them; keep both in step.
 */
public final class Protocol {
    /** The wire protocol version this build speaks. */
    public static final String PROTOCOL_VERSION = "1";
    /** Every wire protocol version this build accepts. */
    public static final List<String> SUPPORTED_PROTOCOL_VERSIONS = List.of(PROTOCOL_VERSION);
    /** The record-schema version this build writes (the shape of record payload JSON). */
    public static final int RECORD_SCHEMA_VERSION = 1;
    /** Every record-schema version this build accepts. */
    public static final List<Integer> SUPPORTED_SCHEMA_VERSIONS = List.of(RECORD_SCHEMA_VERSION);

    public static final String PATH_HEALTH = "/api/v1/health";
    public static final String PATH_ENROL = "/api/v1/devices/enrol";
    public static final String PATH_PUSH = "/api/v1/sync/push";
    public static final String PATH_PULL = "/api/v1/sync/pull";

    /**
     * Most entries one push batch may carry. Head offices before this version took 500 and say so in
     * their 413 ({@code limit}); a laptop then sends that many at a time (docs/sync-protocol.md §9).
     */
    public static final int MAX_BATCH_ENTRIES = 1000;
    /** Most bytes one push request body may have (8 MiB). */
    public static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;
    /** Most bytes (UTF-8) one entry's payload may have (1 MiB). */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    /** Most bytes any other request body (enrol) may have. */
    public static final long MAX_SMALL_BODY_BYTES = 16 * 1024;
    /** Pull page size when {@code limit} is not given. */
    public static final int DEFAULT_PULL_LIMIT = 500;
    /** Largest pull page a client may ask for. */
    public static final int MAX_PULL_LIMIT = 1000;
    /** Longest record kind name. */
    public static final int MAX_KIND_LENGTH = 40;

    /** The HTTP header that carries the device token: {@code Authorization: Bearer <token>}. */
    public static final String AUTHORIZATION_SCHEME = "Bearer";
    /** Every response carries its request id in this header (quote it when reporting a problem). */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private Protocol() {
    }

    public static boolean supportsProtocol(String version) {
        return version != null && SUPPORTED_PROTOCOL_VERSIONS.contains(version);
    }

    public static boolean supportsSchema(Integer version) {
        return version != null && SUPPORTED_SCHEMA_VERSIONS.contains(version);
    }
}
