package org.tutela.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What this JVM has spent so far, for a benchmark to take before and after what it times. */
final class ThisJvm {
    private ThisJvm() {
    }

    /** The process's CPU time, every thread's; 0 where the JVM does not say. */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /**
     * CPU time by thread, the threads named alike (numbers dropped, e.g. a pool's threads) added up.
     * The compilers and the collector are not among them (see {@link #jitMillis}, {@link #gcMillis}).
     */
    static Map<String, Long> threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new TreeMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) {
                String name = t.getThreadName().replaceAll("[0-9]+", "").replaceAll("[^A-Za-z]+", "_").replaceAll("^_|_$", "");
                byName.merge(name.toLowerCase(java.util.Locale.ROOT), cpu, Long::sum);
            }
        }
        return byName;
    }

    /** How long the garbage collectors have worked. */
    static long gcMillis() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** How long the JIT compilers have worked. */
    static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
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
}
