package org.tutela.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.tutela.app.records.Caseload;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.syncclient.SyncProgress;
import org.tutela.app.syncclient.SyncReport;
import org.tutela.app.vault.Vault;

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
                SyncClient client = new SyncClient(vault.records());
                client.enrol(args[2], args[3], args[4], args[5].toCharArray(), "bench laptop");
                AtomicInteger pages = new AtomicInteger();
                SyncProgress progress = (phase, done, left) -> {
                    if (phase == SyncProgress.Phase.RECEIVING) {
                        pages.incrementAndGet(); // once per pull page stored
                    }
                };
                out.println("@ round_start 0");
                var threads = ManagementFactory.getThreadMXBean();
                var jit = ManagementFactory.getCompilationMXBean();
                long jit0 = jit.getTotalCompilationTime();
                long gc0 = gcMillis();
                long main0 = threads.getCurrentThreadCpuTime();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                SyncReport report = client.sync(progress, () -> false);
                long wall = System.nanoTime() - t0;
                long cpu = processCpuNanos() - cpu0;
                long main = threads.getCurrentThreadCpuTime() - main0;
                boolean push = args[0].equals("push");
                int moved = push ? report.sent() : report.received();
                if (!report.complete() || moved != n || !report.rejected().isEmpty() || !report.conflicts().isEmpty()) {
                    throw new IllegalStateException("the round did not move all " + n + " tutorials: " + report);
                }
                if (push && !vault.records().pendingOutbox(1).isEmpty()) {
                    throw new IllegalStateException("the outbox is not empty after the round");
                }
                out.println("@ round_ms " + wall / 1_000_000);
                out.println("@ round_cpu_ms " + cpu / 1_000_000);
                out.println("@ round_sync_thread_cpu_ms " + main / 1_000_000);
                out.println("@ round_jit_ms " + (jit.getTotalCompilationTime() - jit0));
                out.println("@ round_gc_ms " + (gcMillis() - gc0));
                out.println("@ pull_pages " + pages.get());
            }
        }
        out.println("@ peak_rss_kib " + peakRssKib());
        if (Boolean.getBoolean("tutela.bench.nmt")) {
            // where the memory is, by the JVM's own account (with -XX:NativeMemoryTracking=summary), on stderr
            System.err.println("NMT " + args[0] + ":\n" + ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()}));
        }
        System.exit(0);
    }

    /** VmHWM: the most resident memory this process has held (Linux); -1 where /proc is not there. */
    static long peakRssKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long gcMillis() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
