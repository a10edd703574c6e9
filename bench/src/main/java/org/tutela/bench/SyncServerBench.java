package org.tutela.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.EnrolResponse;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * The sync server over real HTTPS, on SQLite and on PostgreSQL (embedded, fsync on): push and
 * pull of 10,000 records by one device in protocol-sized batches; then 100 devices each pushing
 * 100-record batches at once (throughput, p50/p99 latency per batch). {@code --smoke}: tiny sizes.
 */
public final class SyncServerBench {
    private static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final String PASSWORD = "bench password 123";

    private final boolean smoke;
    private final PrintStream out;
    private final int records;
    private final int devices;
    private final int batchesPerDevice;
    private final int concurrentBatch;
    private final int warmUpRounds;
    private final int measuredRounds;

    SyncServerBench(boolean smoke, PrintStream out) {
        this.smoke = smoke;
        this.out = out;
        this.records = smoke ? 300 : 10_000;
        this.devices = smoke ? 3 : 100;
        this.batchesPerDevice = smoke ? 2 : 3;
        this.concurrentBatch = smoke ? 10 : 100;
        this.warmUpRounds = smoke ? 1 : 3;
        this.measuredRounds = smoke ? 1 : 5;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        new SyncServerBench(smoke, System.out).run();
    }

    void run() throws Exception {
        quietLogs();
        Path tmp = Files.createTempDirectory("tutela-server-bench");
        try {
            runOn("sqlite", ServerSettings.defaults().with("data-dir", tmp.resolve("sqlite").toString()).with("port", "0")
                    .with("host", "127.0.0.1"));
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "200").start()) {
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE bench");
                }
                runOn("postgresql", ServerSettings.defaults().with("data-dir", tmp.resolve("pg").toString()).with("port", "0")
                        .with("host", "127.0.0.1").with("db.url", pg.getJdbcUrl("postgres", "bench")).with("db.user", "postgres")
                        .with("db.pool-size", "16"));
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private void runOn(String db, ServerSettings settings) throws Exception {
        String p = "server." + db + ".";
        try (SyncServer server = SyncServer.start(settings)) {
            Accounts accounts = server.accounts();
            accounts.addUser("bench.tutor", Role.TUTOR, PASSWORD.toCharArray());
            List<UUID> learners = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                learners.add(UUID.randomUUID());
            }
            accounts.assign("bench.tutor", Accounts.SCOPE_LEARNER, learners);
            Http http = new Http(server.port(), server.certificate());
            Device writer = http.enrol();
            Device reader = http.enrol();

            // one device: push N records in protocol-sized batches
            List<PushEntry> all = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                all.add(writer.entry(learners.get(i % learners.size())));
            }
            long t0 = System.nanoTime();
            int applied = 0;
            for (int from = 0; from < all.size(); from += Protocol.MAX_BATCH_ENTRIES) {
                applied += writer.push(all.subList(from, Math.min(all.size(), from + Protocol.MAX_BATCH_ENTRIES)));
            }
            long pushMs = ms(t0);
            check(applied == records, "pushed " + applied + " of " + records);
            out.println(p + "push_" + records + "_records: " + pushMs + " ms");
            out.println(p + "push_rate: " + rate(records, pushMs) + " records/s");

            // a second device of the same tutor pulls them all, in the largest pages allowed
            t0 = System.nanoTime();
            int pulled = 0;
            long cursor = 0;
            while (true) {
                PullResponse page = reader.pull(cursor, Protocol.MAX_PULL_LIMIT);
                pulled += page.changes().size();
                cursor = page.nextCursor();
                if (!page.hasMore()) {
                    break;
                }
            }
            long pullMs = ms(t0);
            check(pulled == records, "pulled " + pulled + " of " + records);
            out.println(p + "pull_" + records + "_records: " + pullMs + " ms");
            out.println(p + "pull_rate: " + rate(records, pullMs) + " records/s");

            // many devices at once
            List<Device> fleet = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                // each device its own client and connection, as in the field
                fleet.add(new Http(server.port(), server.certificate()).enrol());
            }
            for (Device d : fleet) {
                d.pull(0, 1); // open the connection
            }
            // A server runs for weeks: its request path is compiled by the JIT first (see settleJit),
            // the first rounds at full load are reported apart, and the figures that count pool the
            // rounds after them (this 2-core machine also runs the hundred devices and PostgreSQL,
            // so one round alone is noisy).
            long settleStart = System.nanoTime();
            int settlePushes = settleJit(fleet, learners);
            long settleMs = ms(settleStart);
            Round cold = concurrentRound(fleet, learners);
            for (int w = 1; w < warmUpRounds; w++) {
                concurrentRound(fleet, learners);
            }
            Round r = concurrentRound(fleet, learners);
            for (int m = 1; m < measuredRounds; m++) {
                r = r.and(concurrentRound(fleet, learners));
            }
            out.println(p + "concurrent_devices: " + devices + " devices");
            out.println(p + "concurrent_rounds: " + measuredRounds + " rounds, each device pushing " + batchesPerDevice
                    + " batches back to back");
            out.println(p + "concurrent_batches: " + r.latencies().size() + " batches of " + concurrentBatch + " records");
            out.println(p + "concurrent_wall_time: " + r.wallMs() + " ms");
            out.println(p + "concurrent_throughput: " + rate(r.records(), r.wallMs()) + " records/s");
            out.println(p + "concurrent_batch_latency_p50: " + percentile(r.latencies(), 50) + " ms");
            out.println(p + "concurrent_batch_latency_p99: " + percentile(r.latencies(), 99) + " ms");
            out.println(p + "concurrent_jit_settle_pushes: " + settlePushes + " pushes of 10 records");
            out.println(p + "concurrent_jit_settle_time: " + settleMs + " ms");
            out.println(p + "concurrent_warm_up_rounds: " + warmUpRounds + " rounds");
            out.println(p + "concurrent_first_round_latency_p50: " + percentile(cold.latencies(), 50) + " ms");
            out.println(p + "concurrent_first_round_latency_p99: " + percentile(cold.latencies(), 99) + " ms");
            out.flush();
        }
    }

    /**
     * A server that has run for a while has its request path compiled by the JIT. Under the
     * hundred-device load the compiler gets little of this machine's two cores and had not got
     * there after two dozen rounds, so first: small pushes from a tenth of the fleet, leaving
     * cores to spare, until the compiler has been nearly idle for a second (at most a minute).
     * Returns how many pushes that took.
     */
    private int settleJit(List<Device> fleet, List<UUID> learners) throws Exception {
        List<Device> few = fleet.subList(0, Math.max(1, fleet.size() / 10));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger pushes = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(few.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Device d : few) {
                running.add(pool.submit(() -> {
                    while (!stop.get()) {
                        List<PushEntry> batch = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            batch.add(d.entry(learners.get(i % learners.size())));
                        }
                        d.push(batch);
                        pushes.incrementAndGet();
                    }
                    return null;
                }));
            }
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(smoke ? 1 : 60);
            long before = jit.getTotalCompilationTime();
            while (System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                long now = jit.getTotalCompilationTime();
                if (now - before < 50) {
                    break;
                }
                before = now;
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(1, TimeUnit.MINUTES);
            }
            return pushes.get();
        } finally {
            pool.shutdown();
        }
    }

    /** Latencies sorted, in nanoseconds. */
    private record Round(List<Long> latencies, long wallMs, int records) {
        Round and(Round next) {
            List<Long> all = new ArrayList<>(latencies);
            all.addAll(next.latencies);
            Collections.sort(all);
            return new Round(all, wallMs + next.wallMs, records + next.records);
        }
    }

    /**
     * Every device pushes its batches back to back, all starting at once. Each device's request
     * bodies are written before the start: in the field each device builds its batch on its own
     * laptop, so here that work must not compete with the server for this machine's cores.
     */
    private Round concurrentRound(List<Device> fleet, List<UUID> learners) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(fleet.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<Future<Integer>> results = new ArrayList<>();
            for (Device d : fleet) {
                List<String> bodies = new ArrayList<>();
                for (int b = 0; b < batchesPerDevice; b++) {
                    List<PushEntry> batch = new ArrayList<>();
                    for (int i = 0; i < concurrentBatch; i++) {
                        batch.add(d.entry(learners.get((b * concurrentBatch + i) % learners.size())));
                    }
                    bodies.add(d.pushBody(batch));
                }
                results.add(pool.submit(() -> {
                    go.await();
                    List<String> answers = new ArrayList<>();
                    for (String body : bodies) {
                        long s = System.nanoTime();
                        answers.add(d.pushRaw(body));
                        latencies.add(System.nanoTime() - s);
                    }
                    int n = 0;
                    for (String a : answers) {
                        n += Device.applied(a);
                    }
                    return n;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(10, TimeUnit.MINUTES);
            }
            long wallMs = ms(t0);
            int expected = fleet.size() * batchesPerDevice * concurrentBatch;
            check(total == expected, "concurrent pushes applied " + total + " of " + expected);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new Round(sorted, wallMs, total);
        } finally {
            pool.shutdown();
        }
    }

    /** The server logs a line per request; a benchmark prints only its figures. */
    static void quietLogs() {
        for (String name : List.of("org.tutela.sync.server", "com.zaxxer.hikari", "org.flywaydb", "io.javalin", "org.eclipse.jetty",
                "io.zonky")) {
            org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger(name);
            if (l instanceof ch.qos.logback.classic.Logger lb) {
                lb.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    private static long percentile(List<Long> sortedNanos, int pct) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int idx = (int) Math.ceil(pct / 100.0 * sortedNanos.size()) - 1;
        return TimeUnit.NANOSECONDS.toMillis(sortedNanos.get(Math.max(0, Math.min(idx, sortedNanos.size() - 1))));
    }

    private static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static long rate(int n, long ms) {
        return Math.round(n * 1000.0 / Math.max(1, ms));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception ignored) {
            // temp files
        }
    }

    /** A pinned HTTPS client. */
    private final class Http {
        final HttpClient client;
        final String base;

        Http(int port, X509Certificate cert) throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            base = "https://localhost:" + port;
        }

        String send(HttpRequest.Builder b, String token) throws Exception {
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = client.send(b.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }

        Device enrol() throws Exception {
            String body = JSON.writeValueAsString(new EnrolRequest(Protocol.PROTOCOL_VERSION, "bench.tutor", PASSWORD, "bench"));
            EnrolResponse e = JSON.readValue(send(HttpRequest.newBuilder(URI.create(base + Protocol.PATH_ENROL))
                    .POST(HttpRequest.BodyPublishers.ofString(body)), null), EnrolResponse.class);
            return new Device(this, e);
        }
    }

    private static final class Device {
        final Http http;
        final UUID id;
        final String token;
        final String epoch;
        long sequence = 1;

        Device(Http http, EnrolResponse e) {
            this.http = http;
            this.id = e.deviceId();
            this.token = e.deviceToken();
            this.epoch = e.serverEpoch();
        }

        PushEntry entry(UUID learner) {
            // about the size of an encrypted tutorial record's JSON
            String payload = "{\"type\":\"tutorial\",\"held\":true,\"comments\":\"" + "Invented comment text ".repeat(14) + "\"}";
            return new PushEntry(sequence++, UUID.randomUUID(), RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(), false, false, false,
                    learner, null, payload);
        }

        int push(List<PushEntry> batch) throws Exception {
            return applied(pushRaw(pushBody(batch)));
        }

        String pushBody(List<PushEntry> batch) throws Exception {
            return JSON.writeValueAsString(new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION, id, epoch, batch));
        }

        String pushRaw(String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(http.base + Protocol.PATH_PUSH))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), token);
        }

        static int applied(String answer) throws Exception {
            int n = 0;
            for (EntryResult e : JSON.readValue(answer, PushResponse.class).results()) {
                if (e.status() == EntryStatus.APPLIED) {
                    n++;
                }
            }
            return n;
        }

        PullResponse pull(long after, int limit) throws Exception {
            return JSON.readValue(http.send(HttpRequest.newBuilder(URI.create(http.base + Protocol.PATH_PULL + "?protocolVersion="
                    + Protocol.PROTOCOL_VERSION + "&schemaVersion=" + Protocol.RECORD_SCHEMA_VERSION + "&after=" + after + "&limit=" + limit
                    + "&epoch=" + epoch)).GET(), token), PullResponse.class);
        }
    }
}
