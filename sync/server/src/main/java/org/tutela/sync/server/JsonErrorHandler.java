package org.tutela.sync.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.ProtocolJson;

/**
 * Jetty-level errors (before any Javalin handler: the hard body-size cap, unparseable HTTP)
 * answered as the protocol's JSON error body instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        ErrorBody body;
        if (code == 413) {
            body = new ErrorBody(ErrorCodes.BATCH_TOO_LARGE, "The request body may have at most " + SyncServer.HARD_BODY_LIMIT
                    + " bytes; send fewer entries per batch", null, null, SyncServer.HARD_BODY_LIMIT, null, null, null);
        } else if (code >= 400 && code < 500) {
            body = ErrorBody.of(ErrorCodes.MALFORMED_JSON, "Bad request (HTTP " + code + ")");
        } else {
            body = ErrorBody.of(ErrorCodes.INTERNAL, "The server failed (HTTP " + code + ")");
        }
        try {
            byte[] bytes = ProtocolJson.mapper().writeValueAsBytes(body);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        } catch (Exception e) {
            callback.failed(e);
        }
    }
}
