package org.tutela.sync.server;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PushEntry;

/**
 * What a laptop's request must be before the server acts on it: its body read within its limit, its
 * JSON read into the protocol's types (a malformed one answered with where it went wrong), the
 * protocol and schema versions it names, its query parameters and a push's entries checked. Apart
 * from {@link SyncServer}, which routes the requests and acts on them; each refusal is an
 * {@link ApiException} with the error body the protocol documents.
 */
final class SyncRequests {
    private static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final java.util.regex.Pattern BASE_HASH = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

    private SyncRequests() {
    }

    static void validateEntries(List<PushEntry> entries) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            PushEntry e = entries.get(i);
            String at = "entries[" + i + "]";
            if (e == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at, at + " is null");
            }
            if (e.deviceSequence() == null || e.deviceSequence() < 1) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".deviceSequence", at + ".deviceSequence is required (1 or more)");
            }
            if (!seen.add(e.deviceSequence())) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".deviceSequence", "deviceSequence " + e.deviceSequence() + " appears twice in the batch");
            }
            if (e.recordId() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".recordId", at + ".recordId is required (a UUID)");
            }
            if (e.kind() == null || e.kind().isBlank() || e.kind().length() > Protocol.MAX_KIND_LENGTH) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".kind", at + ".kind is required (at most " + Protocol.MAX_KIND_LENGTH + " characters)");
            }
            if (e.baseRevision() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".baseRevision", at + ".baseRevision is required (0 for a new record)");
            }
            if (e.baseRevision() > 0 && (e.baseHash() == null || !BASE_HASH.matcher(e.baseHash()).matches())) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".baseHash",
                        at + ".baseHash is required when baseRevision is above 0 (the hash of the version the change was made from)");
            }
            if (e.revision() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".revision", at + ".revision is required");
            }
            if (e.updatedAt() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".updatedAt", at + ".updatedAt is required (ISO-8601 instant)");
            }
        }
    }

    static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, name, name + " must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, name, name + " must be from " + min + " to " + max);
        }
        return n;
    }

    static void checkProtocol(String version, String field) {
        if (!Protocol.supportsProtocol(version)) {
            throw new ApiException(400, new ErrorBody(ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION,
                    (version == null ? "protocolVersion is required. " : "Protocol version " + abbreviate(version) + " is not supported. ")
                            + "This server speaks protocol version(s) " + Protocol.SUPPORTED_PROTOCOL_VERSIONS
                            + ": update Tutela on this device (or ask head office to update the server)",
                    field, Protocol.SUPPORTED_PROTOCOL_VERSIONS, null, null, null, null));
        }
    }

    static void checkSchema(Integer version, String field) {
        if (!Protocol.supportsSchema(version)) {
            throw new ApiException(400, new ErrorBody(ErrorCodes.UNSUPPORTED_SCHEMA_VERSION,
                    (version == null ? "schemaVersion is required. " : "Record schema version " + version + " is not supported. ")
                            + "This server accepts record schema version(s) " + Protocol.SUPPORTED_SCHEMA_VERSIONS
                            + ": update Tutela on this device (or ask head office to update the server)",
                    field, Protocol.SUPPORTED_SCHEMA_VERSIONS, null, null, null, null));
        }
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9._-]", "?");
        return "'" + (clean.length() > 20 ? clean.substring(0, 20) + "..." : clean) + "'";
    }

    /**
     * Reads the body, refusing more than {@code limit} bytes with 413 (and nothing applied). An
     * oversized body is still read to its end (Jetty caps it at {@link SyncServer#HARD_BODY_LIMIT} before
     * this runs) so that the client, still uploading, receives the answer.
     */
    static byte[] readBody(Context ctx, long limit) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        boolean over = declared > limit;
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 1024), limit));
            byte[] buf = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > limit) {
                    over = true;
                }
                if (!over) {
                    out.write(buf, 0, n);
                }
            }
            if (over) {
                throw tooLarge(limit);
            }
            return out.toByteArray();
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (over || String.valueOf(e.getMessage()).contains("413") || e.getClass().getSimpleName().contains("BadMessage")) {
                throw tooLarge(limit);
            }
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "The request body could not be read");
        }
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, new ErrorBody(ErrorCodes.BATCH_TOO_LARGE,
                "The request body may have at most " + limit + " bytes; send fewer entries per batch", null, null, limit, null, null, null));
    }

    static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "The request body is empty; expected a JSON object");
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Expected a JSON object, got null");
            }
            return value;
        } catch (InputCoercionException e) {
            throw outOfRange(e.getProcessor() == null ? null : path(e.getProcessor().getParsingContext()));
        } catch (StreamReadException e) {
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (JsonMappingException e) {
            if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException && String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Malformed JSON: the body ends too early");
            }
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof InputCoercionException) {
                    throw outOfRange(path(e));
                }
                if (t instanceof StreamReadException sre) {
                    String where = sre.getLocation() == null ? "" : " at line " + sre.getLocation().getLineNr() + ", column " + sre.getLocation().getColumnNr();
                    throw new ApiException(400, ErrorBody.of(ErrorCodes.MALFORMED_JSON, "Malformed JSON" + where).withField(path(e)));
                }
            }
            String field = path(e);
            String msg;
            if (e instanceof UnrecognizedPropertyException u) {
                field = field == null ? abbreviate(u.getPropertyName()) : field;
                msg = "Unknown field " + field;
            } else if (field == null) {
                msg = "The body must be a JSON object of the documented shape";
            } else {
                msg = "Field " + field + " is missing, or has the wrong type or format";
            }
            throw new ApiException(400, ErrorBody.of(ErrorCodes.INVALID_FIELD, msg).withField(field));
        } catch (IOException e) {
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Malformed JSON");
        }
    }

    /** A number beyond the range of its field's type (valid JSON, wrong value): the field is named. */
    private static ApiException outOfRange(String field) {
        return new ApiException(400, ErrorBody.of(ErrorCodes.INVALID_FIELD, field == null
                ? "A number is beyond the range of its field" : "Field " + field + " is a number beyond the range of its type")
                .withField(field));
    }

    /** The JSON path where the parser stands, as {@code entries[3].deviceSequence}. */
    private static String path(JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName().replaceAll("[^A-Za-z0-9_]", "?"));
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String p = String.join("", parts);
        return p.isEmpty() ? null : p.startsWith(".") ? p.substring(1) : p;
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName().replaceAll("[^A-Za-z0-9_]", "?"));
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? null : b.toString();
    }
}
