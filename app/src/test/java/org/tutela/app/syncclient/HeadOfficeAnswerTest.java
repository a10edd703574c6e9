package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * Head office's answers as a round reads them: each piece copied, as it arrives, into the one array
 * the round keeps, so an answer comes out whole however it was cut, and the next answer read into
 * the same array is that answer alone.
 */
class HeadOfficeAnswerTest {

    @Test
    void anAnswerCutIntoPiecesOfEveryKindComesOutWholeAndTheNextIntoTheSameArrayIsItAlone() throws Exception {
        RoundBuffer round = new RoundBuffer();
        byte[] page = new byte[300_000]; // larger than the array starts: it grows as the pieces come
        for (int i = 0; i < page.length; i++) {
            page[i] = (byte) ('a' + i % 26);
        }
        HeadOfficeConnection.Answer first = read(round, pieces(page, 16_384));
        assertArrayEquals(page, Arrays.copyOf(first.bytes(), first.length()));

        byte[] shorter = "{\"changes\":[],\"hasMore\":false}".getBytes(StandardCharsets.UTF_8);
        HeadOfficeConnection.Answer second = read(round, pieces(shorter, 7));
        assertEquals(shorter.length, second.length(), "the second answer is its own length, not the first's");
        assertArrayEquals(shorter, Arrays.copyOf(second.bytes(), second.length()));
        assertSame(first.bytes(), second.bytes(), "the round's array, used again");
    }

    @Test
    void aConnectionCutWhileAnAnswerArrivesFailsTheAnswer() {
        HttpResponse.BodySubscriber<HeadOfficeConnection.Answer> subscriber = HeadOfficeConnection.into(new RoundBuffer()).apply(null);
        subscriber.onSubscribe(new Nothing());
        subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {'{'})));
        subscriber.onError(new java.io.IOException("connection reset"));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> subscriber.getBody().toCompletableFuture().get());
        assertEquals("connection reset", failed.getCause().getMessage());
    }

    private static HeadOfficeConnection.Answer read(RoundBuffer round, List<List<ByteBuffer>> deliveries) throws Exception {
        HttpResponse.BodySubscriber<HeadOfficeConnection.Answer> subscriber = HeadOfficeConnection.into(round).apply(null);
        subscriber.onSubscribe(new Nothing());
        deliveries.forEach(subscriber::onNext);
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().get();
    }

    /**
     * {@code bytes} in pieces of {@code size}, as the HTTP client hands them over: several a delivery,
     * heap pieces that are slices of a larger array (an offset and a position), and direct ones.
     */
    private static List<List<ByteBuffer>> pieces(byte[] bytes, int size) {
        List<List<ByteBuffer>> deliveries = new ArrayList<>();
        List<ByteBuffer> delivery = new ArrayList<>();
        int n = 0;
        for (int from = 0; from < bytes.length; from += size) {
            int length = Math.min(size, bytes.length - from);
            ByteBuffer piece;
            if (n % 3 == 0) {
                piece = ByteBuffer.allocateDirect(length);
                piece.put(bytes, from, length).flip();
            } else {
                // a slice of a larger array, read from a position past its start
                byte[] around = new byte[length + 10];
                System.arraycopy(bytes, from, around, 7, length);
                piece = ByteBuffer.wrap(around, 2, length + 5).slice();
                piece.position(5);
            }
            delivery.add(piece);
            if (++n % 2 == 0) {
                deliveries.add(delivery);
                delivery = new ArrayList<>();
            }
        }
        if (!delivery.isEmpty()) {
            deliveries.add(delivery);
        }
        return deliveries;
    }

    private static final class Nothing implements Flow.Subscription {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
