package org.tutela.bench;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JVM options the installed app runs with, read from the installer's own argument file
 * ({@code installer/src/jpackage/common.args}, its {@code --java-options} lines), so a benchmark that
 * starts a laptop JVM measures the app as packaged and follows any change to it.
 */
public final class PackagedJvm {
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

    /**
     * The command that starts {@code main} with {@code args} in a JVM of its own, as packaged, with
     * {@code extra} options after the packaged ones, on this benchmark's class path.
     */
    static List<String> command(List<String> extra, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options());
        command.addAll(extra);
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /** Options given in a system property, separated by spaces (for profiling a benchmark's own JVMs). */
    static List<String> optionsIn(String property) {
        List<String> out = new ArrayList<>();
        for (String option : System.getProperty(property, "").split(" ")) {
            if (!option.isBlank()) {
                out.add(option);
            }
        }
        return out;
    }

    /**
     * The class path to start a JVM with: this benchmark's own (under exec:java it is the plugin's
     * class loader, not {@code java.class.path}, that has it).
     */
    public static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = PackagedJvm.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (Exception e) {
                        // not a file: not for a class path
                    }
                }
            }
        }
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
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
