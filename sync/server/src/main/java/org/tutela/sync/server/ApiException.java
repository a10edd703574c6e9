package org.tutela.sync.server;

import org.tutela.sync.protocol.ErrorBody;

/** A client error with its HTTP status and JSON body. Nothing has been applied when it is thrown. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final transient ErrorBody body;

    public ApiException(int status, ErrorBody body) {
        super(body.code(), null, false, false);
        this.status = status;
        this.body = body;
    }

    public static ApiException of(int status, String code, String message) {
        return new ApiException(status, ErrorBody.of(code, message));
    }

    public static ApiException field(int status, String code, String field, String message) {
        return new ApiException(status, ErrorBody.of(code, message).withField(field));
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return body;
    }
}
