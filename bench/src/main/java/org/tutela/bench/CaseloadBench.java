package org.tutela.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.LearnerView;
import org.tutela.app.records.demo.CaseloadWarmUp;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/**
 * The caseload with about 10,000 invented learners and 100,000 tutorials in a real vault file:
 * time from unlock to the caseload loaded, indexed and its first screen of rows worked out;
 * search-as-you-type latency per keystroke (p50, p99) typing a few names, a ULN and a course;
 * opening a learner with 50 tutorials. {@code --smoke}: a tiny caseload, same lines.
 * {@code --warm-up}: first runs {@link CaseloadWarmUp}, as the app does while the lock screen
 * waits for the passphrase (the JVM is otherwise cold at the first unlock).
 * Then the snapshot the app keeps at lock: the time to keep it, an unlock from it in this (warm)
 * JVM, and the first unlock from it in a JVM of its own with the packaged app's options, as
 * when the app starts again ({@code caseload.unlock_from_snapshot_*}).
 * Prints {@code name: value unit} lines.
 */
public final class CaseloadBench {
    private static final char[] PASS = "invented benchmark passphrase".toCharArray();
    /** Where the caseload's targets and concerns load after its list, as on the app's jobs pool. */
    private static final java.util.concurrent.ExecutorService BACKGROUND = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caseload-background");
        t.setDaemon(true);
        return t;
    });

    private CaseloadBench() {
    }

    public static void main(String[] args) throws IOException {
        boolean smoke = List.of(args).contains("--smoke");
        boolean warmUp = List.of(args).contains("--warm-up");
        quietLogs();
        for (String a : args) {
            if (a.startsWith("--unlock-only=")) { // the JVM of its own, started by this bench
                unlockOnly(Path.of(a.substring("--unlock-only=".length())), warmUp);
                return;
            }
        }
        DemoCaseload.Scale scale = smoke ? DemoCaseload.Scale.TINY : DemoCaseload.Scale.BENCHMARK;
        LocalDate today = LocalDate.of(2025, 11, 20);
        Path dir = Files.createTempDirectory("tutela-caseload-bench");
        Path file = dir.resolve("caseload.vault");
        try {
            run(file, scale, today, smoke, warmUp);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path file, DemoCaseload.Scale scale, LocalDate today, boolean smoke, boolean warmUp) {
        long t0 = System.nanoTime();
        DemoCaseload.Data data;
        try (Vault v = Vault.create(file, PASS.clone(), Argon2Params.FLOOR)) {
            data = DemoCaseload.fill(v.records(), 20251120L, scale, today);
        }
        long fillMs = ms(System.nanoTime() - t0);
        print("caseload.learners", data.learners().size(), "learners");
        print("caseload.tutorials", data.tutorials().size(), "tutorials");
        print("caseload.fill", fillMs, "ms");
        // keep only what the timed part needs, so the generated records do not weigh on the heap
        List<Learner> learners = List.copyOf(data.learners());
        int learnerCount = learners.size();
        data = null;

        if (warmUp) {
            // what the app does while the lock screen waits for the passphrase
            long w = System.nanoTime();
            CaseloadWarmUp.start(BACKGROUND).join();
            print("caseload.warm_up", ms(System.nanoTime() - w), "ms");
        }
        System.gc();
        long cpu0 = ThisJvm.cpuNanos();
        t0 = System.nanoTime();
        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = Caseload.load(v.records(), BACKGROUND);
            List<?> firstScreen = c.rows("", Set.of(), today);
            long unlockMs = ms(System.nanoTime() - t0);
            long unlockCpu = ThisJvm.cpuNanos() - cpu0;
            if (firstScreen.size() != learnerCount || !c.damaged().isEmpty()) {
                throw new IllegalStateException("caseload did not load whole");
            }
            // the first unlock in a fresh JVM (class loading and JIT included), as when the app has just started
            print("caseload.unlock_to_shown", unlockMs, "ms");
            // CPU time used by all threads over the same span: wall time on a busy shared machine says little
            print("caseload.unlock_to_shown_cpu", ms(unlockCpu), "ms");

            // search as you type: each prefix of a few names, a ULN and a course, as the tutor types them
            List<String> typed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Learner l = learners.get((i * 7919) % learners.size());
                typed.add(i % 2 == 0 ? l.familyName() : l.givenName() + " " + l.familyName().substring(0, 3));
            }
            typed.add(learners.get(learners.size() / 2).uln().value());
            typed.add("motor veh");
            typed.add("Zoë");
            List<Long> nanos = new ArrayList<>();
            List<Long> cpuNanos = new ArrayList<>();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int round = 0; round < (smoke ? 1 : 3); round++) {
                for (String word : typed) {
                    for (int k = 1; k <= word.length(); k++) {
                        String prefix = word.substring(0, k);
                        long cs = threads.getCurrentThreadCpuTime();
                        long s = System.nanoTime();
                        List<?> rows = c.rows(prefix, Set.of(), today);
                        long e = System.nanoTime() - s;
                        long ce = threads.getCurrentThreadCpuTime() - cs;
                        if (round > 0 || smoke) {
                            nanos.add(e);
                            cpuNanos.add(ce);
                        }
                        if (rows == null) {
                            throw new IllegalStateException();
                        }
                    }
                }
            }
            nanos.sort(Long::compare);
            print("caseload.search_keystrokes", nanos.size(), "keystrokes");
            printMs("caseload.search_keystroke_p50", percentile(nanos, 50));
            printMs("caseload.search_keystroke_p99", percentile(nanos, 99));
            cpuNanos.sort(Long::compare);
            printMs("caseload.search_keystroke_cpu_p50", percentile(cpuNanos, 50));
            printMs("caseload.search_keystroke_cpu_p99", percentile(cpuNanos, 99));

            // opening a learner with 50 tutorials: the learner screen's data, its tutorials read from the vault
            c.awaitFullyLoaded();
            Learner busy = learners.get(0);
            long s = System.nanoTime();
            LearnerView first = c.open(busy.id(), today);
            long firstNanos = System.nanoTime() - s;
            print("caseload.open_learner_tutorials", first.tutorials().size(), "tutorials");
            printMs("caseload.open_learner", firstNanos);
            List<Long> again = new ArrayList<>();
            for (int i = 0; i < (smoke ? 3 : 50); i++) {
                s = System.nanoTime();
                LearnerView view = c.open(busy.id(), today);
                again.add(System.nanoTime() - s);
                if (view.tutorials().size() != first.tutorials().size()) {
                    throw new IllegalStateException();
                }
            }
            again.sort(Long::compare);
            printMs("caseload.open_learner_again_p50", percentile(again, 50));
            c.forget();
        }

        // unlocking again after the idle lock: the JVM is warm; then locking keeps the caseload list as the vault's snapshot
        timedUnlock(file, today, learnerCount, false, "caseload.unlock_again_to_shown", c -> {
            long k = System.nanoTime();
            if (!c.keepSnapshot()) {
                throw new IllegalStateException("the snapshot was not kept");
            }
            print("caseload.keep_snapshot", ms(System.nanoTime() - k), "ms");
        });
        // unlocking from the snapshot, in this warm JVM
        timedUnlock(file, today, learnerCount, true, "caseload.unlock_from_snapshot_warm_to_shown", c -> { });

        // and the first unlock from it when the app starts again: a JVM of its own, as packaged
        // for profiling, e.g. -Dtutela.bench.unlock-jvm=-XX:StartFlightRecording=filename=/tmp/unlock.jfr,settings=profile
        List<String> command = PackagedJvm.command(PackagedJvm.optionsIn("tutela.bench.unlock-jvm"), CaseloadBench.class,
                warmUp ? List.of("--unlock-only=" + file, "--warm-up") : List.of("--unlock-only=" + file));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("the unlocking JVM failed: see its output above");
            }
            out.lines().filter(l -> l.startsWith("caseload.")).forEach(System.out::println);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start the unlocking JVM", e);
        }
    }

    /** In a JVM of its own: the warm-up if asked, then one unlock of {@code file} from its snapshot. */
    private static void unlockOnly(Path file, boolean warmUp) {
        if (warmUp) {
            CaseloadWarmUp.start(BACKGROUND).join();
        }
        timedUnlock(file, LocalDate.of(2025, 11, 20), -1, true, "caseload.unlock_from_snapshot_to_shown", c -> { });
    }

    /**
     * Unlocks {@code file} as the app does and times it to the caseload list worked out (printed as
     * {@code name} and {@code name_cpu}); checks it loaded whole ({@code learners}, unless -1), from
     * the snapshot if {@code fromSnapshot}; then {@code after}, before locking.
     */
    private static void timedUnlock(Path file, LocalDate today, int learners, boolean fromSnapshot, String name,
                                    java.util.function.Consumer<Caseload> after) {
        System.gc();
        long cpu0 = ThisJvm.cpuNanos();
        long t0 = System.nanoTime();
        try (Vault v = Vault.open(file, PASS.clone())) {
            Caseload c = Caseload.load(v.records(), BACKGROUND);
            List<?> firstScreen = c.rows("", Set.of(), today);
            long unlockMs = ms(System.nanoTime() - t0);
            long unlockCpu = ThisJvm.cpuNanos() - cpu0;
            if (firstScreen.isEmpty() || (learners >= 0 && firstScreen.size() != learners) || c.openedFromSnapshot() != fromSnapshot) {
                throw new IllegalStateException("caseload did not load whole" + (fromSnapshot ? " from its snapshot" : ""));
            }
            print(name, unlockMs, "ms");
            print(name + "_cpu", ms(unlockCpu), "ms");
            c.awaitFullyLoaded();
            after.accept(c);
        }
    }

    /** The figures are the output: the vault's info lines (created, unlocked, locked) are left out. */
    private static void quietLogs() {
        org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("org.tutela.app");
        if (logger instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void print(String name, long value, String unit) {
        System.out.println(name + ": " + value + " " + unit);
    }

    private static void printMs(String name, long nanos) {
        System.out.println(name + ": " + String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6) + " ms");
    }
}
