package org.tutela.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the installed app runs with, read from the installer's own argument file
 * ({@code installer/src/jpackage/common.args}, its {@code --java-options} lines), so a benchmark that
 * starts a laptop JVM measures the app as packaged and follows any change to it.
 */
final class PackagedJvm {
    private static final String ARGS = "installer/src/jpackage/common.args";

    private PackagedJvm() {
    }

    /** The options, in order; the file is looked for from the working directory upwards. */
    static List<String> options() {
        Path args = find();
        if (args == null) {
            throw new IllegalStateException("Cannot find " + ARGS + " from " + Path.of("").toAbsolutePath()
                    + ": run the benchmark from the project's folder");
        }
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(args)) {
                String t = line.trim();
                if (t.startsWith("--java-options ")) {
                    String value = t.substring("--java-options ".length()).trim();
                    out.add(value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + args, e);
        }
        return out;
    }

    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(ARGS);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
