package org.tutela.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the import benchmark at smoke size: it completes and prints its figures. No timing is asserted. */
class ImportBenchSmokeTest {
    @Test
    void smokeRunPrintsEveryFigure() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new ImportBench(true, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        String out = buf.toString(StandardCharsets.UTF_8);
        for (String db : List.of("sqlite", "postgresql")) {
            for (String name : List.of("preview_200_learners", "import_200_learners", "preview_and_import_200_learners", "import_rate",
                    "reimport_same_file", "preview_and_import_newer_file_20_changed")) {
                assertTrue(out.lines().anyMatch(l -> l.matches("import\\." + db + "\\." + name + ": \\d+ [a-z/]+")),
                        "missing " + db + "." + name + " in:\n" + out);
            }
        }
    }
}
