package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every message key the code names is in the English bundle, so no screen shows a raw key. */
class MessagesTest {
    private static final Pattern KEY_USE = Pattern.compile("(?:Messages\\.(?:get|plain)|Controls\\.(?:heading|text|labelled|button|passwordField\\(\"[^\"]+\",))\\s*\\(?\\s*\"([a-zA-Z0-9_.]+)\"");

    /**
     * Patterns with arguments go through MessageFormat, where a single quote must be doubled;
     * patterns without arguments are shown as they are, where it must not be.
     */
    @Test
    void apostrophesAreWrittenTheWayTheirMessageIsFormatted() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (var lines = Files.lines(Path.of("src/main/resources/org/tutela/app/ui/messages.properties"))) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("#") || !line.contains("=")) {
                    continue;
                }
                String value = line.substring(line.indexOf('=') + 1);
                boolean formatted = value.matches(".*\\{\\d.*");
                if (formatted && value.matches(".*(?<!')'(?!').*")) {
                    wrong.add(line + "   (double the apostrophe: '')");
                } else if (!formatted && value.contains("''")) {
                    wrong.add(line + "   (a single apostrophe is enough here)");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyKeyUsedInTheCodeIsInTheBundle() throws IOException {
        Properties bundle = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/org/tutela/app/ui/messages.properties")) {
            bundle.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        List<String> missing = new ArrayList<>();
        int found = 0;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = KEY_USE.matcher(Files.readString(source));
                while (m.find()) {
                    found++;
                    String key = m.group(1);
                    if (key.endsWith(".")) {
                        continue; // a prefix completed by an enum name: checked below
                    }
                    if (!bundle.containsKey(key)) {
                        missing.add(m.group(1) + " in " + source.getFileName());
                    }
                }
            }
        }
        for (var strength : org.tutela.app.domain.PassphraseRule.Strength.values()) {
            if (!bundle.containsKey("strength." + strength.name())) {
                missing.add("strength." + strength.name());
            }
        }
        for (var verdict : org.tutela.app.domain.PassphraseRule.Verdict.values()) {
            if (!bundle.containsKey("verdict." + verdict.name())) {
                missing.add("verdict." + verdict.name());
            }
        }
        assertTrue(found > 20, "the scan found the keys (" + found + ")");
        assertTrue(missing.isEmpty(), "keys missing from messages.properties: " + missing);
    }
}
