package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering, previewing, extracting, batch rendering and printing write nothing to the temp
 * folder. Run in a child JVM whose temp folder is a fresh directory watched for any file created
 * (even one deleted again at once), so other processes' temp files cannot blur the result.
 */
class NoTempFilesTest {

    @Test
    void nothingAppearsInTheTempFolderWhileRenderingAndPrinting(@TempDir Path base) throws Exception {
        Path tmp = Files.createDirectory(base.resolve("tmp"));
        boolean print = Cups.notReady() == null;
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + tmp,
                "-Dtutela.logdir=" + base.resolve("logs"),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                TempFolderProbe.class.getName()));
        if (print) {
            cmd.addAll(List.of("print", PdfPrinter.Route.CUPS_PIPE.name()));
        }
        List<String> created = new ArrayList<>();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe finished");
            String said = new String(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), said);
            assertTrue(said.contains("probe done"), said);
            WatchKey key;
            while ((key = watch.poll(200, TimeUnit.MILLISECONDS)) != null) {
                for (WatchEvent<?> e : key.pollEvents()) {
                    created.add(e.kind().name() + " " + e.context());
                }
                key.reset();
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.map(Path::toString).toList(), "files left in the temp folder");
        }
        assertEquals(List.of(), created, "files created in the temp folder (printing: " + print + ")");
    }
}
