package org.tutela.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.RecordJson;
import org.tutela.app.records.RecordKind;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.syncclient.SyncProgress;
import org.tutela.app.syncclient.SyncReport;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;

/**
 * The laptop's half of the sync benchmark, in a JVM of its own (started by {@link SyncBench} with
 * the packaged app's JVM options), so its peak resident memory is the laptop's alone. Answers
 * on stdout in lines starting {@code "@ "} ({@code @ name value}); anything else there is not ours.
 * <ul>
 *   <li>{@code push VAULT URL FINGERPRINT USER PASSWORD N}: opens the vault (N tutorials waiting),
 *       enrols, then times one whole sync round through the app's {@link SyncClient}.</li>
 *   <li>{@code pull VAULT URL FINGERPRINT USER PASSWORD N}: opens an empty vault, enrols, and times
 *       the round that brings the tutor's N tutorials.</li>
 *   <li>either, followed by {@code true}: first what the app does before its first sync (the lock
 *       screen's warm-up, then loading the caseload), untimed.</li>
 *   <li>either, followed by {@code true|false K IDS}: then K further rounds, each after answering
 *       {@code @ waiting} and reading a line from stdin (the bench's word that the other laptop has
 *       had its turn); before each, the pushing laptop gives every tutorial a longer note (their ids
 *       one a line in the file IDS). Their figures are named {@code again_…}.</li>
 *   <li>{@code open VAULT}: opens the vault (unlocks it), and nothing else.</li>
 *   <li>{@code caseload VAULT}: opens the vault and loads the caseload, as the app does at unlock.</li>
 * </ul>
 * Each prints the round's wall time, the process's CPU time over it (and how much of that was the
 * syncing thread's own, how long the JIT compilers and the garbage collector worked), how many pull
 * pages it asked for, and {@code VmHWM}.
 */
public final class SyncBenchLaptop {
    static final char[] PASS = "invented sync benchmark passphrase".toCharArray();

    private SyncBenchLaptop() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RssTimeline.start(args[0]);
        Path file = Path.of(args[1]);
        try (Vault vault = Vault.open(file, PASS.clone())) {
            if (args[0].equals("open")) {
                out.println("@ records " + vault.records().recordsInOutbox(false).size());
            } else if (args[0].equals("caseload")) {
                java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
                Caseload c = Caseload.load(vault.records(), background); // the rest loads beside, as in the app
                c.rows("", Set.of(), java.time.LocalDate.now());
                c.awaitFullyLoaded();
                background.shutdown();
                out.println("@ tutorials " + c.tutorialCount());
            } else {
                int n = Integer.parseInt(args[6]);
                if (args.length > 7 && Boolean.parseBoolean(args[7])) {
                    // as the app: the lock screen's warm-up ran while the passphrase was typed, and its
                    // first sync starts once the caseload has loaded
                    java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
                    org.tutela.app.records.demo.CaseloadWarmUp.start(background).join();
                    Caseload c = Caseload.load(vault.records(), background);
                    c.rows("", Set.of(), java.time.LocalDate.now());
                    c.awaitFullyLoaded();
                    background.shutdown();
                }
                SyncClient client = new SyncClient(vault.records(), Integer.getInteger("tutela.bench.batch", org.tutela.sync.protocol.Protocol.MAX_BATCH_ENTRIES));
                client.enrol(args[2], args[3], args[4], args[5].toCharArray(), "bench laptop");
                boolean push = args[0].equals("push");
                round(out, client, vault, push, n, "");
                int further = args.length > 8 ? Integer.parseInt(args[8]) : 0;
                var bench = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (int i = 1; i <= further; i++) {
                    // further rounds in the same JVM, each once the bench says (the other laptop has had its turn)
                    out.println("@ waiting 0");
                    bench.readLine();
                    if (push) {
                        RssTimeline.mark("change");
                        // the tutorials' ids from the bench: reading them from the vault would raise the peak measured
                        changeEveryTutorial(vault, Files.readAllLines(Path.of(args[9])).stream().map(java.util.UUID::fromString).toList(), i);
                    }
                    round(out, client, vault, push, n, "again_");
                }
            }
        }
        out.println("@ peak_rss_kib " + ThisJvm.peakRssKib());
        if (Boolean.getBoolean("tutela.bench.nmt")) {
            // where the memory is, by the JVM's own account (with -XX:NativeMemoryTracking=summary), on stderr
            System.err.println("NMT " + args[0] + ":\n" + ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()}));
        }
        System.exit(0);
    }

    /**
     * One timed sync round: its wall time, the process's CPU over it, the syncing thread's own, the JIT
     * compilers' and the collector's time, and the pull pages stored, each named with {@code prefix}.
     */
    private static void round(PrintStream out, SyncClient client, Vault vault, boolean push, int n, String prefix)
            throws InterruptedException, IOException {
        AtomicInteger pages = new AtomicInteger();
        SyncProgress progress = (phase, done, left) -> {
            if (phase == SyncProgress.Phase.RECEIVING) {
                pages.incrementAndGet(); // once per pull page stored
            }
        };
        out.println("@ " + prefix + "round_start 0");
        RssTimeline.mark(prefix + "round_start");
        var threads = ManagementFactory.getThreadMXBean();
        long jit0 = ThisJvm.jitMillis();
        long gc0 = ThisJvm.gcMillis();
        long main0 = threads.getCurrentThreadCpuTime();
        long cpu0 = ThisJvm.cpuNanos();
        Sampler sampler = Boolean.getBoolean("tutela.bench.sample") ? new Sampler(Thread.currentThread()) : null;
        long t0 = System.nanoTime();
        SyncReport report = client.sync(progress, () -> false);
        long wall = System.nanoTime() - t0;
        RssTimeline.mark(prefix + "round_end");
        long cpu = ThisJvm.cpuNanos() - cpu0;
        long main = threads.getCurrentThreadCpuTime() - main0;
        if (sampler != null) {
            sampler.stopAndPrint(prefix + (push ? "push" : "pull"));
        }
        int moved = push ? report.sent() : report.received();
        if (!report.complete() || moved != n || !report.rejected().isEmpty() || !report.conflicts().isEmpty()) {
            throw new IllegalStateException("the round did not move all " + n + " tutorials: " + report);
        }
        if (push && !vault.records().pendingOutbox(1).isEmpty()) {
            throw new IllegalStateException("the outbox is not empty after the round");
        }
        out.println("@ " + prefix + "round_ms " + wall / 1_000_000);
        out.println("@ " + prefix + "round_cpu_ms " + cpu / 1_000_000);
        out.println("@ " + prefix + "round_sync_thread_cpu_ms " + main / 1_000_000);
        out.println("@ " + prefix + "round_jit_ms " + (ThisJvm.jitMillis() - jit0));
        out.println("@ " + prefix + "round_gc_ms " + (ThisJvm.gcMillis() - gc0));
        out.println("@ " + prefix + "pull_pages " + pages.get());
        out.println("@ " + prefix + "peak_rss_kib " + ThisJvm.peakRssKib());
    }

    /**
     * Every tutorial gets a longer outcome note, so each waits in the outbox again: read and saved
     * 500 at a time, so the bench itself does not raise the laptop's peak memory.
     */
    private static void changeEveryTutorial(Vault vault, List<java.util.UUID> tutorials, int time) {
        var store = vault.records();
        for (int from = 0; from < tutorials.size(); from += 500) {
            List<java.util.UUID> chunk = tutorials.subList(from, Math.min(tutorials.size(), from + 500));
            store.inTransaction(s -> {
                for (java.util.UUID id : chunk) {
                    try {
                        Tutorial t = RecordJson.read(s.get(id).orElseThrow().body(), Tutorial.class);
                        // the note set directly, signed or not: a change the size of the first round's (an
                        // amendment would carry the earlier version as well)
                        String note = (t.outcomeNote() == null ? "" : t.outcomeNote()) + " Reviewed again (" + time + ").";
                        s.save(RecordKind.Names.TUTORIAL, id, RecordJson.write(t.toBuilder().outcomeNote(note).build()), WriteOptions.NORMAL);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return null;
            });
        }
    }

    /**
     * A plain sampler for looking inside one round (with {@code -Dtutela.bench.sample=true}): the
     * syncing thread's stack every millisecond, printed to stderr as the methods most often on it.
     * Biased to safepoints, but enough to see where a warm round's time goes.
     */
    private static final class Sampler extends Thread {
        private final Thread target;
        private final java.util.Map<String, Integer> inclusive = new java.util.HashMap<>();
        private final java.util.Map<String, Integer> top = new java.util.HashMap<>();
        private volatile boolean running = true;
        private int samples;

        Sampler(Thread target) {
            this.target = target;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            while (running) {
                StackTraceElement[] stack = target.getStackTrace();
                if (stack.length > 0 && target.getState() == Thread.State.RUNNABLE) { // not waiting for head office
                    samples++;
                    top.merge(stack[0].getClassName() + "." + stack[0].getMethodName(), 1, Integer::sum);
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (StackTraceElement f : stack) {
                        String name = f.getClassName() + "." + f.getMethodName();
                        if (seen.add(name)) {
                            inclusive.merge(name, 1, Integer::sum);
                        }
                    }
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopAndPrint(String what) throws InterruptedException {
            running = false;
            join();
            StringBuilder b = new StringBuilder("SAMPLES " + what + " " + samples + "\n-- top\n");
            top.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(30)
                    .forEach(e -> b.append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
            b.append("-- inclusive\n");
            inclusive.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(120)
                    .forEach(e -> b.append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
            System.err.print(b);
        }
    }
}
