package org.tutela.app.syncclient;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.HealthResponse;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;

/**
 * The pinned HTTPS connection to head office: one HTTP client for as long as the pinned
 * certificate stays the same, requests sent (or started, to be answered later) with the device's
 * token, and head office's answers read, a non-2xx one as a {@link ServerRefusal}. Apart from the
 * push and the pull, so that both, and enrolment, ask head office and read its answers one way.
 */
final class HeadOfficeConnection {
    /** The code shown when head office's answer is not the protocol this laptop speaks (no code of head office's own). */
    static final String NOT_PROTOCOL_V1 = "NOT_PROTOCOL_V1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final ObjectMapper json = ProtocolJson.mapper();
    private HttpClient http;
    private String httpPin;

    /** One HTTP client (and its connections) for as long as the pinned certificate stays the same. */
    synchronized HttpClient httpClient(String pinnedFingerprint) {
        if (http == null || !pinnedFingerprint.equals(httpPin)) {
            http = HttpClient.newBuilder()
                    .sslContext(PinnedTls.context(pinnedFingerprint))
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            httpPin = pinnedFingerprint;
        }
        return http;
    }

    static HttpRequest.Builder authorised(SyncAccount account, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(account.serverUrl() + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", Protocol.AUTHORIZATION_SCHEME + " " + account.deviceToken());
    }

    <T> T send(HttpClient http, HttpRequest request, Class<T> type) {
        HttpResponse<Answer> response;
        try {
            response = http.send(request, into(new RoundBuffer()));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(SyncException.Reason.CANCELLED, null, e);
        }
        return answer(response, type);
    }

    /**
     * Starts a request whose answer is taken later ({@link #receive}), so the laptop can work
     * meanwhile; the answer is read into {@code into} (a round's, used again for each answer, the one
     * before it read by then).
     */
    static CompletableFuture<HttpResponse<Answer>> start(HttpClient http, HttpRequest request, RoundBuffer into) {
        return http.sendAsync(request, into(into));
    }

    /** Head office's answer as it arrived: the first {@code length} bytes of {@code bytes}. */
    record Answer(byte[] bytes, int length) {
    }

    /**
     * An answer read into {@code buffer}, each piece copied in as it arrives. The HTTP client's own way
     * keeps every piece (16 KB each, a pull page's 2 MB in all) until the last has come, then joins
     * them: a page arrives while the one before it is stored, so the pieces lived through the young
     * collections of that storing and were promoted, and the old generation they filled cost a full
     * collection every page or two. Copied into an array the round keeps, they die young.
     */
    static HttpResponse.BodyHandler<Answer> into(RoundBuffer buffer) {
        return info -> new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<Answer> answer = new CompletableFuture<>();

            @Override
            public java.util.concurrent.CompletionStage<Answer> getBody() {
                return answer;
            }

            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                buffer.reset();
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(java.util.List<java.nio.ByteBuffer> pieces) {
                for (java.nio.ByteBuffer piece : pieces) {
                    if (piece.hasArray()) {
                        buffer.write(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
                    } else {
                        byte[] copy = new byte[piece.remaining()];
                        piece.get(copy);
                        buffer.write(copy, 0, copy.length);
                    }
                }
            }

            @Override
            public void onError(Throwable failure) {
                answer.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                answer.complete(new Answer(buffer.array(), buffer.size()));
            }
        };
    }

    /** The answer to a request {@link #start}ed earlier, as {@link #send} gives it. */
    <T> T receive(CompletableFuture<HttpResponse<Answer>> pending, Class<T> type) {
        HttpResponse<Answer> response;
        try {
            response = pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw unreachable(io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new SyncException(SyncException.Reason.OFFLINE, null, cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SyncException(SyncException.Reason.CANCELLED, null, e);
        }
        return answer(response, type);
    }

    /**
     * Only a certificate that is not the pinned one is a security matter; a connection reset, cut or
     * timed out, during the TLS handshake or after, is no connection.
     */
    private static SyncException unreachable(IOException e) {
        return new SyncException(certificateRefused(e) ? SyncException.Reason.UNTRUSTED_SERVER : SyncException.Reason.OFFLINE, null, e);
    }

    private <T> T answer(HttpResponse<Answer> response, Class<T> type) {
        Answer answer = response.body();
        if (response.statusCode() / 100 == 2) {
            try {
                return json.readValue(answer.bytes(), 0, answer.length(), type);
            } catch (IOException e) {
                throw SyncException.refused(NOT_PROTOCOL_V1, null, "an answer that is not protocol v1", e);
            }
        }
        ErrorBody body = null;
        try {
            body = json.readValue(answer.bytes(), 0, answer.length(), ErrorBody.class);
        } catch (IOException | RuntimeException ignored) {
            // not our server's JSON: the status alone says enough
        }
        throw new ServerRefusal(response.statusCode(), body);
    }

    /** Whether the pinned-certificate check refused the server (anywhere in the cause chain). */
    static boolean certificateRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    void checkVersions(HttpClient http, SyncAccount account) {
        HealthResponse health = send(http, HttpRequest.newBuilder(URI.create(account.serverUrl() + Protocol.PATH_HEALTH))
                .timeout(REQUEST_TIMEOUT).GET().build(), HealthResponse.class);
        if (!health.supportedProtocolVersions().contains(Protocol.PROTOCOL_VERSION)
                || !health.supportedSchemaVersions().contains(Protocol.RECORD_SCHEMA_VERSION)) {
            throw SyncException.versionMismatch(health.supportedProtocolVersions() + "/" + health.supportedSchemaVersions(),
                    Protocol.PROTOCOL_VERSION + "/" + Protocol.RECORD_SCHEMA_VERSION);
        }
    }
}
