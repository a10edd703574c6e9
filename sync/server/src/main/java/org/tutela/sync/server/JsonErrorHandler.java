package org.tutela.sync.server;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;

/**
 * Errors raised by the web layer before (or instead of) any of our handlers: the hard body-size
 * cap, an address or headers too long, an ambiguous path, a method nobody serves. They get the
 * protocol's JSON error body, a documented code and a request id (in the body and the
 * {@code X-Request-Id} header), like every other answer, instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    /** The error body for an HTTP status the web layer (Jetty or Javalin) chose. */
    static ErrorBody bodyFor(int status) {
        return switch (status) {
            case 404 -> ErrorBody.of(ErrorCodes.NOT_FOUND, "No such endpoint");
            case 405 -> ErrorBody.of(ErrorCodes.METHOD_NOT_ALLOWED, "That HTTP method is not served here");
            case 413 -> new ErrorBody(ErrorCodes.BATCH_TOO_LARGE, "The request body may have at most " + SyncServer.HARD_BODY_LIMIT
                    + " bytes; send fewer entries per batch", null, null, SyncServer.HARD_BODY_LIMIT, null, null, null);
            case 414 -> ErrorBody.of(ErrorCodes.URI_TOO_LONG, "The request's address (path and query) is too long");
            case 431 -> ErrorBody.of(ErrorCodes.HEADERS_TOO_LARGE, "The request's headers are too large");
            default -> status >= 400 && status < 500
                    ? ErrorBody.of(ErrorCodes.BAD_REQUEST, "The HTTP request is malformed (its request line, path or headers); nothing was applied")
                    : ErrorBody.of(ErrorCodes.INTERNAL, "The server failed; quote the request id to head office");
        };
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String rid = response.getHeaders().get(Protocol.REQUEST_ID_HEADER);
        if (rid == null) {
            rid = SyncServer.newRequestId();
            response.getHeaders().put(Protocol.REQUEST_ID_HEADER, rid);
        }
        // method and status only: a refused path or header may hold anything
        LOG.info("request={} {} refused by the web layer -> {}", rid, request.getMethod(), code);
        try {
            byte[] bytes = ProtocolJson.mapper().writeValueAsBytes(bodyFor(code).withRequestId(rid));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        } catch (Exception e) {
            callback.failed(e);
        }
    }
}
