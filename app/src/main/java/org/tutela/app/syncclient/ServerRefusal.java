package org.tutela.app.syncclient;

import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;

/**
 * A non-2xx answer, turned into a reason the tutor can act on. Thrown by
 * {@link HeadOfficeConnection} when it reads an answer; the push and the pull catch the few
 * refusals they act on themselves (a sequence to number again, a changed epoch), and
 * {@link SyncClient} turns the rest into a {@link SyncException}.
 */
final class ServerRefusal extends RuntimeException {
    final int status;
    final ErrorBody body;

    ServerRefusal(int status, ErrorBody body) {
        super("HTTP " + status + (body == null ? "" : " " + body.code()));
        this.status = status;
        this.body = body;
    }

    SyncException asSyncException() {
        String code = body == null ? null : body.code();
        String message = body == null ? "HTTP " + status : body.message() + (body.requestId() == null ? "" : " (request " + body.requestId() + ")");
        if (ErrorCodes.BAD_CREDENTIALS.equals(code)) {
            return new SyncException(SyncException.Reason.BAD_CREDENTIALS, message);
        }
        if (ErrorCodes.TOO_MANY_ATTEMPTS.equals(code) || status == 429) {
            return new SyncException(SyncException.Reason.TOO_MANY_ATTEMPTS, message);
        }
        if (status == 401) {
            return new SyncException(SyncException.Reason.REVOKED, message);
        }
        if (ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION.equals(code) || ErrorCodes.UNSUPPORTED_SCHEMA_VERSION.equals(code)) {
            return SyncException.versionMismatch(body.supportedVersions() == null ? "?" : String.valueOf(body.supportedVersions()),
                    Protocol.PROTOCOL_VERSION + "/" + Protocol.RECORD_SCHEMA_VERSION);
        }
        if (status == 503) {
            return new SyncException(SyncException.Reason.OFFLINE, message);
        }
        return SyncException.refused(code == null ? "HTTP_" + status : code, body == null ? null : body.requestId(), message, null);
    }
}
