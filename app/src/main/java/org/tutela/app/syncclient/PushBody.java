package org.tutela.app.syncclient;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;

/**
 * A push request's JSON, written once, entry by entry, as the batch is made ready, into one array
 * that goes out as it is. The bytes are those the protocol's mapper writes for the same
 * {@link PushRequest} (PushBodyTest holds it to that, byte for byte), with one saving: a record's
 * body goes into its payload string straight from its UTF-8 bytes, escaped as it is copied, rather
 * than through a String, a {@link PushEntry} holding it and an array of its own per entry. A push
 * writes every record it sends, and those copies were a third of what it allocated.
 */
final class PushBody {
    private final Bytes out;
    private final JsonGenerator g;
    private boolean empty = true;

    /** Starts the request: {@code head}'s fields (its entries are ignored), then the entries' array. */
    PushBody(ObjectMapper json, PushRequest head, int expectedBytes) {
        out = new Bytes(expectedBytes);
        try {
            g = json.getFactory().createGenerator(out);
            g.writeStartObject();
            g.writeStringField("protocolVersion", head.protocolVersion());
            g.writeNumberField("schemaVersion", head.schemaVersion());
            g.writeStringField("deviceId", head.deviceId().toString());
            if (head.serverEpoch() != null) {
                g.writeStringField("serverEpoch", head.serverEpoch());
            }
            g.writeArrayFieldStart("entries");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends an entry: {@code entry}'s fields with {@code payloadUtf8} as its payload (null for a
     * deleted record; {@code entry}'s own payload is not written). Returns the entry's JSON on its
     * own, made only if asked for (to keep a copy of what was sent).
     */
    java.util.function.Supplier<byte[]> add(PushEntry entry, byte[] payloadUtf8) {
        try {
            int start = startEntry();
            g.writeStartObject();
            g.writeNumberField("deviceSequence", entry.deviceSequence());
            uuid("recordId", entry.recordId());
            g.writeStringField("kind", entry.kind());
            g.writeNumberField("baseRevision", entry.baseRevision());
            if (entry.baseHash() != null) {
                g.writeStringField("baseHash", entry.baseHash());
            }
            g.writeNumberField("revision", entry.revision());
            g.writeStringField("updatedAt", entry.updatedAt().toString()); // ISO-8601, as the mapper writes an instant
            g.writeBooleanField("deleted", entry.deleted());
            g.writeBooleanField("sealed", entry.sealed());
            g.writeBooleanField("urgent", entry.urgent());
            uuid("learnerId", entry.learnerId());
            uuid("groupId", entry.groupId());
            if (payloadUtf8 != null) {
                g.writeFieldName("payload");
                g.writeUTF8String(payloadUtf8, 0, payloadUtf8.length);
            }
            g.writeEndObject();
            g.flush();
            int end = out.size();
            return () -> out.slice(start, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends an entry exactly as it was written before (a copy kept of what was sent). */
    void addAsWritten(byte[] json) {
        try {
            startEntry();
            g.writeRawValue(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the request; what goes out. */
    HttpRequest.BodyPublisher finish() {
        try {
            g.writeEndArray();
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpRequest.BodyPublishers.ofByteArray(out.array(), 0, out.size());
    }

    /** Where the next entry's own JSON starts: after the comma the generator writes between entries. */
    private int startEntry() throws IOException {
        g.flush();
        int start = empty ? out.size() : out.size() + 1;
        empty = false;
        return start;
    }

    private void uuid(String field, UUID value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value.toString());
        }
    }

    /** A growing array whose content is sent without a copy. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes(int size) {
            super(Math.max(size, 256));
        }

        byte[] array() {
            return buf;
        }

        byte[] slice(int from, int to) {
            return Arrays.copyOfRange(buf, from, to);
        }
    }
}
