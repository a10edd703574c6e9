package org.tutela.bench.convergence;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The convergence run as a benchmark command (see {@link ConvergenceRun}): prints, per database,
 * {@code convergence.DB.rounds}, {@code .lost}, {@code .doubled}, {@code .diverged},
 * {@code .conflicts}, {@code .seed} and more as {@code name: value unit} lines, and what it found
 * (if anything) on standard error.
 *
 * <p>Flags: {@code --rounds=N} (1000), {@code --db=sqlite|postgresql|both} (both, one after the
 * other), {@code --seed=S} (random; printed, and the same seed replays the same plan),
 * {@code --no-deletions}, {@code --laptops=N} (3 of the first tutor), {@code --kills=N} (laptop JVMs
 * killed mid-round, one per 100 rounds), {@code --smoke} (a few rounds on SQLite).
 */
public final class ConvergenceBench {
    private ConvergenceBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        int rounds = smoke ? 6 : 1000;
        String db = smoke ? "sqlite" : "both";
        long seed = new SecureRandom().nextLong() & Long.MAX_VALUE;
        boolean deletions = true;
        int laptops = 3;
        Integer kills = smoke ? 0 : null;
        for (String a : args) {
            if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--db=")) {
                db = a.substring(5);
            } else if (a.startsWith("--seed=")) {
                seed = Long.parseLong(a.substring(7));
            } else if (a.equals("--no-deletions")) {
                deletions = false;
            } else if (a.startsWith("--laptops=")) {
                laptops = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--kills=")) {
                kills = Integer.parseInt(a.substring(8));
            }
        }
        List<String> databases = db.equals("both") ? List.of("sqlite", "postgresql") : List.of(db);
        int killCount = kills != null ? kills : Math.max(1, rounds / 100);
        quietLogs();
        PrintStream out = System.out;
        for (String database : databases) {
            Path dir = Files.createTempDirectory("tutela-convergence-" + database);
            try {
                ConvergenceRun.Result r = ConvergenceRun.run(new ConvergenceRun.Options(rounds, database, seed, deletions, laptops,
                        killCount, System.err), dir);
                for (String line : r.figures("convergence." + database + ".")) {
                    out.println(line);
                }
                for (String p : r.problems()) {
                    System.err.println("# " + database + ": " + p);
                }
            } finally {
                deleteTree(dir);
            }
        }
    }

    /** Sync and server logs down to warnings: a run makes thousands of rounds. */
    static void quietLogs() {
        for (String name : List.of("org.tutela", "com.zaxxer.hikari", "org.flywaydb", "io.javalin", "org.eclipse.jetty", "io.zonky")) {
            org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger(name);
            if (l instanceof ch.qos.logback.classic.Logger lb) {
                lb.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.forEach(all::add);
        } catch (java.io.IOException e) {
            return;
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (java.io.IOException ignored) {
                // a temporary folder: left if it cannot go
            }
        }
    }
}
