package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console benchmark runs (tiny) on both databases and prints `name: value unit` lines. Timings are not asserted. */
class ConsoleBenchSmokeTest {
    @Test
    void printsNameValueUnitLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConsoleBench(true, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("console.")).toList();
        assertEquals(12, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9_.]+: -?[0-9]+(\\.[0-9]+)? [A-Za-z]+"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("console.postgresql.groups_page_20_p95: ")), lines.toString());
    }
}
