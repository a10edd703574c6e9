package org.tutela.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;

/**
 * Everything Tutela keeps on the laptop is for the tutor's account only: its folders are 0700 and
 * its files 0600 (the vault with its -wal and -shm, the settings, every log file), read from the
 * real files' POSIX permissions. Folders and files left readable by an earlier version are
 * tightened at start and at unlock.
 */
class FilePermissionsTest {
    private static final String OWNER_FOLDER = "rwx------";
    private static final String OWNER_FILE = "rw-------";

    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        Assumptions.assumeTrue(OwnerOnly.posix(dir), "POSIX permissions (Windows keeps the profile folder private)");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theAppsFoldersAreOwnerOnlyAndEarlierLooseOnesAreTightened() throws Exception {
        Path root = dir.resolve("home");
        Files.createDirectories(root.resolve("logs"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("settings.properties"), "language=en\n");
        Files.setPosixFilePermissions(root.resolve("settings.properties"), PosixFilePermissions.fromString("rw-r--r--"));

        AppHome home = new AppHome(root).ensureFolders();

        for (Path folder : new Path[] {home.root(), home.profiles(), home.logs(), home.temp()}) {
            assertEquals(OWNER_FOLDER, mode(folder), folder.toString());
        }
        assertEquals(OWNER_FILE, mode(home.settingsFile()), "an earlier settings file");
        Files.delete(home.settingsFile());
        new Settings().save(home.settingsFile());
        assertEquals(OWNER_FILE, mode(home.settingsFile()), "a settings file written now");
    }

    @Test
    void theVaultItsLogAndSharedMemoryAreOwnerOnly() throws Exception {
        AppHome home = new AppHome(dir.resolve("home")).ensureFolders();
        Path file = home.vaultFile("tutor");
        try (Vault vault = Vault.create(file, "lantern meadow copper kite".toCharArray(), Argon2Params.FLOOR)) {
            vault.records().save("learner", UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
            for (Path p : new Path[] {file, Path.of(file + "-wal"), Path.of(file + "-shm"), Path.of(file + ".lock")}) {
                assertTrue(Files.exists(p), p + " is there to check");
                assertEquals(OWNER_FILE, mode(p), p.getFileName().toString());
            }
        }
        try (Stream<Path> left = Files.list(home.profiles())) {
            // the vault, and the lock file beside it (one program per vault)
            assertEquals(2, left.count(), "no building file left behind");
        }

        // A vault left readable by others (an earlier version, a copy) is tightened when unlocked.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (Vault vault = Vault.open(file, "lantern meadow copper kite".toCharArray())) {
            vault.records().save("learner", UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
            assertEquals(OWNER_FILE, mode(file));
            assertEquals(OWNER_FILE, mode(Path.of(file + "-wal")));
        }
    }

    @Test
    void everyLogFileIsOwnerOnlyAfterARolloverToo() throws Exception {
        AppHome home = new AppHome(dir.resolve("home")).ensureFolders();
        String previous = System.setProperty("tutela.logdir", home.logs().toString());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            context.reset();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(FilePermissionsTest.class.getResource("/logback.xml"));
            LoggerFactory.getLogger(FilePermissionsTest.class).info("an event");
            Path log = home.logs().resolve("tutela.log");
            assertEquals(OWNER_FILE, mode(log));

            // The next day: the next event rolls the file over and logback opens a new one.
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            RollingFileAppender<?> appender = (RollingFileAppender<?>) root.getAppender("FILE");
            ((TimeBasedRollingPolicy<?>) appender.getRollingPolicy()).getTimeBasedFileNamingAndTriggeringPolicy()
                    .setCurrentTime(System.currentTimeMillis() + java.time.Duration.ofDays(1).toMillis());
            LoggerFactory.getLogger(FilePermissionsTest.class).info("after the rollover");
            try (Stream<Path> logs = Files.list(home.logs())) {
                var all = logs.toList();
                assertTrue(all.size() >= 2, "the rollover made a second file: " + all);
                for (Path p : all) {
                    assertEquals(OWNER_FILE, mode(p), p.getFileName().toString());
                }
            }
            assertEquals(OWNER_FOLDER, mode(home.logs()));
        } finally {
            if (previous == null) {
                System.clearProperty("tutela.logdir");
            } else {
                System.setProperty("tutela.logdir", previous);
            }
            context.reset();
            new ContextInitializer(context).autoConfig();
        }
    }
}
