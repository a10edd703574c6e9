package org.tutela.sync.protocol;

import java.util.List;

/**
 * Every non-2xx answer. {@code code} is stable (see {@link ErrorCodes}); {@code message} is for
 * people; {@code field} names the offending JSON field (e.g. {@code entries[3].recordId});
 * {@code supportedVersions} for a version mismatch, with the JSON type of the version it names (as
 * in the health answer: protocol versions are strings, record-schema versions numbers);
 * {@code limit} for 413; {@code expectedSequence}
 * for a sequence gap or epoch change; {@code serverEpoch} for an epoch change.
 */
public record ErrorBody(
        String code,
        String message,
        String field,
        List<?> supportedVersions,
        Long limit,
        Long expectedSequence,
        String serverEpoch,
        String requestId) {

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(code, message, null, null, null, null, null, null);
    }

    public ErrorBody withField(String f) {
        return new ErrorBody(code, message, f, supportedVersions, limit, expectedSequence, serverEpoch, requestId);
    }

    public ErrorBody withRequestId(String id) {
        return new ErrorBody(code, message, field, supportedVersions, limit, expectedSequence, serverEpoch, id);
    }
}
