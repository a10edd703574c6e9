package org.tutela.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.records.RecordJson;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.EnrolResponse;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.reports.ReportProjector;

/**
 * Head office's reports, over real HTTPS, on SQLite and on PostgreSQL (embedded, fsync on).
 *
 * <ol>
 * <li>What the report projector costs a push: one laptop pushes 10,000 records (the app's own JSON:
 * learners, then held reviews and group sessions) in protocol-sized batches into a server with the
 * projector off, and into one with it on (following the records as it does in service); the runs
 * alternate, each into a fresh database, and the median of each is compared. Also how long after the
 * last push the report tables are up to date.</li>
 * <li>The pages at size: 250 tutors with a group each, 10,000 learners and 100,000 tutorials pushed in,
 * the tables built (time reported), then, signed in as a pastoral lead, the Reports page (by tutor
 * and by group) and learners' pages fetched again and again: p50 and p95 to the last byte.</li>
 * </ol>
 * {@code --smoke}: tiny sizes.
 */
public final class ReportsBench {
    private static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final String PASSWORD = "bench password 123";

    private final boolean smoke;
    private final PrintStream out;
    private final int pushRecords;
    private final int pushRuns;
    private final int tutors;
    private final int learnersPerTutor;
    private final int tutorialsPerLearner;
    private final int warmUp;
    private final int measured;

    ReportsBench(boolean smoke, PrintStream out) {
        this.smoke = smoke;
        this.out = out;
        this.pushRecords = smoke ? 300 : 10_000;
        this.pushRuns = smoke ? 1 : 4;
        this.tutors = smoke ? 5 : 250;
        this.learnersPerTutor = smoke ? 8 : 40;
        this.tutorialsPerLearner = 10;
        this.warmUp = smoke ? 3 : 40;
        this.measured = smoke ? 5 : 200;
    }

    /** Which parts run: both, or only the pushes ({@code --pushes}) or only the pages ({@code --pages}). */
    private boolean runPushes = true;
    private boolean runPages = true;

    public static void main(String[] args) throws Exception {
        ReportsBench b = new ReportsBench(List.of(args).contains("--smoke"), System.out);
        b.runPushes = !List.of(args).contains("--pages");
        b.runPages = !List.of(args).contains("--pushes");
        b.run();
    }

    void run() throws Exception {
        SyncServerBench.quietLogs();
        Path tmp = Files.createTempDirectory("tutela-reports-bench");
        AtomicInteger databases = new AtomicInteger();
        try {
            IntFunction<ServerSettings> sqlite = n -> ServerSettings.defaults().with("data-dir", tmp.resolve("sqlite" + n).toString())
                    .with("port", "0").with("host", "127.0.0.1");
            if (runPushes) {
                pushes("sqlite", sqlite);
            }
            if (runPages) {
                pages("sqlite", sqlite.apply(999));
            }
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100").start()) {
                IntFunction<ServerSettings> postgres = n -> {
                    String name = "reports_bench_" + databases.incrementAndGet();
                    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + name);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return ServerSettings.defaults().with("data-dir", tmp.resolve("pg" + n).toString()).with("port", "0")
                            .with("host", "127.0.0.1").with("db.url", pg.getJdbcUrl("postgres", name)).with("db.user", "postgres");
                };
                if (runPushes) {
                    pushes("postgresql", postgres);
                }
                if (runPages) {
                    pages("postgresql", postgres.apply(999));
                }
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- 1. the push, with and without the projector

    private void pushes(String db, IntFunction<ServerSettings> settings) throws Exception {
        String p = "reports." + db + ".";
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        List<Long> catchUp = new ArrayList<>();
        int run = 0;
        // the first runs warm the JIT and are not counted; then the two alternate, each going first in turn, so
        // that neither gains from running later (a warmer JIT) and the machine's load falls on both alike
        push(settings.apply(run++), false, null);
        push(settings.apply(run++), true, new long[1]);
        for (int i = 0; i < pushRuns; i++) {
            long[] lag = new long[1];
            if (i % 2 == 0) {
                without.add(push(settings.apply(run++), false, null));
                with.add(push(settings.apply(run++), true, lag));
            } else {
                with.add(push(settings.apply(run++), true, lag));
                without.add(push(settings.apply(run++), false, null));
            }
            catchUp.add(lag[0]);
        }
        long a = median(without);
        long b = median(with);
        out.println(p + "push_" + pushRecords + "_without_projector: " + a + " ms");
        out.println(p + "push_" + pushRecords + "_with_projector: " + b + " ms");
        out.println(p + "push_with_projector_ratio: " + String.format(Locale.ROOT, "%.2f", (double) b / Math.max(1, a)) + " x");
        out.println(p + "tables_current_after_last_push: " + median(catchUp) + " ms");
        out.flush();
    }

    /** Pushes {@link #pushRecords} records into a fresh server; returns the time of the pushes (ms). */
    private long push(ServerSettings s, boolean projector, long[] lagMs) throws Exception {
        try (SyncServer server = SyncServer.start(s.with("reports.refresh-millis", projector ? "500" : "0"))) {
            int groups = Math.max(2, pushRecords / 1000);
            World w = world(server, 1, groups);
            List<PushEntry> entries = new ArrayList<>();
            int learners = pushRecords / 20;
            Random r = new Random(7);
            List<Learner> made = new ArrayList<>();
            for (int i = 0; i < learners; i++) {
                Learner l = learner(r, i, w.groups.get(i % groups));
                made.add(l);
                entries.add(w.device.entry(l.id(), RecordKinds.LEARNER, l.id(), l.primaryGroupId(), RecordJson.write(l)));
            }
            while (entries.size() < pushRecords) {
                entries.add(tutorial(w.device, r, made, entries.size()));
            }
            long t0 = System.nanoTime();
            for (int from = 0; from < entries.size(); from += Protocol.MAX_BATCH_ENTRIES) {
                w.device.push(entries.subList(from, Math.min(entries.size(), from + Protocol.MAX_BATCH_ENTRIES)));
            }
            long took = (System.nanoTime() - t0) / 1_000_000;
            if (lagMs != null) {
                ReportProjector rp = server.reportProjector().orElseThrow();
                long t1 = System.nanoTime();
                while (!rp.progress().current() || rp.progress().computedFor() == null) {
                    Thread.sleep(20);
                }
                lagMs[0] = (System.nanoTime() - t1) / 1_000_000;
            }
            return took;
        }
    }

    // ---------------------------------------------------------------- 2. the pages at size

    private void pages(String db, ServerSettings s) throws Exception {
        String p = "reports." + db + ".";
        try (SyncServer server = SyncServer.start(s.with("reports.refresh-millis", "0"))) {
            World w = world(server, tutors, tutors);
            Random r = new Random(11);
            List<UUID> learnerIds = new ArrayList<>();
            List<PushEntry> batch = new ArrayList<>();
            long seedStart = System.nanoTime();
            int records = 0;
            for (int t = 0; t < tutors; t++) {
                List<Learner> group = new ArrayList<>();
                for (int i = 0; i < learnersPerTutor; i++) {
                    Learner l = learner(r, t * learnersPerTutor + i, w.groups.get(t));
                    group.add(l);
                    learnerIds.add(l.id());
                    batch.add(w.device.entry(l.id(), RecordKinds.LEARNER, l.id(), l.primaryGroupId(), RecordJson.write(l)));
                    if (batch.size() >= Protocol.MAX_BATCH_ENTRIES) {
                        records += batch.size();
                        w.device.push(batch);
                        batch = new ArrayList<>();
                    }
                }
                for (int k = 0; k < learnersPerTutor * tutorialsPerLearner; k++) {
                    batch.add(tutorial(w.device, r, group, k));
                    if (batch.size() >= Protocol.MAX_BATCH_ENTRIES) {
                        records += batch.size();
                        w.device.push(batch);
                        batch = new ArrayList<>();
                    }
                }
            }
            if (!batch.isEmpty()) {
                records += batch.size();
                w.device.push(batch);
            }
            long seedMs = (System.nanoTime() - seedStart) / 1_000_000;
            ReportProjector rp = new ReportProjector(server.database(), java.time.Clock.systemUTC(), java.time.ZoneId.of("Europe/London"), 0);
            long t0 = System.nanoTime();
            rp.catchUp();
            long projectMs = (System.nanoTime() - t0) / 1_000_000;
            out.println(p + "size_tutors: " + tutors + " tutors");
            out.println(p + "size_learners: " + learnerIds.size() + " learners");
            out.println(p + "size_tutorials: " + (records - learnerIds.size()) + " tutorials");
            out.println(p + "seed_push: " + seedMs + " ms");
            out.println(p + "tables_built_from_" + records + "_records: " + projectMs + " ms");

            server.accounts().addUser("bench.lead", Role.PASTORAL_LEAD, new UserDetails("Bench Pastoral Lead", null, null),
                    PASSWORD.toCharArray(), AuditTrail.Actor.commandLine());
            ConsoleBench.Web web = new ConsoleBench.Web(server);
            web.signIn("bench.lead", PASSWORD);
            time(p + "overview", web, i -> "/console/reports");
            time(p + "overview_by_group", web, i -> "/console/reports?by=group&sort=shortfall&dir=desc");
            time(p + "learners_list", web, i -> "/console/reports/learners?state=overdue&sort=attendance");
            time(p + "learner_page", web, i -> "/console/reports/learners/" + learnerIds.get((i * 7919) % learnerIds.size()));
            out.flush();
        }
    }

    private void time(String name, ConsoleBench.Web web, IntFunction<String> path) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            web.get(path.apply(i));
        }
        List<Long> times = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < measured; i++) {
            long s = System.nanoTime();
            bytes = web.get(path.apply(warmUp + i)).length();
            times.add(System.nanoTime() - s);
        }
        Collections.sort(times);
        out.println(name + "_p50: " + ms(times.get(times.size() / 2)) + " ms");
        out.println(name + "_p95: " + ms(times.get((int) Math.ceil(times.size() * 0.95) - 1)) + " ms");
        out.println(name + "_size: " + (bytes / 1024) + " KiB");
    }

    // ---------------------------------------------------------------- invented records

    /** Tutors (each with a group) and one administrator's laptop that pushes their records. */
    private record World(Device device, List<UUID> groups) {
    }

    private static World world(SyncServer server, int tutorCount, int groupCount) throws Exception {
        AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
        server.accounts().addUser("bench.admin", Role.ADMINISTRATOR, new UserDetails("Bench Administrator", null, null),
                PASSWORD.toCharArray(), cli);
        for (int t = 0; t < tutorCount; t++) {
            server.accounts().addUser("tutor" + t, Role.TUTOR, new UserDetails("Invented Tutor " + t, null, null), PASSWORD.toCharArray(), cli);
        }
        Groups g = new Groups(server.database(), server.accounts());
        List<UUID> groups = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            groups.add(g.create(Groups.Changes.named("Bench group " + i).withCourse("Course " + (i % 40))
                    .withReviewFrequency(i % 3 == 0 ? "termly" : "half-termly").withTutor("tutor" + (i % tutorCount))).id());
        }
        return new World(new Device(server), groups);
    }

    private static Learner learner(Random r, int n, UUID group) {
        LocalDate start = AcademicYear.of(LocalDate.now()).start().plusDays(30);
        Learner.Builder b = Learner.builder().givenName("Invented" + n).familyName("Learner" + (n % 977)).group(group).startDate(start)
                .attendance(new Attendance(100, r.nextInt(25)));
        if (r.nextInt(10) == 0) {
            b.flag(LearnerFlag.AT_RISK_OF_DROP_OUT, true);
        }
        return b.build();
    }

    /** A held one-to-one review (most) or group session, as the laptop writes it, this academic year. */
    private static PushEntry tutorial(Device d, Random r, List<Learner> learners, int k) {
        Learner l = learners.get(k % learners.size());
        LocalDate today = LocalDate.now();
        LocalDate on = today.minusDays(r.nextInt(120));
        if (on.isBefore(AcademicYear.of(today).start())) {
            on = AcademicYear.of(today).start();
        }
        Tutorial t;
        if (k % 10 == 9) {
            t = Tutorial.planGroupSession(l.primaryGroupId(), "Invented tutor", TutorialPlan.on(on, LocalTime.of(9, 0), "Hall"))
                    .withAttendees(learners.subList(0, Math.min(learners.size(), 12)).stream().map(Learner::id).toList())
                    .withOutcome(TutorialOutcome.HELD, null);
            return d.entry(t.id(), RecordKinds.TUTORIAL, null, t.groupId(), RecordJson.write(t));
        }
        t = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), "Invented tutor", TutorialPlan.on(on, LocalTime.NOON, "Room 3"))
                .hold(FrozenSnapshot.take(on, l, List.of()));
        return d.entry(t.id(), RecordKinds.TUTORIAL, l.id(), null, RecordJson.write(t));
    }

    /** The administrator's laptop, over HTTPS that trusts only the server's certificate. */
    private static final class Device {
        final HttpClient http;
        final String base;
        final UUID id;
        final String token;
        final String epoch;
        long sequence = 1;

        Device(SyncServer server) throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", server.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
            base = "https://localhost:" + server.port();
            EnrolResponse e = JSON.readValue(send(Protocol.PATH_ENROL, JSON.writeValueAsString(
                    new EnrolRequest(Protocol.PROTOCOL_VERSION, "bench.admin", PASSWORD, "bench")), null), EnrolResponse.class);
            id = e.deviceId();
            token = e.deviceToken();
            epoch = e.serverEpoch();
        }

        PushEntry entry(UUID recordId, String kind, UUID learner, UUID group, byte[] payload) {
            return new PushEntry(sequence++, recordId, kind, 0L, null, 1L, Instant.now(), false, false, false, learner, group,
                    new String(payload, StandardCharsets.UTF_8));
        }

        void push(List<PushEntry> batch) throws Exception {
            String answer = send(Protocol.PATH_PUSH, JSON.writeValueAsString(new PushRequest(Protocol.PROTOCOL_VERSION,
                    Protocol.RECORD_SCHEMA_VERSION, id, epoch, batch)), token);
            for (EntryResult e : JSON.readValue(answer, PushResponse.class).results()) {
                if (e.status() != EntryStatus.APPLIED) {
                    throw new IllegalStateException("benchmark check failed: an entry was " + e.status() + " " + e.code());
                }
            }
        }

        String send(String path, String body, String bearer) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " from " + path);
            }
            return r.body();
        }
    }

    private static long median(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
