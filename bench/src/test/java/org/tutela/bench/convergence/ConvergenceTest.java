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
