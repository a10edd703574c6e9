package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the server benchmark at smoke size: it completes and prints its figures. No timing is asserted. */
class SyncServerBenchTest {
    @Test
    void smokeRunPrintsEveryFigure() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new SyncServerBench(true, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        String out = buf.toString(StandardCharsets.UTF_8);
        for (String db : List.of("sqlite", "postgresql")) {
            for (String name : List.of("push_300_records", "pull_300_records", "concurrent_throughput",
                    "concurrent_batch_latency_p50", "concurrent_batch_latency_p99")) {
                assertTrue(out.lines().anyMatch(l -> l.matches("server\\." + db + "\\." + name + ": \\d+ [a-z/]+")),
                        "missing " + db + "." + name + " in:\n" + out);
            }
        }
    }
}
