package org.tutela.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.records.RecordJson;
import org.tutela.app.records.RecordKind;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * End-to-end sync through the app's own {@code SyncClient} and vault against the real server over
 * real HTTPS, on SQLite and on PostgreSQL (embedded, fsync on): a laptop whose vault holds N invented
 * tutorials (about 1.4 KB of JSON each, 10,000 and 50,000) pushes them in one whole round, and a
 * second laptop of the same tutor pulls them into an empty vault in one round. Each laptop runs in a
 * JVM of its own with the packaged app's JVM options ({@link PackagedJvm}, {@link SyncBenchLaptop}); it reports the
 * round's wall and CPU time, the pull pages the round asked for, and its peak resident memory
 * ({@code VmHWM}). A laptop that only opens the same vault and loads the caseload is measured too,
 * for comparison. The server runs in this JVM; its CPU time over each round is measured (with how
 * much of it its JIT compilers and collector took, and each of its threads by name), and on
 * PostgreSQL the database's own processes'.
 *
 * <p>After that first round, the same two laptop JVMs and head office go on: the pushing laptop's
 * tutor changes every tutorial and pushes, the other laptop pulls, and again, as an app and a head
 * office that have been running a while would; the last of these rounds is reported as
 * {@code …_again_…} (the first round of a JVM just started is mostly its JIT compilers at work).
 *
 * <p>Flags: {@code --smoke} (200 tutorials, one run), {@code --runs=R} (each figure's median of R
 * runs, with {@code _min} and {@code _max}; default 3 at 10,000 and 1 at 50,000),
 * {@code --rounds=K} (rounds each laptop JVM does, the first included; default 3, 1 for none
 * after the first), {@code --sizes=10000,50000}, {@code --db=sqlite|postgresql},
 * {@code --warm-up-runs=W} (W runs first whose figures are left out), {@code --after-unlock};
 * {@code -Dtutela.bench.laptop-jvm=-Dtutela.bench.batch=N} sends batches of at most N entries. For a look inside a round:
 * {@code -Dtutela.bench.laptop-jvm=-Dtutela.bench.sample=true} (the laptops print the methods most
 * often on the syncing thread's stack); on PostgreSQL {@code -Dtutela.bench.pg-statements=true}
 * (the statements that took the database's time, see {@link #STATEMENTS}).
 */
public final class SyncBench {
    private static final String PASSWORD = "bench tutor password 1";
    private static final LocalDate TODAY = LocalDate.of(2025, 11, 20);

    private final PrintStream out;
    private final List<Integer> sizes;
    private final int runs;
    private final List<String> databases;
    /** Each laptop first does what the app does before its first sync: the lock screen's warm-up, then loading the caseload. */
    private final boolean afterUnlock;
    /** Rounds each laptop JVM does after its first, each of every tutorial changed once more. */
    private final int furtherRounds;
    /** Runs done first in this JVM, their figures left out: more of head office's code compiled, as in a server running a while. */
    private final int warmUpRuns;
    private int runCount;
    private int laptops;
    /** The embedded PostgreSQL's port while the bench runs on it (its processes' CPU is counted), else 0. */
    private int postgresPort;

    SyncBench(PrintStream out, List<Integer> sizes, int runs, List<String> databases) {
        this(out, sizes, runs, databases, false, 1, 0);
    }

    SyncBench(PrintStream out, List<Integer> sizes, int runs, List<String> databases, boolean afterUnlock, int rounds, int warmUpRuns) {
        this.out = out;
        this.sizes = sizes;
        this.runs = runs;
        this.databases = databases;
        this.afterUnlock = afterUnlock;
        this.furtherRounds = rounds - 1;
        this.warmUpRuns = warmUpRuns;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        List<Integer> sizes = smoke ? List.of(200) : List.of(10_000, 50_000);
        int runs = 0;
        int rounds = smoke ? 2 : 3;
        int warmUpRuns = 0;
        List<String> dbs = List.of("sqlite", "postgresql");
        for (String a : args) {
            if (a.startsWith("--sizes=")) {
                sizes = java.util.Arrays.stream(a.substring(8).split(",")).map(Integer::valueOf).toList();
            } else if (a.startsWith("--runs=")) {
                runs = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--rounds=")) {
                rounds = Math.max(1, Integer.parseInt(a.substring(9)));
            } else if (a.startsWith("--warm-up-runs=")) {
                warmUpRuns = Math.max(0, Integer.parseInt(a.substring(15)));
            } else if (a.startsWith("--db=")) {
                dbs = List.of(a.substring(5));
            }
        }
        new SyncBench(System.out, sizes, smoke ? 1 : runs, dbs, List.of(args).contains("--after-unlock"), rounds, warmUpRuns).run();
    }

    void run() throws Exception {
        quietLogs();
        Path tmp = Files.createTempDirectory("tutela-sync-bench");
        try {
            Map<Integer, DemoCaseload.Data> data = new HashMap<>();
            for (int n : sizes) {
                DemoCaseload.Data d = tutorials(n);
                data.put(n, d);
                Path template = tmp.resolve("template-" + n + ".tutela");
                long bytes = fill(template, d.tutorials());
                print("sync.tutorials_" + n + "_json", bytes / n, "bytes each");
                Map<String, List<Long>> open = new java.util.LinkedHashMap<>();
                for (int r = 0; r < Math.max(1, runsFor(n)); r++) {
                    Path copy = copyVault(template, tmp.resolve("open-" + n + "-" + r + ".tutela"));
                    record(open, "open_only_" + n + "_peak_rss", laptop(List.of("open", copy.toString())).get("peak_rss_kib") / 1024);
                    record(open, "open_and_load_caseload_" + n + "_peak_rss",
                            laptop(List.of("caseload", copy.toString())).get("peak_rss_kib") / 1024);
                }
                printAll("sync.", open, "MiB");
            }
            for (String db : databases) {
                if (db.equals("sqlite")) {
                    runOn(db, r -> ServerSettings.defaults().with("data-dir", tmp.resolve("sqlite-" + r).toString()), data, tmp);
                } else {
                    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                            .setServerConfig("synchronous_commit", "on");
                    if (STATEMENTS) {
                        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
                    }
                    try (EmbeddedPostgres pg = builder.start()) {
                        postgresPort = pg.getPort();
                        if (STATEMENTS) {
                            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                                s.execute("CREATE EXTENSION pg_stat_statements");
                            }
                        }
                        runOn(db, r -> {
                            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                                s.execute("CREATE DATABASE bench_" + r);
                            }
                            return ServerSettings.defaults().with("data-dir", tmp.resolve("pg-" + r).toString())
                                    .with("db.url", pg.getJdbcUrl("postgres", "bench_" + r)).with("db.user", "postgres");
                        }, data, tmp);
                        if (STATEMENTS) {
                            printStatements(pg);
                        }
                    }
                }
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * With {@code -Dtutela.bench.pg-statements=true}: PostgreSQL counts the time of each statement
     * ({@code pg_stat_statements}), and the statements that took most, over all runs and rounds, are
     * printed to stderr at the end (where a push's or the report projector's database time goes).
     */
    private static final boolean STATEMENTS = Boolean.getBoolean("tutela.bench.pg-statements");

    private static void printStatements(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g')"
                     + " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15")) {
            System.err.println("# PostgreSQL: the statements that took most, over every run and round");
            while (rs.next()) {
                String query = rs.getString(4);
                System.err.printf("# %9.1f ms %6d calls %8d rows  %s%n", rs.getDouble(2), rs.getLong(1), rs.getLong(3),
                        query.length() > 160 ? query.substring(0, 160) + "…" : query);
            }
        }
    }

    private int runsFor(int n) {
        return runs > 0 ? runs : n <= 10_000 ? 3 : 1;
    }

    /** A fresh head office for each run (its settings by run number). */
    @FunctionalInterface
    private interface Fresh {
        ServerSettings settings(int run) throws Exception;
    }

    /**
     * Each run: a fresh head office; a laptop pushes its N tutorials in one round, then another laptop
     * of the same tutor pulls them into an empty vault in one round.
     */
    private void runOn(String db, Fresh fresh, Map<Integer, DemoCaseload.Data> data, Path tmp) throws Exception {
        for (int n : sizes) {
            Map<String, List<Long>> figures = new java.util.LinkedHashMap<>();
            for (int r = -warmUpRuns; r < runsFor(n); r++) {
                int run = ++runCount;
                // a warm-up run does all a run does, and its figures are left out
                Map<String, List<Long>> into = r < 0 ? new java.util.LinkedHashMap<>() : figures;
                try (SyncServer server = SyncServer.start(fresh.settings(run).with("port", "0").with("host", "127.0.0.1"))) {
                    String url = "https://127.0.0.1:" + server.port();
                    String tutor = "bench.tutor";
                    server.accounts().addUser(tutor, Role.TUTOR, PASSWORD.toCharArray());
                    DemoCaseload.Data d = data.get(n);
                    server.accounts().assign(tutor, Accounts.SCOPE_LEARNER, d.learners().stream().map(Learner::id).toList());
                    server.accounts().assign(tutor, Accounts.SCOPE_GROUP, d.groups().stream().map(Group::id).toList());
                    Path pushing = tmp.resolve(db + "-push-" + run + ".tutela");
                    fill(pushing, d.tutorials());
                    Path pulling = tmp.resolve(db + "-pull-" + run + ".tutela");
                    Vault.create(pulling, SyncBenchLaptop.PASS.clone(), Argon2Params.FLOOR).close();
                    Path ids = tmp.resolve(db + "-push-" + run + ".ids");
                    Files.write(ids, d.tutorials().stream().map(t -> t.id().toString()).toList());
                    List<String> login = List.of(url, server.fingerprint(), tutor, PASSWORD, String.valueOf(n), String.valueOf(afterUnlock),
                            String.valueOf(furtherRounds), ids.toString());
                    // the first round of each laptop in a JVM just started; then, in the same JVMs, a
                    // second: the pushing laptop's tutor changes every tutorial, and the other laptop pulls them
                    try (LaptopJvm pusher = new LaptopJvm(concat("push", pushing, login))) {
                        Map<String, Long> push = pusher.answersUntil(furtherRounds > 0 ? "waiting" : null);
                        recordRound(into, "push_" + n, push, "", n);
                        try (LaptopJvm puller = new LaptopJvm(concat("pull", pulling, login))) { // once the push is done
                            Map<String, Long> pull = puller.answersUntil(furtherRounds > 0 ? "waiting" : null);
                            recordRound(into, "pull_" + n, pull, "", n);
                            record(into, "pull_" + n + "_pages", pull.get("pull_pages"));
                            // further rounds: the pushing laptop's tutor changes every tutorial, the other laptop pulls them;
                            // the figures are the last round's
                            for (int k = 1; k <= furtherRounds; k++) {
                                pusher.goOn();
                                push = pusher.answersUntil(k < furtherRounds ? "waiting" : null);
                                puller.goOn();
                                pull = puller.answersUntil(k < furtherRounds ? "waiting" : null);
                            }
                            if (furtherRounds > 0) {
                                recordRound(into, "push_" + n + "_again", push, "again_", n);
                                recordRound(into, "pull_" + n + "_again", pull, "again_", n);
                            }
                        }
                    }
                    deleteVault(pushing);
                    Files.delete(ids);
                    deleteVault(pulling);
                }
            }
            printAll("sync." + (afterUnlock ? "after_unlock." : "") + db + ".", figures, null);
        }
    }

    /**
     * An invented caseload with at least {@code n} tutorials; its first {@code n} are the ones synced.
     * Two years of a group make about a hundred tutorials, most of them reviews with the form filled
     * and signed (about 1.7 KB of JSON); four fifths of them, topped up with short informal
     * conversations, average about 1.4 KB.
     */
    private static DemoCaseload.Data tutorials(int n) {
        int groups = Math.max(2, Math.round(n * 0.8f / 99));
        DemoCaseload.Data d = DemoCaseload.generate(20251120L + n, new DemoCaseload.Scale(groups, 15, 2, 0, n), TODAY);
        List<Tutorial> first = d.tutorials().subList(0, n);
        return new DemoCaseload.Data(d.groups(), d.learners(), List.copyOf(first), List.of(), List.of(), List.of(), List.of());
    }

    /** A vault holding these tutorials, each waiting in the outbox; returns their JSON's total size. */
    private static long fill(Path file, List<Tutorial> tutorials) {
        long bytes = 0;
        List<byte[]> bodies = new ArrayList<>(tutorials.size());
        for (Tutorial t : tutorials) {
            byte[] b = RecordJson.write(t);
            bodies.add(b);
            bytes += b.length;
        }
        try (Vault v = Vault.create(file, SyncBenchLaptop.PASS.clone(), Argon2Params.FLOOR)) {
            v.records().inTransaction(s -> {
                for (int i = 0; i < tutorials.size(); i++) {
                    s.save(RecordKind.Names.TUTORIAL, tutorials.get(i).id(), bodies.get(i), WriteOptions.NORMAL);
                }
                return null;
            });
        }
        return bytes;
    }

    private static Path copyVault(Path from, Path to) throws Exception {
        Files.copy(from, to);
        return to;
    }

    private static void deleteVault(Path file) throws Exception {
        try (var s = Files.list(file.getParent())) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs the laptop in a JVM of its own, with the packaged app's JVM options, and returns its {@code @ name value} answers. */
    private Map<String, Long> laptop(List<String> args) throws Exception {
        try (LaptopJvm l = new LaptopJvm(args)) {
            return l.answersUntil(null);
        }
    }

    /**
     * A laptop JVM started with the packaged app's JVM options; its {@code @ name value} answers are
     * read as they come, and it is told when to go on after a {@code @ waiting} answer.
     */
    private final class LaptopJvm implements AutoCloseable {
        private final Process process;
        private final BufferedReader answers;
        private final String what;
        private long serverCpu;
        private long serverJit;
        private long serverGc;
        private long databaseCpu;
        private Map<String, Long> serverThreads = Map.of();

        LaptopJvm(List<String> args) throws Exception {
            // for profiling, e.g. -Dtutela.bench.laptop-jvm=-XX:StartFlightRecording=filename=/tmp/laptop-{laptop}.jfr,settings=profile
            // ({laptop}: what this laptop does and a count, so each run keeps its own recording)
            laptops++;
            List<String> extra = new ArrayList<>();
            for (String option : PackagedJvm.optionsIn("tutela.bench.laptop-jvm")) {
                extra.add(option.replace("{laptop}", args.get(0) + "-" + laptops));
            }
            extra.add("-Dtutela.logdir=" + System.getProperty("java.io.tmpdir"));
            what = args.get(0);
            process = new ProcessBuilder(PackagedJvm.command(extra, SyncBenchLaptop.class, args))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Its answers until it says {@code @ waiting} ({@code stop} not null) or ends. */
        Map<String, Long> answersUntil(String stop) throws Exception {
            Map<String, Long> got = new HashMap<>();
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.startsWith("@ ")) {
                    String[] parts = line.substring(2).split(" ");
                    if (parts[0].equals(stop)) {
                        return got;
                    }
                    got.put(parts[0], Long.parseLong(parts[1]));
                    // the server runs in this JVM, which does nothing else meanwhile: its CPU time over the round
                    // (and how much of it was its JIT compilers and its collector)
                    if (parts[0].endsWith("round_start")) {
                        serverCpu = ThisJvm.cpuNanos();
                        serverJit = ThisJvm.jitMillis();
                        serverGc = ThisJvm.gcMillis();
                        databaseCpu = postgresCpuMillis(postgresPort);
                        serverThreads = ThisJvm.threadCpuNanos();
                    } else if (parts[0].endsWith("round_ms")) {
                        if (postgresPort != 0) {
                            got.put(parts[0].replace("round_ms", "database_cpu_ms"), postgresCpuMillis(postgresPort) - databaseCpu);
                        }
                        got.put(parts[0].replace("round_ms", "server_cpu_ms"), (ThisJvm.cpuNanos() - serverCpu) / 1_000_000);
                        got.put(parts[0].replace("round_ms", "server_jit_ms"), ThisJvm.jitMillis() - serverJit);
                        got.put(parts[0].replace("round_ms", "server_gc_ms"), ThisJvm.gcMillis() - serverGc);
                        // which of the server's threads: taking the requests in, applying them, the reports
                        for (Map.Entry<String, Long> t : ThisJvm.threadCpuNanos().entrySet()) {
                            long spent = (t.getValue() - serverThreads.getOrDefault(t.getKey(), 0L)) / 1_000_000;
                            if (spent > 0 && !t.getKey().contains("benchmain")) {
                                got.put(parts[0].replace("round_ms", SERVER_THREAD) + t.getKey(), spent);
                            }
                        }
                    }
                }
            }
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("the laptop JVM failed (" + what + "): see its output above");
            }
            if (stop != null) {
                throw new IllegalStateException("the laptop JVM (" + what + ") ended before saying " + stop);
            }
            return got;
        }

        /** Tells a waiting laptop to go on. */
        void goOn() throws Exception {
            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static List<String> concat(String what, Path vault, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(what, vault.toString()));
        all.addAll(rest);
        return all;
    }

    /** Where a round's answers keep the CPU time of one of the server's threads (by its name). */
    private static final String SERVER_THREAD = "server_thread:";

    /** One round's figures, as the laptop named them with {@code prefix}, recorded under {@code name}. */
    private static void recordRound(Map<String, List<Long>> figures, String name, Map<String, Long> answers, String prefix, int n) {
        record(figures, name + "_round", answers.get(prefix + "round_ms"));
        record(figures, name + "_round_cpu", answers.get(prefix + "round_cpu_ms"));
        record(figures, name + "_round_sync_thread_cpu", answers.get(prefix + "round_sync_thread_cpu_ms"));
        record(figures, name + "_round_jit", answers.get(prefix + "round_jit_ms"));
        record(figures, name + "_round_gc", answers.get(prefix + "round_gc_ms"));
        record(figures, name + "_server_cpu", answers.get(prefix + "server_cpu_ms"));
        record(figures, name + "_server_jit", answers.get(prefix + "server_jit_ms"));
        record(figures, name + "_server_gc", answers.get(prefix + "server_gc_ms"));
        if (answers.containsKey(prefix + "database_cpu_ms")) {
            record(figures, name + "_database_cpu", answers.get(prefix + "database_cpu_ms"));
        }
        for (Map.Entry<String, Long> t : new java.util.TreeMap<>(answers).entrySet()) {
            if (t.getKey().startsWith(prefix + SERVER_THREAD)) {
                record(figures, name + "_server_thread_" + t.getKey().substring((prefix + SERVER_THREAD).length()) + "_cpu", t.getValue());
            }
        }
        record(figures, name + "_rate", rate(n, answers.get(prefix + "round_ms")));
        if (name.startsWith("push")) {
            record(figures, name + "_pull_pages", answers.get(prefix + "pull_pages"));
        }
        record(figures, name + "_peak_rss", answers.get(prefix + "peak_rss_kib") / 1024);
    }

    private static void record(Map<String, List<Long>> figures, String name, long value) {
        figures.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private void printAll(String prefix, Map<String, List<Long>> figures, String unit) {
        for (Map.Entry<String, List<Long>> f : figures.entrySet()) {
            String name = f.getKey();
            String u = unit != null ? unit : name.endsWith("_rate") ? "records/s" : name.endsWith("_rss") ? "MiB"
                    : name.endsWith("pages") ? "pages" : "ms";
            List<Long> values = new ArrayList<>(f.getValue());
            Collections.sort(values);
            print(prefix + name, values.get((values.size() - 1) / 2), u);
            if (values.size() > 1) {
                print(prefix + name + "_min", values.get(0), u);
                print(prefix + name + "_max", values.get(values.size() - 1), u);
            }
        }
        out.flush();
    }

    private void print(String name, long value, String unit) {
        out.println(name + ": " + value + " " + unit);
    }

    /**
     * The CPU time of the PostgreSQL listening on {@code port} (its postmaster and every process it
     * started, those that ended included), from /proc; 0 where there is no /proc or no such server.
     */
    static long postgresCpuMillis(int port) {
        if (port == 0) {
            return 0;
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            List<Path> pids = procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
            long postmaster = -1;
            for (Path pid : pids) {
                try {
                    String cmd = new String(Files.readAllBytes(pid.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains("postgres") && cmd.contains(" -p " + port + " ")) {
                        postmaster = Long.parseLong(pid.getFileName().toString());
                    }
                } catch (Exception gone) {
                    // a process that ended while listed
                }
            }
            if (postmaster < 0) {
                return 0;
            }
            long ticks = 0;
            for (Path pid : pids) {
                try {
                    String stat = Files.readString(pid.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
                    long self = Long.parseLong(pid.getFileName().toString());
                    if (self == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    } else if (Long.parseLong(f[1]) == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (Exception gone) {
                    // a process that ended while listed
                }
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (Exception noProc) {
            return 0;
        }
    }

    private static long rate(int n, long ms) {
        return Math.round(n * 1000.0 / Math.max(1, ms));
    }

    /** The server and the embedded PostgreSQL log a line per request; a benchmark prints only its figures. */
    private static void quietLogs() {
        for (String name : List.of("org.tutela", "com.zaxxer.hikari", "org.flywaydb", "io.javalin", "org.eclipse.jetty", "io.zonky")) {
            org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger(name);
            if (l instanceof ch.qos.logback.classic.Logger lb) {
                lb.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception ignored) {
            // temp files
        }
    }

}
