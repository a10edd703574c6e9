package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The print benchmark runs (tiny) and prints `name: value unit` lines. Timings are not asserted. */
class PrintBenchSmokeTest {
    @Test
    void printsNameValueUnitLines() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            PrintBench.main(new String[] {"--smoke"});
        } finally {
            System.setOut(old);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertEquals(6, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9_.]+: [0-9]+(\\.[0-9]+)? [A-Za-z]+"), "format: " + line);
        }
        assertTrue(lines.get(0).startsWith("print.form_pdf_warm_p50: "));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("print.batch_4_forms: ")));
    }
}
