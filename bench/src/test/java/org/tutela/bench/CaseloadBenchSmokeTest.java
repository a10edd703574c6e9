package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseloadBenchSmokeTest {

    @Test
    void printsNameValueUnitLines() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CaseloadBench.main(new String[] {"--smoke"});
        } finally {
            System.setOut(old);
        }
        // the figures; anything else on stdout (a logging framework's own status lines) is not ours to judge
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("caseload.")).toList();
        assertTrue(lines.size() >= 10, lines.toString());
        for (String name : List.of("caseload.unlock_to_shown", "caseload.search_keystroke_p50",
                "caseload.search_keystroke_p99", "caseload.open_learner", "caseload.keep_snapshot",
                "caseload.unlock_from_snapshot_warm_to_shown", "caseload.unlock_from_snapshot_to_shown")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(name + ": ")), name + " in " + lines);
        }
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9_.]+: -?[0-9]+(\\.[0-9]+)? [a-z]+"), line);
        }
    }
}
