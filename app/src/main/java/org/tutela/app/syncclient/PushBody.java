package org.tutela.app.syncclient;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;

/**
 * A push request's JSON, written once, entry by entry, as the batch is made ready, into an array
 * that goes out as it is. The bytes are those the protocol's mapper writes for the same
 * {@link PushRequest} (PushBodyTest holds it to that), with one saving: a record's body goes into
 * its payload string straight from its UTF-8 bytes, escaped as it is copied, rather than through a
 * String, a {@link PushEntry} holding it and an array of its own per entry. A push writes every
 * record it sends, and those copies were a third of what it allocated.
 *
 * <p>The array is lent by the round ({@link RoundBuffer}) and used again two batches later, once head
 * office has answered the batch it carried: a batch's JSON lives from when it is made until its
 * answer, long enough to outlast a young collection, so a new array per batch was copied into the
 * old generation and collected from there. The HTTP client is handed slices of it, not a copy.
 */
final class PushBody {
    private final RoundBuffer out;
    private final JsonGenerator g;
    private boolean empty = true;

    /** Starts the request in {@code buffer} (emptied): {@code head}'s fields (its entries are ignored), then the entries' array. */
    PushBody(ObjectMapper json, PushRequest head, RoundBuffer buffer) {
        out = buffer;
        out.reset();
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
            g.writeStringField("updatedAt", iso(entry.updatedAt()));
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
        return new Slices(out.array(), out.size());
    }

    /**
     * An instant as the mapper writes it ({@link Instant#toString()}: UTC, the fraction of a second
     * in groups of three digits, none when whole), without the JDK's date-time formatter for years
     * 0 to 9999: a push writes one per entry, and the formatter's code, compiled into the writing
     * of an entry, doubled the working memory of the compiler at the push's peak (37 MiB against 14).
     */
    static String iso(Instant instant) {
        if (instant.getEpochSecond() < YEAR_0 || instant.getEpochSecond() >= YEAR_10000) {
            return instant.toString(); // a sign or more digits: the formatter's own way
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(30);
        digits(out, t.getYear(), 4).append('-');
        digits(out, t.getMonthValue(), 2).append('-');
        digits(out, t.getDayOfMonth(), 2).append('T');
        digits(out, t.getHour(), 2).append(':');
        digits(out, t.getMinute(), 2).append(':');
        digits(out, t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(out, nanos / 1_000, 6);
            } else {
                digits(out, nanos, 9);
            }
        }
        return out.append('Z').toString();
    }

    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
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

    /**
     * The request's bytes as the HTTP client takes them: slices of the array, as many as it asks
     * for, from the start again for each subscriber (a request sent again).
     */
    static final class Slices implements HttpRequest.BodyPublisher {
        static final int SLICE_BYTES = 16 * 1024;
        private final byte[] bytes;
        private final int length;

        Slices(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Subscription(subscriber));
        }

        /** Hands out slices while there is demand; one thread at a time, whichever asks (a subscriber may ask from within onNext). */
        private final class Subscription implements Flow.Subscription {
            private final Flow.Subscriber<? super ByteBuffer> subscriber;
            private final AtomicLong demand = new AtomicLong();
            private final AtomicInteger drains = new AtomicInteger();
            private volatile boolean cancelled;
            private int at;
            private boolean done;

            Subscription(Flow.Subscriber<? super ByteBuffer> subscriber) {
                this.subscriber = subscriber;
            }

            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancelled = true;
                    subscriber.onError(new IllegalArgumentException("A subscriber must ask for at least one item"));
                    return;
                }
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                drain();
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            private void drain() {
                if (drains.getAndIncrement() != 0) {
                    return; // the thread already draining sees the new demand
                }
                int missed = 1;
                do {
                    while (!cancelled && !done && at < length && demand.get() > 0) {
                        int n = Math.min(SLICE_BYTES, length - at);
                        ByteBuffer slice = ByteBuffer.wrap(bytes, at, n).slice();
                        at += n;
                        demand.decrementAndGet();
                        subscriber.onNext(slice);
                    }
                    if (!cancelled && !done && at >= length) {
                        done = true;
                        subscriber.onComplete();
                    }
                    missed = drains.addAndGet(-missed);
                } while (missed != 0);
            }
        }
    }
}
