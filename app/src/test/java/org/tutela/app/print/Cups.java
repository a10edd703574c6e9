package org.tutela.app.print;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Is a CUPS scheduler with a default printer here (see .ci/start-printer)? */
final class Cups {
    static final Path OUT = Path.of(System.getenv().getOrDefault("TUTELA_PDF_OUT", "/var/spool/cups-pdf-tutela"));

    private Cups() {
    }

    /** Null when ready, else why not. */
    static String notReady() {
        String running = run("lpstat", "-r");
        if (running == null || !running.contains("is running")) {
            return "CUPS is not running here (start it with .ci/start-printer)";
        }
        String dest = run("lpstat", "-d");
        if (dest == null || !dest.contains("system default destination:")) {
            return "CUPS has no default printer (run .ci/start-printer)";
        }
        String name = dest.substring(dest.indexOf(':') + 1).strip();
        String device = run("lpstat", "-v", name);
        if (device == null || !device.contains("cups-pdf:")) {
            return "the default printer " + name + " is not a cups-pdf printer (no paper is wasted; run .ci/start-printer)";
        }
        if (!OUT.toFile().isDirectory()) {
            return "the cups-pdf output folder " + OUT + " does not exist (run .ci/start-printer)";
        }
        return null;
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
