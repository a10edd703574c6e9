package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;

/**
 * The server's data folder is for its owner only: the real server and the real admin commands
 * create it 0700 and every file in it 0600, and tighten what an older version left readable.
 */
class DataFolderTest {
    private static final String CANARY_FILE = "operators-own-notes.txt";

    @TempDir
    Path tmp;

    private Path data() {
        return tmp.resolve("srv").resolve("tutela-server-data");
    }

    private ServerSettings settings() throws Exception {
        return ServerSettings.load(null, env());
    }

    private Map<String, String> env() {
        return Map.of("TUTELA_DATA_DIR", data().toString(), "TUTELA_PORT", "0", "TUTELA_HOST", "127.0.0.1");
    }

    private ServerMainTest.Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ServerMain.execute(args, env(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ServerMainTest.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Every folder and file under the data folder, except the operator's own file. */
    private List<Path> everything() throws Exception {
        try (Stream<Path> all = Files.walk(data())) {
            return all.filter(p -> !p.getFileName().toString().equals(CANARY_FILE)).toList();
        }
    }

    /** A server that has served a push (so the database has its -wal and -shm), then a backup. */
    private void serveAndBackUp() throws Exception {
        assertEquals(0, run("tutor password 1\n", "add-user", "--username", "j.tutor", "--role", "tutor", "--password-stdin").code());
        UUID learner = UUID.randomUUID();
        assertEquals(0, run("", "assign", "--tutor", "j.tutor", "--learner", learner.toString()).code());
        try (SyncServer server = SyncServer.start(settings())) {
            TestClient.Device d = new TestClient(server.port(), server.certificate()).device("j.tutor", "tutor password 1");
            PushEntry e = new PushEntry(1L, UUID.randomUUID(), RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(), false, false, false,
                    learner, null, "{}");
            assertEquals(EntryStatus.APPLIED, d.push(List.of(e)).results().get(0).status());
            assertTrue(Files.exists(data().resolve("tutela-server.db-wal")) && Files.exists(data().resolve("tutela-server.db-shm")));
            ServerMainTest.Run backup = run("", "backup");
            assertEquals(0, backup.code(), backup.err());
            assertOwnerOnly();
        }
    }

    private void assertOwnerOnly() throws Exception {
        List<Path> all = everything();
        for (String name : List.of("tutela-server.db", "tutela-server.db-wal", "tutela-server.db-shm", "tls/server.p12",
                "tls/server.p12.password", "backups")) {
            assertTrue(all.contains(data().resolve(name)), name + " was written");
        }
        try (Stream<Path> backups = Files.list(data().resolve("backups"))) {
            assertEquals(1, backups.count(), "one backup");
        }
        for (Path p : all) {
            assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), data().relativize(p).toString());
        }
    }

    @Test
    void theServerAndItsCommandsWriteOnlyOwnerOnlyFolderAndFiles() throws Exception {
        serveAndBackUp();
        // a backup written elsewhere, into a folder the command makes
        Path elsewhere = tmp.resolve("offsite").resolve("nightly").resolve("tutela.db");
        ServerMainTest.Run b = run("", "backup", "--to", elsewhere.toString());
        assertEquals(0, b.code(), b.err());
        assertEquals("rw-------", mode(elsewhere));
        assertEquals("rwx------", mode(elsewhere.getParent()));
        assertEquals("rwx------", mode(elsewhere.getParent().getParent()));
        // a restore writes the database owner-only too
        ServerMainTest.Run restore = run("", "restore", "--from", elsewhere.toString());
        assertEquals(0, restore.code(), restore.err());
        assertEquals("rw-------", mode(data().resolve("tutela-server.db")));
    }

    @Test
    void filesAnOlderVersionLeftReadableAreTightenedAtStartAndTheLogSaysSo() throws Exception {
        serveAndBackUp();
        // as an older version (or a careless copy) left them: folders 0755, files 0644
        for (Path p : everything()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        Path notes = data().resolve(CANARY_FILE);
        Files.writeString(notes, "kept by the operator");
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rwxr-xr-x"));

        Logger log = (Logger) LoggerFactory.getLogger(DataFolder.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try (SyncServer server = SyncServer.start(settings())) {
            assertOwnerOnly();
        } finally {
            log.detachAppender(seen);
        }
        assertEquals("rwxr-xr-x", mode(notes), "what the server did not write is left as it is");
        String said = String.join("\n", seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        // (the -wal and -shm went with the last connection; the new ones take the database file's permissions)
        for (String name : List.of("(the folder itself)", "tutela-server.db", "tls/server.p12", "backups/tutela-")) {
            assertTrue(said.contains(name), "the log names " + name + ": " + said);
        }
        assertFalse(said.contains(tmp.toString()), "the log names files inside the folder, not where it is: " + said);
    }
}
