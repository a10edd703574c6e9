package org.tutela.app.confidential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.confidential.ConfidentialFixtures.CANARY;
import static org.tutela.app.confidential.ConfidentialFixtures.OTHER_PASSWORD;
import static org.tutela.app.confidential.ConfidentialFixtures.PASSWORD;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.VaultForensics;

/**
 * The invented content of a confidential tutorial never appears in plaintext on disk: not in the
 * vault, its WAL or shared memory, the temp folder, the logs, or the exported envelope. Checked
 * for the text in UTF-8 and UTF-16 and for distinctive words of it. The tutorial is saved open
 * first, as the form's autosave does, and that open version (encrypted only under the vault's
 * data key) must be gone from the vault file and its log once it is sealed.
 */
class CanaryTest {
    private static final List<String> NEEDLES = List.of(CANARY, "Obadiah", "Fernsworth", "caravan", "Zephyrine", "learning mentor");
    /** In the shared temp folder only the invented names are searched for ("caravan" is an ordinary word). */
    private static final List<String> NAMES = List.of(CANARY, "Obadiah", "Fernsworth", "Zephyrine");

    @TempDir
    Path dir;

    @Test
    void theContentIsNowhereInPlaintext() throws Exception {
        Instant start = Instant.now().minusSeconds(2);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        Path vaultFile = dir.resolve("canary.tutela");
        Path export = dir.resolve("export.json");
        try {
            Vault vault = Vault.create(vaultFile, "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
            ConfidentialTutorials tutorials = new ConfidentialTutorials(new TypedStore(vault::records), "Tutor Bexamund", Clock.systemUTC(),
                    d -> { }, Argon2Params.FLOOR);
            Tutorial tutorial = ConfidentialFixtures.tutorial();
            // As the form does: the tutorial is autosaved open before the tutor seals it.
            org.tutela.app.records.Caseload.load(vault.records()).tutorialWrites().saveTutorial(tutorial);
            byte[] openVersion = VaultForensics.storedCiphertext(vaultFile, tutorial.id());
            assertFalse(VaultForensics.filesHolding(openVersion, VaultForensics.filesOf(vaultFile)).isEmpty(),
                    "control: the open version is on disk before sealing");
            tutorials.seal(tutorial, PASSWORD.toCharArray());
            assertEquals(List.of(), VaultForensics.filesHolding(openVersion, VaultForensics.filesOf(vaultFile)),
                    "the open version, which the vault passphrase alone opens, is erased when the tutorial is sealed");
            assertTrue(vault.records().pendingOutbox(10).stream()
                            .anyMatch(e -> e.recordId().equals(tutorial.id()) && e.urgent() && e.record().sealed()),
                    "the sealed version goes to head office first");
            try (OpenedTutorial opened = tutorials.open(tutorial.id(), PASSWORD.toCharArray())) {
                assertEquals(CANARY, opened.tutorial().form().comments());
                tutorials.update(opened, opened.tutorial().withForm(
                        opened.tutorial().form().toBuilder().agreedActions("Fernsworth to bring the caravan keys").build()));
            }
            try {
                tutorials.open(tutorial.id(), OTHER_PASSWORD.toCharArray());
            } catch (WrongConfidentialPasswordException expected) {
                // logged as an event, without content
            }
            tutorials.changePassword(tutorial.id(), PASSWORD.toCharArray(), OTHER_PASSWORD.toCharArray());
            tutorials.export(tutorial.id(), export);

            // While open: the database, its WAL and shared memory.
            List<Path> files = new ArrayList<>(List.of(vaultFile, Path.of(vaultFile + "-wal"), Path.of(vaultFile + "-shm"), export));
            assertTrue(Files.exists(Path.of(vaultFile + "-wal")), "the WAL is there to check");
            assertNowhere(files);
            vault.close();
            assertNowhere(List.of(vaultFile, export));
        } finally {
            root.detachAppender(captured);
        }

        // Everything this test's folder holds, and what appeared in the temp folder meanwhile.
        assertNowhere(filesUnder(dir, Instant.MIN));
        assertNowhere(filesUnder(Path.of(System.getProperty("java.io.tmpdir")), start), NAMES);

        // The logs: every event of the run, and the log files the configuration writes.
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            for (String needle : NEEDLES) {
                assertTrue(!line.contains(needle), "a log line holds content: " + line);
            }
        }
        assertTrue(captured.list.size() >= 3, "the run did log its events");
        List<Path> logFiles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof FileAppender<ILoggingEvent> file && file.getFile() != null) {
                logFiles.add(Path.of(file.getFile()));
            }
        }
        assertNowhere(logFiles);

        Files.createDirectories(dir.resolve("control"));
        // The check itself can fail: a planted plaintext copy is found.
        Path planted = Files.writeString(dir.resolve("control").resolve("planted.txt").toAbsolutePath(), "x " + CANARY,
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> assertNowhere(List.of(planted)));
    }

    private static List<Path> filesUnder(Path folder, Instant since) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder, 4)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                try {
                    FileTime modified = Files.getLastModifiedTime(p);
                    return modified.toInstant().isAfter(since) && Files.size(p) < 64L * 1024 * 1024 && Files.isReadable(p);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        } catch (java.io.UncheckedIOException e) {
            return List.of(); // a folder another process is changing; the vault files are checked directly
        }
    }

    private static void assertNowhere(List<Path> files) throws IOException {
        assertNowhere(files, NEEDLES);
    }

    private static void assertNowhere(List<Path> files, List<String> needles) throws IOException {
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                continue; // vanished meanwhile
            }
            String utf8 = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String needle : needles) {
                assertTrue(!utf8.contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)),
                        "\"" + needle + "\" in plaintext in " + file);
                assertTrue(!utf8.contains(new String(needle.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1)),
                        "\"" + needle + "\" in UTF-16 in " + file);
            }
        }
    }
}
