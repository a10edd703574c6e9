package org.tutela.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the named benchmarks (all when none is named). Each prints its figures as
 * {@code name: value unit}, one a line. A benchmark is a class with a
 * {@code public static void main(String[])}; {@code --smoke} asks for a tiny run, and
 * {@code --warm-up} (caseload) first warms the loading code as the app does on the lock screen.
 */
public final class BenchMain {
    private static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("vault", "org.tutela.bench.VaultBench");
        BENCHMARKS.put("caseload", "org.tutela.bench.CaseloadBench");
        BENCHMARKS.put("print", "org.tutela.bench.PrintBench");
        BENCHMARKS.put("server", "org.tutela.bench.SyncServerBench");
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // Flags (--smoke, --warm-up, ...) go to every benchmark named; a benchmark ignores what it does not know.
        java.util.List<String> flags = new java.util.ArrayList<>();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                flags.add(arg);
            } else {
                names.add(arg);
            }
        }
        if (names.isEmpty()) {
            names.addAll(BENCHMARKS.keySet());
        }
        for (String name : names) {
            String className = BENCHMARKS.get(name);
            if (className == null) {
                System.err.println("Unknown benchmark '" + name + "'. Known: " + BENCHMARKS.keySet());
                System.exit(2);
            }
            Class<?> type;
            try {
                type = Class.forName(className);
            } catch (ClassNotFoundException e) {
                System.err.println("# " + name + ": not built yet");
                continue;
            }
            type.getMethod("main", String[].class).invoke(null, (Object) flags.toArray(new String[0]));
        }
        System.exit(0);
    }
}
