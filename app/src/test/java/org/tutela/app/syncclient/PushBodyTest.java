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
            PushBody body = new PushBody(JSON, request, new RoundBuffer());
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
        PushBody body = new PushBody(JSON, request, new RoundBuffer());
        body.add(withoutPayload(e), text.getBytes(StandardCharsets.UTF_8));
        byte[] written = bytes(body.finish());
        assertEquals(request, JSON.readValue(written, PushRequest.class));
        assertTrue(new String(written, StandardCharsets.UTF_8).contains("Well done 🙂 𝒜"));
    }

    @Test
    void anInstantIsWrittenAsTheMapperWritesIt() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2024-02-29T12:00:00.5Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("2026-12-06T19:30:00.010Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX));
        java.util.Random random = new java.util.Random(20261206);
        for (int i = 0; i < 20_000; i++) {
            long seconds = -2_300_000_000L + (long) (random.nextDouble() * 9_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant t : instants) {
            assertEquals(t.toString(), PushBody.iso(t));
        }
    }

    @Test
    void anEntryKeptAsWrittenGoesAgainAsItWasBetweenTheOthers() {
        PushEntry first = entry(7, "{\"a\":1}", false, null, null, null);
        PushEntry kept = entry(8, "{\"b\":\"two\"}", false, "k".repeat(43), UUID.randomUUID(), UUID.randomUUID());
        PushEntry last = entry(9, null, true, null, null, null);
        PushRequest request = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, DEVICE, "e", List.of(first, kept, last));
        PushBody body = new PushBody(JSON, request, new RoundBuffer());
        body.add(withoutPayload(first), first.payload().getBytes(StandardCharsets.UTF_8));
        body.addAsWritten(write(kept));
        body.add(withoutPayload(last), null);
        assertArrayEquals(write(request), bytes(body.finish()));
    }

    @Test
    void aBufferUsedAgainCarriesTheNextRequestAloneAndTheClientGetsItInSlicesAsItAsks() throws Exception {
        RoundBuffer buffer = new RoundBuffer();
        // a long request first (slices of it and a grown array), then a short one in the same array
        List<PushEntry> many = new ArrayList<>();
        for (long wire = 1; wire <= 60; wire++) {
            many.add(entry(wire, "{\"comments\":\"" + "Kept to time, \\\"on target\\\". ".repeat(40) + "\"}", false, null, null, null));
        }
        PushRequest longer = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, DEVICE, "e", many);
        PushBody first = new PushBody(JSON, longer, buffer);
        for (PushEntry e : many) {
            first.add(withoutPayload(e), e.payload().getBytes(StandardCharsets.UTF_8));
        }
        HttpRequest.BodyPublisher sent = first.finish();
        assertTrue(sent.contentLength() > 3 * PushBody.Slices.SLICE_BYTES, "long enough to go in several slices");
        assertArrayEquals(write(longer), oneAtATime(sent));
        assertArrayEquals(write(longer), oneAtATime(sent), "sent again from the start");

        PushEntry one = entry(99, "{\"a\":1}", false, null, null, null);
        PushRequest shorter = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, DEVICE, "e", List.of(one));
        PushBody second = new PushBody(JSON, shorter, buffer);
        second.add(withoutPayload(one), one.payload().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(write(shorter), bytes(second.finish()));
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

    /** What a client asking for one slice at a time, from within each delivery, would send. */
    private static byte[] oneAtATime(HttpRequest.BodyPublisher publisher) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] completed = {false};
        publisher.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer item) {
                assertTrue(item.remaining() <= PushBody.Slices.SLICE_BYTES);
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable throwable) {
                throw new AssertionError(throwable);
            }

            @Override
            public void onComplete() {
                completed[0] = true;
            }
        });
        assertTrue(completed[0], "the whole request, then its end");
        assertEquals(publisher.contentLength(), out.size());
        return out.toByteArray();
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
