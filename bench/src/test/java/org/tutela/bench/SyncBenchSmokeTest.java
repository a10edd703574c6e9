package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the end-to-end sync benchmark at smoke size (200 tutorials, laptops in JVMs of their own, the
 * real server on SQLite and PostgreSQL): it completes, which means every tutorial went up and came
 * down, and, in a second round in the same JVMs, every tutorial changed went up and came down
 * again; and it prints its figures. No timing is asserted.
 */
class SyncBenchSmokeTest {
    @Test
    void smokeRunPrintsEveryFigure() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new SyncBench(new PrintStream(buf, true, StandardCharsets.UTF_8), List.of(200), 1, List.of("sqlite", "postgresql"), false, 2, 0).run();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.lines().anyMatch(l -> l.matches("sync\\.open_only_200_peak_rss: \\d+ MiB")), out);
        for (String db : List.of("sqlite", "postgresql")) {
            for (String name : List.of("push_200_round", "push_200_rate", "push_200_pull_pages", "push_200_peak_rss",
                    "push_200_server_cpu", "push_200_server_jit", "pull_200_round", "pull_200_rate", "pull_200_pages",
                    "pull_200_peak_rss", "push_200_again_round", "push_200_again_round_cpu", "push_200_again_pull_pages",
                    "pull_200_again_round", "pull_200_again_peak_rss")) {
                assertTrue(out.lines().anyMatch(l -> l.matches("sync\\." + db + "\\." + name + ": \\d+ [a-zA-Z/]+")),
                        "missing " + db + "." + name + " in:\n" + out);
            }
        }
        assertTrue(out.lines().anyMatch(l -> l.matches("sync\\.postgresql\\.push_200_database_cpu: \\d+ ms")), out);
        for (String line : out.lines().toList()) {
            assertTrue(line.matches("[a-z0-9_.]+: \\d+ [a-zA-Z/ ]+"), line);
        }
    }
}
