package org.tutela.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the named benchmarks (all when none is named). Each prints its figures as
 * {@code name: value unit}, one a line. Flags go to every benchmark named: {@code --smoke} asks
 * for a tiny run, and {@code --warm-up} (caseload) first warms the loading code as the app does on
 * the lock screen.
 */
public final class BenchMain {

    /** A benchmark's entry point. */
    @FunctionalInterface
    private interface Benchmark {
        void run(String[] flags) throws Exception;
    }

    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();
    /** Run only when named: long correctness runs rather than timings. */
    private static final Map<String, Benchmark> NAMED_ONLY = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("vault", VaultBench::main);
        BENCHMARKS.put("caseload", CaseloadBench::main);
        BENCHMARKS.put("demo", DemoBench::main);
        BENCHMARKS.put("print", PrintBench::main);
        BENCHMARKS.put("server", SyncServerBench::main);
        BENCHMARKS.put("sync", SyncBench::main);
        BENCHMARKS.put("import", ImportBench::main);
        BENCHMARKS.put("console", ConsoleBench::main);
        BENCHMARKS.put("reports", ReportsBench::main);
        NAMED_ONLY.put("convergence", org.tutela.bench.convergence.ConvergenceBench::main);
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String arg : args) {
            (arg.startsWith("--") ? flags : names).add(arg);
        }
        if (names.isEmpty()) {
            names.addAll(BENCHMARKS.keySet());
        }
        for (String name : names) {
            if (!BENCHMARKS.containsKey(name) && !NAMED_ONLY.containsKey(name)) {
                System.err.println("Unknown benchmark '" + name + "'. Known: " + BENCHMARKS.keySet() + ", " + NAMED_ONLY.keySet());
                System.exit(2);
            }
        }
        for (String name : names) {
            BENCHMARKS.getOrDefault(name, NAMED_ONLY.get(name)).run(flags.toArray(new String[0]));
        }
        System.exit(0);
    }
}
