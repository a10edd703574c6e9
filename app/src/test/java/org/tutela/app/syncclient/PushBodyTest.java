package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;

/**
 * A push request written entry by entry is what the protocol's mapper writes for the same request:
 * head office reads exactly the request it read before, whatever a record's text holds; byte for
 * byte, but for a character beyond the first 65,536 (an emoji), which goes as its four UTF-8 bytes
 * rather than as two escapes.
 */
class PushBodyTest {
    private static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final UUID DEVICE = UUID.fromString("00000000-0000-4000-8000-0000000000d1");

    @Test
    void aRequestWrittenEntryByEntryIsTheMappersRequestByteForByte() {
        StringBuilder control = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            control.append(c);
        }
        List<String> payloads = List.of(
                "{\"learnerId\":\"00000000-0000-4000-8000-00000000000a\",\"comments\":\"Said \\\"fine\\\" at C:\\\\work\"}",
                "{\"name\":\"Siân Ffion Llŷr\",\"note\":\"café, naïve and 中文, / and \u2028 and \u007f\"}",
                "{\"raw\":\"" + control + "\"}",
                "not JSON at all: \"quoted\" \\ back\tslash",
                "");
        List<PushEntry> entries = new ArrayList<>();
        long wire = 41;
        for (String payload : payloads) {
            entries.add(entry(wire++, payload, false, "h".repeat(43), UUID.randomUUID(), wire % 2 == 0 ? null : UUID.randomUUID()));
        }
        entries.add(entry(wire++, null, true, null, null, null));
        entries.add(new PushEntry(wire, UUID.randomUUID(), "tutorial", 0L, null, 1L, Instant.parse("2026-12-06T19:30:00.123456789Z"),
                false, true, true, null, null, "{}"));

        for (String epoch : new String[] {null, "epoch-1"}) {
            PushRequest request = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, DEVICE, epoch, entries);
            PushBody body = new PushBody(JSON, request, 16);
            List<byte[]> own = new ArrayList<>();
            for (PushEntry e : entries) {
                byte[] payload = e.payload() == null ? null : e.payload().getBytes(StandardCharsets.UTF_8);
                own.add(body.add(withoutPayload(e), payload).get());
            }
            byte[] written = bytes(body.finish());
            assertEquals(new String(write(request), StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8));
            assertArrayEquals(write(request), written);
            for (int i = 0; i < entries.size(); i++) {
                assertArrayEquals(write(entries.get(i)), own.get(i), "entry " + i + " on its own, as kept when frozen");
            }
        }
    }

    @Test
    void aCharacterBeyondTheFirst65536GoesAsItsUtf8BytesAndIsReadAsTheSameText() throws Exception {
        String text = "{\"note\":\"Well done 🙂 𝒜\"}";
        PushEntry e = entry(5, text, false, null, null, null);
        PushRequest request = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, DEVICE, null, List.of(e));
        PushBody body = new PushBody(JSON, request, 16);
        body.add(withoutPayload(e), text.getBytes(StandardCharsets.UTF_8));
        byte[] written = bytes(body.finish());
        assertEquals(request, JSON.readValue(written, PushRequest.class));
        assertTrue(new String(written, StandardCharsets.UTF_8).contains("Well done 🙂 𝒜"));
    }

    @Test
    void anEntryKeptAsWrittenGoesAgainAsItWasBetweenTheOthers() {
        PushEntry first = entry(7, "{\"a\":1}", false, null, null, null);
        PushEntry kept = entry(8, "{\"b\":\"two\"}", false, "k".repeat(43), UUID.randomUUID(), UUID.randomUUID());
        PushEntry last = entry(9, null, true, null, null, null);
        PushRequest request = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, DEVICE, "e", List.of(first, kept, last));
        PushBody body = new PushBody(JSON, request, 1 << 20);
        body.add(withoutPayload(first), first.payload().getBytes(StandardCharsets.UTF_8));
        body.addAsWritten(write(kept));
        body.add(withoutPayload(last), null);
        assertArrayEquals(write(request), bytes(body.finish()));
    }

    private static PushEntry entry(long wire, String payload, boolean deleted, String baseHash, UUID learner, UUID group) {
        return new PushEntry(wire, UUID.randomUUID(), "tutorial", baseHash == null ? 0L : 3L, baseHash, baseHash == null ? 1L : 4L,
                Instant.parse("2026-12-06T19:30:00Z").plusMillis(wire), deleted, false, wire % 3 == 0, learner, group, payload);
    }

    private static PushEntry withoutPayload(PushEntry e) {
        return new PushEntry(e.deviceSequence(), e.recordId(), e.kind(), e.baseRevision(), e.baseHash(), e.revision(), e.updatedAt(),
                e.deleted(), e.sealed(), e.urgent(), e.learnerId(), e.groupId(), null);
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** What the HTTP client would send. */
    private static byte[] bytes(HttpRequest.BodyPublisher publisher) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                throw new AssertionError(throwable);
            }

            @Override
            public void onComplete() {
            }
        });
        assertEquals(publisher.contentLength(), out.size());
        return out.toByteArray();
    }
}
