package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of the failure mapper ({@code ui/common/Failures}), read from the sources so that a
 * new breach fails the build: the screens never show an exception's message (English from deep
 * inside, which may hold a name), never tell failures apart by their text, and no failure is
 * swallowed by an empty handler anywhere in the app.
 */
class FailureHandlingRulesTest {
    private static final Path APP = Path.of("src/main/java/org/tutela/app");
    private static final Path UI = APP.resolve("ui");

    /** An exception's message, read anywhere in the screens. */
    private static final Pattern MESSAGE = Pattern.compile("\\.get(?:Localized)?Message\\(\\)");
    /** Text compared with the bundle's words, to tell one state or failure from another. */
    private static final Pattern TEXT_COMPARED = Pattern.compile(
            "\\.(?:equals|contains|startsWith|endsWith)\\(\\s*Messages\\.get|Messages\\.get\\([^;]*?\\)\\s*\\.(?:equals|contains|startsWith)\\(");
    /** A failure handler that does nothing: {@code failure -> { }}. */
    private static final Pattern EMPTY_HANDLER = Pattern.compile(
            "\\b(?:failure|error|err|ex|exception|problem|thrown|cause|t|f)\\s*->\\s*\\{\\s*\\}");
    /** A catch block with nothing in it, not even a comment saying why. */
    private static final Pattern EMPTY_CATCH = Pattern.compile("catch\\s*\\([^)]*\\)\\s*\\{\\s*\\}");

    @Test
    void theScreensNeverShowAnExceptionsMessage() throws IOException {
        List<String> found = find(UI, MESSAGE);
        assertTrue(found.isEmpty(), "say it with Failures.text(failure), from the bundle:\n" + String.join("\n", found));
    }

    @Test
    void theScreensNeverTellThingsApartByTheirText() throws IOException {
        List<String> found = find(UI, TEXT_COMPARED);
        assertTrue(found.isEmpty(), "switch on Failures.of(failure).kind() or keep a flag:\n" + String.join("\n", found));
    }

    @Test
    void noFailureIsSwallowedSilently() throws IOException {
        List<String> found = find(APP, EMPTY_HANDLER);
        found.addAll(find(APP, EMPTY_CATCH));
        assertTrue(found.isEmpty(), "tell the tutor (Failures.text) or at least log it (Failures.logged):\n" + String.join("\n", found));
    }

    /** The patterns find what they are meant to find (so an empty result above means something). */
    @Test
    void thePatternsCatchWhatTheyAreFor() {
        assertTrue(MESSAGE.matcher("error.set(e.getMessage());").find());
        assertTrue(TEXT_COMPARED.matcher("} else if (problem.get().equals(Messages.get(\"sync.problem.rejected\", 0))) {").find());
        assertTrue(EMPTY_HANDLER.matcher("runner.run(work, ok -> show(ok), failure -> { });").find());
        assertTrue(EMPTY_HANDLER.matcher("}, failure -> {\n        });").find());
        assertTrue(EMPTY_CATCH.matcher("} catch (IOException e) { }").find());
        assertTrue(!EMPTY_CATCH.matcher("} catch (IOException e) {\n    // the file is gone: nothing to close\n}").find());
    }

    private static List<String> find(Path root, Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String source = Files.readString(file);
                Matcher m = pattern.matcher(source);
                while (m.find()) {
                    int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    found.add(file + ":" + line + ": " + m.group().replace('\n', ' '));
                }
            }
        }
        return found;
    }
}
