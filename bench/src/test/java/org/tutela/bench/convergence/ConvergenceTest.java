package org.tutela.bench.convergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short convergence run on each database (see {@link ConvergenceRun}): real vaults through the
 * app's classes, the real server, faults on every connection, a restart, a vault locked mid-round
 * and one laptop JVM killed. After healing nothing acknowledged is lost, nothing doubled, and every
 * laptop holds exactly what head office holds for its caseload. The long run is the
 * {@code convergence} bench command.
 */
class ConvergenceTest {
    private static final int ROUNDS = Integer.getInteger("convergence.rounds", 30);

    @TempDir
    Path tmp;

    @BeforeAll
    static void quiet() {
        ConvergenceBench.quietLogs();
    }

    @Test
    void laptopsAndHeadOfficeOnSqliteConvergeThroughFaults() throws Exception {
        check(ConvergenceRun.run(options("sqlite"), tmp));
    }

    @Test
    void laptopsAndHeadOfficeOnPostgresqlConvergeThroughFaults() throws Exception {
        check(ConvergenceRun.run(options("postgresql"), tmp));
    }

    @Test
    void theBenchCommandPrintsItsFiguresAsNameValueUnitLines() throws Exception {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            ConvergenceBench.main(new String[] {"--smoke", "--seed=7"});
        } finally {
            System.setOut(old);
        }
        java.util.List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("convergence.")).toList();
        for (String name : java.util.List.of("rounds", "lost", "doubled", "diverged", "conflicts", "seed")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("convergence.sqlite." + name + ": ")), name + " in " + lines);
        }
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9_.]+: -?[0-9]+(\\.[0-9]+)? [a-z]+"), line);
        }
        assertTrue(lines.contains("convergence.sqlite.seed: 7 seed"), lines.toString());
        assertTrue(lines.contains("convergence.sqlite.lost: 0 changes"), lines.toString());
    }

    private static ConvergenceRun.Options options(String db) {
        long seed = Long.getLong("convergence.seed", 20261124L);
        return new ConvergenceRun.Options(ROUNDS, db, seed, true, 3, 1, null);
    }

    private static void check(ConvergenceRun.Result r) {
        String found = String.join("\n", r.figures("")) + "\n" + String.join("\n", r.problems());
        assertEquals(0, r.lost(), found);
        assertEquals(0, r.doubled(), found);
        assertEquals(0, r.diverged(), found);
        assertEquals(0, r.unsettled(), found);
        assertEquals(0, r.unclean(), found);
        assertEquals(0, r.falseAlarms(), found);
        assertTrue(r.acknowledged() > ROUNDS, "the tutors changed plenty: " + found);
        assertTrue(r.faults() > 0, "faults fired: " + found);
        assertEquals(1, r.kills(), found);
    }
}
