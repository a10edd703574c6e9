package org.tutela.sync.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.EnrolResponse;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.Versions;
import java.util.Map;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;

/** A real HTTPS client, pinned to the server's generated certificate (it trusts nothing else). */
final class TestClient {
    static final ObjectMapper JSON = ProtocolJson.mapper();
    final HttpClient http;
    final String base;

    /** {@code requestId}: the answer's X-Request-Id header. */
    record Reply(int status, String body, String requestId) {
        Reply(int status, String body) {
            this(status, body, null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        <T> T as(Class<T> type) {
            if (status != 200) {
                throw new AssertionError("HTTP " + status + ": " + body);
            }
            try {
                return JSON.readValue(body, type);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    TestClient(int port, X509Certificate pinned) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", pinned);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        base = "https://localhost:" + port;
    }

    Reply get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue(Protocol.REQUEST_ID_HEADER).orElse(null));
    }

    Reply post(String path, String token, byte[] body) throws Exception {
        return post(path, token, body, false);
    }

    /** {@code expectContinue}: the server may refuse (413) before the body is uploaded. */
    Reply post(String path, String token, byte[] body, boolean expectContinue) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).expectContinue(expectContinue)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    Reply post(String path, String token, String body) throws Exception {
        return post(path, token, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    EnrolResponse enrol(String username, String password) throws Exception {
        return post(Protocol.PATH_ENROL, null, JSON.writeValueAsString(new EnrolRequest("1", username, password, "test laptop")))
                .as(EnrolResponse.class);
    }

    /** An enrolled device with its own outbox sequence. */
    /** The last payload seen of each record (pushed through any device of this client), for base hashes. */
    final java.util.Map<UUID, String> known = new java.util.concurrent.ConcurrentHashMap<>();

    final class Device {
        final UUID id;
        final String token;
        long nextSequence = 1;
        String epoch;

        /** The same device talking to another server instance. */
        Device(Device other) {
            this.id = other.id;
            this.token = other.token;
            this.epoch = other.epoch;
            this.nextSequence = other.nextSequence;
        }

        Device(EnrolResponse e) {
            this.id = e.deviceId();
            this.token = e.deviceToken();
            this.epoch = e.serverEpoch();
        }

        /**
         * A change of the record made from its revision {@code base}; its content at that revision is
         * the last payload this test client saw applied, pulled or in a conflict (named by hash, as the protocol asks).
         */
        PushEntry entry(UUID recordId, String kind, long base, UUID learnerId, String payload) {
            return entry(recordId, kind, base, base == 0 ? null : Versions.hash(false, known.get(recordId)), learnerId, payload);
        }

        /** A change made from revision {@code base} whose content has the hash {@code baseHash}. */
        PushEntry entry(UUID recordId, String kind, long base, String baseHash, UUID learnerId, String payload) {
            return new PushEntry(nextSequence++, recordId, kind, base, baseHash, base + 1, Instant.now(), false, false, false,
                    learnerId, null, payload);
        }

        PushEntry learner(UUID learnerId, long base, String payload) {
            return entry(learnerId, RecordKinds.LEARNER, base, null, payload);
        }

        String pushJson(List<PushEntry> entries) throws Exception {
            return JSON.writeValueAsString(new PushRequest("1", 1, id, epoch, entries));
        }

        Reply pushRaw(List<PushEntry> entries) throws Exception {
            return post(Protocol.PATH_PUSH, token, pushJson(entries));
        }

        PushResponse push(List<PushEntry> entries) throws Exception {
            PushResponse r = pushRaw(entries).as(PushResponse.class);
            Map<Long, PushEntry> bySequence = new java.util.HashMap<>();
            entries.forEach(e -> bySequence.put(e.deviceSequence(), e));
            for (EntryResult result : r.results()) {
                PushEntry e = bySequence.get(result.deviceSequence());
                EntryStatus status = result.originalStatus() != null ? result.originalStatus() : result.status();
                if (status == EntryStatus.APPLIED && e != null && e.payload() != null) {
                    known.put(e.recordId(), e.payload());
                } else if (result.serverRecord() != null && result.serverRecord().payload() != null) {
                    known.put(result.recordId(), result.serverRecord().payload());
                }
            }
            return r;
        }

        Reply pullRaw(long after, int limit) throws Exception {
            return get(Protocol.PATH_PULL + "?protocolVersion=1&schemaVersion=1&after=" + after + "&limit=" + limit, token);
        }

        PullResponse pull(long after, int limit) throws Exception {
            PullResponse r = pullRaw(after, limit).as(PullResponse.class);
            for (SyncRecord c : r.changes()) {
                if (c.payload() != null) {
                    known.put(c.recordId(), c.payload());
                }
            }
            return r;
        }

        /** Pulls every page from {@code after}; returns the changes in order. */
        List<SyncRecord> pullAll(long after, int limit) throws Exception {
            List<SyncRecord> all = new ArrayList<>();
            long cursor = after;
            while (true) {
                PullResponse p = pull(cursor, limit);
                all.addAll(p.changes());
                cursor = p.nextCursor();
                if (!p.hasMore()) {
                    return all;
                }
            }
        }
    }

    Device device(String username, String password) throws Exception {
        return new Device(enrol(username, password));
    }
}
