package org.tutela.sync.protocol;

/** Stable error and rejection codes. */
public final class ErrorCodes {
    // request-level (HTTP status in brackets)
    public static final String MALFORMED_JSON = "MALFORMED_JSON";               // 400
    /** The HTTP request itself is malformed (request line, an ambiguous path such as {@code %2e%2e}, a header). */
    public static final String BAD_REQUEST = "BAD_REQUEST";                     // 400
    public static final String INVALID_FIELD = "INVALID_FIELD";                 // 400
    public static final String UNSUPPORTED_PROTOCOL_VERSION = "UNSUPPORTED_PROTOCOL_VERSION"; // 400
    public static final String UNSUPPORTED_SCHEMA_VERSION = "UNSUPPORTED_SCHEMA_VERSION";     // 400
    public static final String UNAUTHORIZED = "UNAUTHORIZED";                   // 401
    public static final String BAD_CREDENTIALS = "BAD_CREDENTIALS";             // 401
    public static final String FORBIDDEN = "FORBIDDEN";                         // 403
    public static final String NOT_FOUND = "NOT_FOUND";                         // 404
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";       // 405
    public static final String SEQUENCE_GAP = "SEQUENCE_GAP";                   // 409
    public static final String EPOCH_CHANGED = "EPOCH_CHANGED";                 // 409
    /** A device sequence already received for a different change (the laptop's vault was restored from an older copy). */
    public static final String SEQUENCE_REUSED = "SEQUENCE_REUSED";             // 409
    public static final String BATCH_TOO_LARGE = "BATCH_TOO_LARGE";             // 413
    public static final String URI_TOO_LONG = "URI_TOO_LONG";                   // 414
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"; // 415
    public static final String TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS";         // 429
    public static final String HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE";         // 431
    public static final String BUSY = "BUSY";                                   // 503
    public static final String INTERNAL = "INTERNAL";                           // 500 (a server fault, never client input)
    // per-entry rejections
    public static final String OUT_OF_SCOPE = "OUT_OF_SCOPE";                   // entry httpStatus 403
    public static final String INVALID_ENTRY = "INVALID_ENTRY";                 // entry httpStatus 422
    public static final String UNKNOWN_KIND = "UNKNOWN_KIND";                   // entry httpStatus 422
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";         // entry httpStatus 413
    public static final String KIND_CHANGED = "KIND_CHANGED";                   // entry httpStatus 422

    private ErrorCodes() {
    }
}
