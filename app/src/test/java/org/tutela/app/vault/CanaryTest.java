package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tutela.app.settings.AppHome;
import org.tutela.crypto.Argon2Params;

/**
 * Invented canary names, comments and dates of birth go into the vault through every store path
 * (save, update, delete, local values, failures that log); then no canary may appear — in UTF-8
 * or UTF-16 — in the database, its -wal or -shm, the app's temp folder, its logs, or a file that
 * appeared in the JVM's temp folder during the test; before and after a checkpoint and after lock.
 */
class CanaryTest {
    private static final List<String> CANARIES = List.of(
            "Zephyrine Quillfeather",
            "Barnabus Thistlewick-Orme",
            "hamster sanctuary on Pomegranate Lane flooded",
            "DOB 2003-07-19",
            "1999-02-28",
            "Quillfeather");

    @TempDir
    Path temp;
    AppHome home;
    String previousHome;
    String previousLogDir;
    Instant started;

    @BeforeEach
    void pointTheAppAtATemporaryHome() throws Exception {
        started = Instant.now().minusSeconds(1);
        home = new AppHome(temp.resolve("home")).ensureFolders();
        previousHome = System.setProperty("tutela.home", home.root().toString());
        previousLogDir = System.setProperty("tutela.logdir", home.logs().toString());
        // logback read tutela.logdir when it first started (perhaps in another test): configure it again
        reconfigureLogging();
    }

    @AfterEach
    void restore() throws Exception {
        restore("tutela.home", previousHome);
        restore("tutela.logdir", previousLogDir);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static void reconfigureLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CanaryTest.class.getResource("/logback.xml"));
    }

    @Test
    void noCanaryReachesTheDiskInPlaintext() throws Exception {
        Path file = home.vaultFile("canary");
        List<UUID> ids = new ArrayList<>();
        Vault vault = Vault.create(file, VaultTesting.PASS.clone(), Argon2Params.FLOOR);
        RecordStore store = vault.records();
        for (int i = 0; i < 50; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            store.save(i % 2 == 0 ? "learner" : "tutorial", id, body(i), i % 5 == 0 ? WriteOptions.URGENT : WriteOptions.NORMAL);
        }
        for (int i = 0; i < 10; i++) {
            store.save("learner", ids.get(i * 2), body(100 + i), WriteOptions.NORMAL); // new revisions
        }
        store.delete(ids.get(0));
        store.putLocalValue("sync.cursor", "after Zephyrine Quillfeather");
        // the caseload's snapshot holds learners' names and dates of birth: encrypted like the records
        assertTrue(store.keepSnapshot(1, () -> body(7), java.util.Set.of("group"), java.util.Map.of()), "the snapshot is kept");
        assertThrows(IllegalStateException.class, () -> store.inTransaction(s -> {
            s.save("learner", UUID.randomUUID(), body(999), WriteOptions.NORMAL);
            throw new IllegalStateException("rolled back");
        }));
        store.list("learner");
        store.list("tutorial");
        store.pendingOutbox(1000);
        assertThrows(IllegalArgumentException.class, () -> store.save("tutorial", ids.get(2), body(5), WriteOptions.NORMAL));

        assertTrue(store.snapshot(1).isPresent(), "the snapshot is in the file while the canaries are looked for");
        assertNoCanary(file, "while open, before a checkpoint");
        assertTrue(Files.size(VaultFile.wal(file)) > 0, "the write-ahead log holds the records");
        vault.checkpoint();
        assertNoCanary(file, "after a checkpoint");
        vault.close();

        // the failure paths log too: a wrong passphrase, a damaged record, a passphrase change
        assertThrows(WrongPassphraseException.class, () -> Vault.open(file, "Zephyrine Quillfeather".toCharArray()));
        VaultTesting.sql(file, "UPDATE records SET revision = revision + 5 WHERE id = ?", ids.get(4).toString());
        try (Vault again = Vault.open(file, VaultTesting.PASS.clone())) {
            assertEquals(List.of(ids.get(4)), again.records().list("learner").damaged());
            DamagedRecordException damaged = assertThrows(DamagedRecordException.class, () -> again.records().get(ids.get(4)));
            LoggerFactory.getLogger(CanaryTest.class).warn("as the app would log it", damaged);
            again.changePassphrase(VaultTesting.PASS.clone(), "Thistlewick passphrase".toCharArray());
        }
        assertNoCanary(file, "after lock");
        assertTrue(Files.size(home.logs().resolve("tutela.log")) > 0, "the logging paths ran");
    }

    @Test
    void theSearchFindsACanaryWhereThereIsOne() throws Exception {
        Path planted = home.temp().resolve("planted.bin");
        Files.write(planted, "xx Zephyrine Quillfeather xx".getBytes(StandardCharsets.UTF_16LE));
        assertFalse(findings(List.of(planted)).isEmpty());
        Files.write(planted, "DOB 2003-07-19".getBytes(StandardCharsets.UTF_8));
        assertFalse(findings(List.of(planted)).isEmpty());

        // A leak deep inside a new folder of the JVM's temp folder is found too.
        Path jvmTemp = Path.of(System.getProperty("java.io.tmpdir"));
        Path probe = Files.createTempDirectory(jvmTemp, "tutela-canary-probe-");
        try {
            Path deep = Files.createDirectories(probe.resolve("cache").resolve("pages"));
            Path leak = Files.write(deep.resolve("leak.bin"), "page Barnabus Thistlewick-Orme".getBytes(StandardCharsets.UTF_8));
            assertTrue(newFilesUnder(jvmTemp).contains(leak), "the temp folder is searched at every depth");
            assertFalse(findings(newFilesUnder(jvmTemp)).isEmpty());
            Files.delete(leak);
        } finally {
            try (Stream<Path> walk = Files.walk(probe)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static byte[] body(int i) {
        String json = "{\"givenName\":\"Zephyrine\",\"familyName\":\"Quillfeather\",\"fullName\":\"Zephyrine Quillfeather\","
                + "\"emergencyContact\":\"Barnabus Thistlewick-Orme\",\"dateOfBirth\":\"DOB 2003-07-19\",\"parentDob\":\"1999-02-28\","
                + "\"comment\":\"Learner said the hamster sanctuary on Pomegranate Lane flooded; n=" + i + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private void assertNoCanary(Path file, String when) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(file);
        files.add(VaultFile.wal(file));
        files.add(VaultFile.shm(file));
        files.addAll(filesUnder(home.root()));
        files.addAll(newFilesUnder(Path.of(System.getProperty("java.io.tmpdir"))));
        List<String> found = findings(files);
        assertTrue(found.isEmpty(), when + ": " + found);
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * Files that appeared or changed in the JVM's temp folder during this test, at any depth (a
     * leak may be a temp file inside a new subfolder), outside our own @TempDir (searched whole)
     * and outside other test runs' own JUnit temp folders (another build may plant canaries there
     * on purpose, as {@link #theSearchFindsACanaryWhereThereIsOne} does here).
     */
    private List<Path> newFilesUnder(Path tmp) {
        List<Path> recent = new ArrayList<>();
        try {
            Files.walkFileTree(tmp, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) {
                    boolean otherRun = d.getParent() != null && d.getParent().equals(tmp) && d.getFileName().toString().startsWith("junit");
                    return d.startsWith(temp) || otherRun || !Files.isReadable(d)
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                    if (a.isRegularFile() && Files.isReadable(p) && a.size() <= 64L * 1024 * 1024
                            && a.lastModifiedTime().toInstant().isAfter(started)) {
                        recent.add(p);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE; // another process's file came and went
                }
            });
        } catch (IOException ignored) {
            // no readable temp folder
        }
        return recent;
    }

    private static List<String> findings(List<Path> files) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                continue;
            }
            byte[] content;
            try {
                content = Files.readAllBytes(f);
            } catch (IOException e) {
                continue;
            }
            for (String canary : CANARIES) {
                for (Charset cs : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
                    if (VaultForensics.indexOf(content, canary.getBytes(cs)) >= 0) {
                        found.add(canary + " (" + cs + ") in " + f);
                    }
                }
            }
        }
        return found;
    }
}
