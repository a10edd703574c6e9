package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoBenchSmokeTest {

    @Test
    void printsNameValueUnitLines() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            DemoBench.main(new String[] {"--smoke"});
        } finally {
            System.setOut(old);
        }
        // the figures; anything else on stdout (a logging framework's own status lines) is not ours to judge
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("demo.")).toList();
        assertTrue(lines.size() == 12, lines.toString());
        for (String name : List.of("demo.create", "demo.create_first", "demo.create_lock",
                "demo.create_records", "demo.create_sealing", "demo.lock_tuning")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(name + ": ")), name + " in " + lines);
        }
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9_.]+: -?[0-9]+(\\.[0-9]+)? [a-z]+"), line);
        }
    }
}
