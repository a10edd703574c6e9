package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;

/** The administrator's command line, run in-process against a SQLite data folder. */
class ServerMainTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("TUTELA_DATA_DIR", tmp.resolve("data").toString(), "TUTELA_PORT", "0",
                "TUTELA_HOST", "127.0.0.1");
        int code = ServerMain.execute(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsCommandsAndSettings() {
        Run r = run("", "--help");
        assertEquals(0, r.code());
        for (String s : List.of("serve", "create-admin", "add-user", "disable-user", "assign", "devices", "revoke-device",
                "sync-status", "backup", "restore", "data-dir", "TUTELA_DB_URL", "db.url", "tls.keystore", "login.max-failures")) {
            assertTrue(r.out().contains(s), "--help lacks " + s + ":\n" + r.out());
        }
    }

    @Test
    void everyCommandAnswersHelp() {
        List<String[]> commands = new java.util.ArrayList<>();
        for (Class<?> sub : ServerMain.class.getAnnotation(picocli.CommandLine.Command.class).subcommands()) {
            commands.add(new String[] {sub.getAnnotation(picocli.CommandLine.Command.class).name()});
        }
        commands.add(new String[] {"escrow"});
        for (Class<?> sub : org.tutela.sync.server.escrow.EscrowCommand.class.getAnnotation(picocli.CommandLine.Command.class).subcommands()) {
            commands.add(new String[] {"escrow", sub.getAnnotation(picocli.CommandLine.Command.class).name()});
        }
        assertTrue(commands.size() > 15, "every admin command is listed");
        for (String[] command : commands) {
            String name = String.join(" ", command);
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Run r = run("", args);
            assertEquals(0, r.code(), name + " --help: " + r.err());
            assertTrue(r.out().contains("Usage: tutela-server " + name), name + " --help shows its usage:\n" + r.out());
            assertTrue(r.out().contains("--help"), name);
            assertFalse(Files.exists(tmp.resolve("data")), name + " --help touched the data folder");
        }
    }

    @Test
    void theAdministratorsCommandsWork() throws Exception {
        Run admin = run("admin password 1\n", "create-admin", "--username", "Head.Office", "--password-stdin");
        assertEquals(0, admin.code(), admin.err());
        assertTrue(admin.out().contains("head.office"));
        Run second = run("other password 1\n", "create-admin", "--username", "another", "--password-stdin");
        assertEquals(1, second.code());
        assertTrue(second.err().contains("already exists"));

        assertEquals(0, run("tutor password 1\n", "add-user", "--username", "j.tutor", "--role", "tutor", "--name", "Jorvyn Tallacre",
                "--email", "j.tutor@example.org", "--password-stdin").code());
        assertEquals(0, run("manager password 1\n", "add-user", "--username", "m.manager", "--role", "manager", "--password-stdin").code());
        Run badEmail = run("tutor password 2\n", "add-user", "--username", "k.tutor", "--role", "tutor", "--email", "not-an-address",
                "--password-stdin");
        assertEquals(1, badEmail.code());
        assertTrue(badEmail.err().contains("Enter an email address"), badEmail.err());
        assertEquals(0, run("lead password 12\n", "add-user", "--username", "s.lead", "--role", "safeguarding-lead", "--password-stdin").code());
        Run badRole = run("x password 123\n", "add-user", "--username", "x", "--role", "wizard", "--password-stdin");
        assertEquals(1, badRole.code());
        assertTrue(badRole.err().contains("Unknown role"));
        Run shortPw = run("short\n", "add-user", "--username", "y", "--role", "tutor", "--password-stdin");
        assertEquals(1, shortPw.code());

        UUID learner = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        Run assign = run("", "assign", "--tutor", "j.tutor", "--learner", learner.toString(), "--group", group.toString());
        assertEquals(0, assign.code(), assign.err());
        Run caseload = run("", "caseload", "--tutor", "j.tutor");
        assertTrue(caseload.out().contains("learner " + learner) && caseload.out().contains("group " + group), caseload.out());
        assertEquals(1, run("", "assign", "--tutor", "j.tutor", "--learner", "not-a-uuid").code());
        assertEquals(1, run("", "assign", "--tutor", "s.lead", "--learner", learner.toString()).code());

        Run users = run("", "users");
        assertTrue(users.out().contains("j.tutor") && users.out().contains("safeguarding-lead") && users.out().contains("administrator"));
        assertTrue(users.out().contains("Jorvyn Tallacre") && users.out().contains("manager") && !users.out().contains("k.tutor"), users.out());

        // a device enrols and pushes through a real server on the same data folder
        ServerSettings settings = ServerSettings.load(null, Map.of("TUTELA_DATA_DIR", tmp.resolve("data").toString(),
                "TUTELA_PORT", "0", "TUTELA_HOST", "127.0.0.1"));
        String deviceId;
        String oldEpoch;
        try (SyncServer server = SyncServer.start(settings)) {
            TestClient client = new TestClient(server.port(), server.certificate());
            // the enrolment answer carries the tutor's name as head office keeps it
            assertEquals("Jorvyn Tallacre", client.enrol("j.tutor", "tutor password 1").tutorName());
            // a manager reads reports in the console and has no laptop to enrol
            assertEquals(401, client.post("/api/v1/devices/enrol", null,
                    "{\"protocolVersion\":\"1\",\"username\":\"m.manager\",\"password\":\"manager password 1\"}").status());
            TestClient.Device d = client.device("j.tutor", "tutor password 1");
            deviceId = d.id.toString();
            oldEpoch = d.epoch;
            PushEntry e = new PushEntry(1L, UUID.randomUUID(), RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(), false, false, false,
                    learner, null, "{}");
            assertEquals(EntryStatus.APPLIED, d.push(List.of(e)).results().get(0).status());

            Run devices = run("", "devices", "--user", "j.tutor");
            assertTrue(devices.out().contains(deviceId), devices.out());
            Run status = run("", "sync-status");
            assertTrue(status.out().contains(deviceId) && status.out().contains("Server sequence: 1"), status.out());

            Path backup = tmp.resolve("backup.db");
            Run b = run("", "backup", "--to", backup.toString());
            assertEquals(0, b.code(), b.err());
            assertTrue(Files.size(backup) > 0);

            assertEquals(0, run("", "revoke-device", "--device", deviceId).code());
            assertEquals(401, d.pullRaw(0, 10).status());
            assertEquals(1, run("", "revoke-device", "--device", deviceId).code());

            assertEquals(0, run("", "disable-user", "--username", "j.tutor").code());
            assertEquals(401, client.post("/api/v1/devices/enrol", null,
                    "{\"protocolVersion\":\"1\",\"username\":\"j.tutor\",\"password\":\"tutor password 1\"}").status());
        }
        // restore: the backup's data comes back (the device is active again there) under a new epoch
        Run restore = run("", "restore", "--from", tmp.resolve("backup.db").toString());
        assertEquals(0, restore.code(), restore.err());
        try (Database db = Database.open(settings)) {
            assertNotEquals(oldEpoch, db.epoch());
            try (Connection c = db.connection();
                 PreparedStatement q = c.prepareStatement("SELECT revoked_at FROM devices WHERE id = ?")) {
                q.setString(1, deviceId);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    rs.getLong(1);
                    assertTrue(rs.wasNull());
                }
            }
        }
        Run notBackup = run("", "restore", "--from", tmp.resolve("nothing.db").toString());
        assertEquals(1, notBackup.code());
        assertFalse(notBackup.err().isBlank());
        Run epoch = run("", "new-epoch");
        assertEquals(0, epoch.code());
    }

    @Test
    void settingsComeFromFileThenEnvironment() throws Exception {
        Path file = tmp.resolve("server.properties");
        Files.writeString(file, "port=9443\ndata-dir=/srv/tutela\n");
        ServerSettings s = ServerSettings.load(file, Map.of("TUTELA_PORT", "7443"));
        assertEquals(7443, s.port());
        assertEquals(Path.of("/srv/tutela"), s.dataDir());
        Files.writeString(file, "colour=blue\n");
        Run r = run("", "--config", file.toString(), "users");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Unknown setting 'colour'"), r.err());
    }
}
