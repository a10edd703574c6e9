package org.tutela.sync.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tutela.sync.server.escrow.EscrowCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The server program: {@code serve} plus the administrator's commands, which work on the
 * database directly (run them on the server machine, with the same settings).
 */
@Command(name = "tutela-server", mixinStandardHelpOptions = true, version = "Tutela sync server (protocol 1)",
        description = "Tutela head-office sync server and its administration commands.",
        subcommands = {ServerMain.Serve.class, ServerMain.CreateAdmin.class, ServerMain.AddUser.class,
                ServerMain.DisableUser.class, ServerMain.EnableUser.class, ServerMain.ListUsers.class,
                ServerMain.Assign.class, ServerMain.Unassign.class, ServerMain.Caseload.class,
                ServerMain.Devices.class, ServerMain.RevokeDevice.class, ServerMain.SyncStatus.class,
                ServerMain.Backup.class, ServerMain.Restore.class, ServerMain.NewEpoch.class,
                HeadOfficeCommands.OrganisationCommand.class, HeadOfficeCommands.ListGroups.class, HeadOfficeCommands.AddGroup.class,
                HeadOfficeCommands.EditGroup.class, HeadOfficeCommands.ArchiveGroup.class, HeadOfficeCommands.MoveLearner.class,
                HeadOfficeCommands.ImportLearners.class})
public final class ServerMain implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "settings file (Java properties; see below). Also TUTELA_CONFIG.")
    Path config;

    Map<String, String> env = System.getenv();
    BufferedReader in;
    PrintStream out;
    PrintStream err;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "tutela-server-logback.xml");
        }
        int code = execute(args, System.getenv(), System.in, System.out, System.err);
        if (code != 0 || args.length == 0 || !args[0].equals("serve")) {
            System.exit(code);
        }
    }

    /** Runs one command line; returns the exit code. {@code serve} returns once the server has stopped. */
    public static int execute(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        ServerMain main = new ServerMain();
        main.env = env;
        main.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        main.out = out;
        main.err = err;
        CommandLine cl = new CommandLine(main);
        cl.getCommandSpec().usageMessage().footer(ServerSettings.describe());
        cl.setUsageHelpWidth(110);
        // the safeguarding escrow: its audit log lives in the data folder and its head in the database these settings name
        cl.addSubcommand("escrow", new EscrowCommand(env::get, java.time.Clock.systemUTC(), main::settings));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                err.println("Error: " + ex.getMessage());
                return 1;
            }
            err.println("Error: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 0;
    }

    ServerSettings settings() throws Exception {
        Path file = config;
        if (file == null && env.get("TUTELA_CONFIG") != null && !env.get("TUTELA_CONFIG").isBlank()) {
            file = Path.of(env.get("TUTELA_CONFIG"));
        }
        if (file != null && !Files.exists(file)) {
            throw new IllegalArgumentException("Settings file " + file + " does not exist");
        }
        return ServerSettings.load(file, env);
    }

    char[] readPassword(boolean fromStdin, String prompt) throws Exception {
        if (fromStdin) {
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("No password on standard input");
            }
            return line.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("No terminal to ask for the password: use --password-stdin");
        }
        char[] a = console.readPassword("%s: ", prompt);
        char[] b = console.readPassword("Again: ");
        if (a == null || !Arrays.equals(a, b)) {
            throw new IllegalArgumentException("The passwords differ");
        }
        return a;
    }

    abstract static class DbCommand implements Callable<Integer> {
        @ParentCommand
        ServerMain main;

        @Override
        public Integer call() throws Exception {
            try (Database db = Database.open(main.settings())) {
                return run(db, new Accounts(db));
            }
        }

        abstract Integer run(Database db, Accounts accounts) throws Exception;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the HTTPS sync server (creates the database and certificate on first start).")
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        ServerMain main;
        @Option(names = "--port", description = "overrides the port setting")
        Integer port;

        @Override
        public Integer call() throws Exception {
            ServerSettings s = main.settings();
            if (port != null) {
                s = s.with("port", port.toString());
            }
            SyncServer server = SyncServer.start(s);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "tutela-shutdown"));
            PrintStream out = main.out;
            out.println("Tutela sync server listening on https://" + s.host() + ":" + server.port());
            out.println("Database: " + server.database().description());
            out.println("Certificate SHA-256 fingerprint: " + server.fingerprint());
            out.println("Server epoch: " + server.database().epoch());
            if (server.accounts().listUsers().stream().noneMatch(u -> u.role() == Role.ADMINISTRATOR)) {
                out.println("No administrator yet: run `create-admin --username NAME` with the same settings.");
            }
            out.println("Head-office console: https://" + s.host() + ":" + server.port() + "/console/");
            out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "create-admin", mixinStandardHelpOptions = true, description = "Create the organisation's first administrator (only when none exists).")
    static final class CreateAdmin extends DbCommand {
        @Option(names = "--username", required = true)
        String username;
        @Option(names = "--name", description = "their full name, shown in the head-office console")
        String name;
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean stdin;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            Accounts.User u = accounts.createFirstAdmin(username, new UserDetails(name, null, null),
                    main.readPassword(stdin, "Password for " + username));
            main.out.println("Created administrator " + u.username() + " (" + u.id() + ")");
            return 0;
        }
    }

    @Command(name = "add-user", mixinStandardHelpOptions = true, description = "Add a user: tutor, pastoral-lead, safeguarding-lead, manager or administrator.")
    static final class AddUser extends DbCommand {
        @Option(names = "--username", required = true)
        String username;
        @Option(names = "--role", required = true, description = "tutor, pastoral-lead, safeguarding-lead, manager or administrator")
        String role;
        @Option(names = "--name", description = "the person's full name (a tutor's laptop greets them with it)")
        String name;
        @Option(names = "--email", description = "email address")
        String email;
        @Option(names = "--phone", description = "phone number")
        String phone;
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean stdin;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            Role r = Role.parse(role);
            Accounts.User u = accounts.addUser(username, r, new UserDetails(name, email, phone),
                    main.readPassword(stdin, "Password for " + username), AuditTrail.Actor.commandLine());
            main.out.println("Added " + r.wire() + " " + u.username() + " (" + u.id() + ")");
            return 0;
        }
    }

    @Command(name = "disable-user", mixinStandardHelpOptions = true, description = "Disable a user: no new enrolments, and their devices get 401.")
    static final class DisableUser extends DbCommand {
        @Option(names = "--username", required = true)
        String username;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            accounts.setDisabled(username, true);
            main.out.println("Disabled " + Accounts.normaliseUsername(username));
            return 0;
        }
    }

    @Command(name = "enable-user", mixinStandardHelpOptions = true, description = "Re-enable a disabled user.")
    static final class EnableUser extends DbCommand {
        @Option(names = "--username", required = true)
        String username;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            accounts.setDisabled(username, false);
            main.out.println("Enabled " + Accounts.normaliseUsername(username));
            return 0;
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers extends DbCommand {
        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            main.out.printf("%-36s  %-30s  %-18s  %-8s  %s%n", "ID", "USERNAME", "ROLE", "STATE", "NAME");
            for (Accounts.User u : accounts.listUsers()) {
                main.out.printf("%-36s  %-30s  %-18s  %-8s  %s%n", u.id(), u.username(), u.role().wire(), u.disabled() ? "disabled" : "active",
                        u.details().displayName() == null ? "" : u.details().displayName());
            }
            return 0;
        }
    }

    static List<UUID> ids(List<String> raw, String what) {
        List<UUID> out = new ArrayList<>();
        for (String s : raw == null ? List.<String>of() : raw) {
            try {
                out.add(UUID.fromString(s.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " ids are UUIDs (the record ids of the learner / group records): '" + s + "'");
            }
        }
        return out;
    }

    @Command(name = "assign", mixinStandardHelpOptions = true, description = "Add learners and/or groups to a tutor's caseload: by group name and learner ULN,"
            + " or by record ids. A group named by --group-name becomes this tutor's (taken from any other).")
    static final class Assign extends DbCommand {
        @Option(names = "--tutor", required = true)
        String tutor;
        @Option(names = "--learner", split = ",", description = "learner record id(s)")
        List<String> learners;
        @Option(names = "--group", split = ",", description = "group record id(s)")
        List<String> groups;
        @Option(names = "--group-name", description = "a group's name (repeat for several)")
        List<String> groupNames;
        @Option(names = "--course", description = "the course of the named group(s), when several groups share a name")
        String course;
        @Option(names = "--learner-uln", split = ",", description = "learner ULN(s)")
        List<String> ulns;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            List<UUID> l = ids(learners, "learner");
            List<UUID> g = ids(groups, "group");
            List<String> names = groupNames == null ? List.of() : groupNames;
            List<String> byUln = ulns == null ? List.of() : ulns;
            if (l.isEmpty() && g.isEmpty() && names.isEmpty() && byUln.isEmpty()) {
                throw new IllegalArgumentException("Name at least one --group-name, --learner-uln, --learner or --group");
            }
            int n = accounts.assign(tutor, Accounts.SCOPE_LEARNER, l) + accounts.assign(tutor, Accounts.SCOPE_GROUP, g);
            org.tutela.sync.server.headoffice.Groups byName = new org.tutela.sync.server.headoffice.Groups(db, accounts);
            for (String name : names) {
                byName.assignTutor(name, course, tutor);
            }
            org.tutela.sync.server.headoffice.Learners learnersByUln = new org.tutela.sync.server.headoffice.Learners(db, accounts);
            for (String uln : byUln) {
                learnersByUln.assignToTutor(uln, tutor);
            }
            main.out.println("Assigned " + (l.size() + byUln.size()) + " learner(s) and " + (g.size() + names.size()) + " group(s) to "
                    + Accounts.normaliseUsername(tutor) + "; their laptops receive them at their next sync"
                    + (n > 0 ? " (" + n + " record(s) queued)" : ""));
            return 0;
        }
    }

    @Command(name = "unassign", mixinStandardHelpOptions = true, description = "Remove learners and/or groups from a tutor's caseload (by group name and ULN, or record ids).")
    static final class Unassign extends DbCommand {
        @Option(names = "--tutor", required = true)
        String tutor;
        @Option(names = "--learner", split = ",")
        List<String> learners;
        @Option(names = "--group", split = ",")
        List<String> groups;
        @Option(names = "--group-name", description = "a group's name (repeat for several)")
        List<String> groupNames;
        @Option(names = "--course", description = "the course of the named group(s), when several groups share a name")
        String course;
        @Option(names = "--learner-uln", split = ",", description = "learner ULN(s) assigned by hand")
        List<String> ulns;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            List<UUID> g = new ArrayList<>(ids(groups, "group"));
            org.tutela.sync.server.headoffice.Groups byName = new org.tutela.sync.server.headoffice.Groups(db, accounts);
            int n = 0;
            for (String name : groupNames == null ? List.<String>of() : groupNames) {
                org.tutela.sync.server.headoffice.Groups.Group group = byName.find(name, course);
                if (Accounts.normaliseUsername(tutor).equals(group.tutor())) {
                    // the group's own tutor: the group record says it has none now
                    byName.edit(group.id(), org.tutela.sync.server.headoffice.Groups.Changes.named(null).withTutor(""));
                    n++;
                } else {
                    g.add(group.id());
                }
            }
            n += accounts.unassign(tutor, Accounts.SCOPE_LEARNER, ids(learners, "learner"))
                    + accounts.unassign(tutor, Accounts.SCOPE_GROUP, g);
            org.tutela.sync.server.headoffice.Learners learnersByUln = new org.tutela.sync.server.headoffice.Learners(db, accounts);
            for (String uln : ulns == null ? List.<String>of() : ulns) {
                n += learnersByUln.unassignFromTutor(uln, tutor);
            }
            main.out.println("Removed " + n + " caseload entr" + (n == 1 ? "y" : "ies") + " from " + Accounts.normaliseUsername(tutor));
            return 0;
        }
    }

    @Command(name = "caseload", mixinStandardHelpOptions = true, description = "Show a tutor's caseload (learner and group ids).")
    static final class Caseload extends DbCommand {
        @Option(names = "--tutor", required = true)
        String tutor;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            accounts.caseload(tutor).forEach(main.out::println);
            return 0;
        }
    }

    static String time(Long millis) {
        return millis == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).withNano(0));
    }

    @Command(name = "devices", mixinStandardHelpOptions = true, description = "List enrolled devices.")
    static final class Devices extends DbCommand {
        @Option(names = "--user", description = "only this user's devices")
        String user;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            main.out.printf("%-36s  %-24s  %-20s  %-20s  %s%n", "DEVICE", "USER", "ENROLLED", "REVOKED", "NAME");
            for (Accounts.DeviceInfo d : accounts.listDevices(user)) {
                main.out.printf("%-36s  %-24s  %-20s  %-20s  %s%n", d.id(), d.username(), time(d.enrolledAt()), time(d.revokedAt()),
                        d.name() == null ? "" : d.name());
            }
            return 0;
        }
    }

    @Command(name = "revoke-device", mixinStandardHelpOptions = true, description = "Revoke a device (a lost laptop): its token gets 401 from now on.")
    static final class RevokeDevice extends DbCommand {
        @Option(names = "--device", required = true)
        String device;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            if (!accounts.revokeDevice(device.trim())) {
                throw new IllegalArgumentException("No active device " + device.trim());
            }
            main.out.println("Revoked device " + device.trim());
            return 0;
        }
    }

    @Command(name = "sync-status", mixinStandardHelpOptions = true, description = "Sync status per device: acknowledged sequence, last push and pull, how far behind.")
    static final class SyncStatus extends DbCommand {
        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            long last;
            try (Connection c = db.connection()) {
                last = db.lastSequence(c);
            }
            main.out.println("Server sequence: " + last + "  epoch: " + db.epoch());
            main.out.printf("%-36s  %-20s  %-8s  %10s  %10s  %-20s  %-20s  %10s  %10s%n", "DEVICE", "USER", "STATE", "ACKED-SEQ",
                    "RECEIVED", "LAST-PUSH", "LAST-PULL", "CURSOR", "BEHIND");
            for (Accounts.DeviceInfo d : accounts.listDevices(null)) {
                main.out.printf("%-36s  %-20s  %-8s  %10d  %10d  %-20s  %-20s  %10d  %10d%n", d.id(), d.username(),
                        d.revokedAt() == null ? "active" : "revoked", d.ackedSequence(), d.entriesReceived(), time(d.lastPushAt()),
                        time(d.lastPullAt()), d.lastPullCursor(), Math.max(0, last - d.lastPullCursor()));
            }
            return 0;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up the database: SQLite to a file (consistent, while serving); PostgreSQL with pg_dump.")
    static final class Backup extends DbCommand {
        @Option(names = "--to", description = "target file (default: <data-dir>/backups/tutela-<time>.db or .sql)")
        Path to;

        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            ServerSettings s = main.settings();
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(Instant.now().atOffset(ZoneOffset.UTC));
            Path target = to != null ? to : s.dataDir().resolve("backups").resolve("tutela-" + stamp + (db.isPostgres() ? ".sql" : ".db"));
            if (Files.exists(target)) {
                throw new IllegalArgumentException(target + " exists already");
            }
            // owner-only before a byte is written: a backup holds everything the database does
            // (VACUUM INTO and pg_dump both write into an existing empty file, keeping its permissions)
            DataFolder.createPrivateFile(target);
            try {
                if (db.isPostgres()) {
                    pgDump(s, target);
                } else {
                    try (Connection c = db.connection(); PreparedStatement st = c.prepareStatement("VACUUM INTO ?")) {
                        st.setString(1, target.toAbsolutePath().toString());
                        st.execute();
                    }
                }
            } catch (Exception failed) {
                Files.deleteIfExists(target); // no empty or half-written file left to be mistaken for a backup
                throw failed;
            }
            main.out.println("Backed up to " + target.toAbsolutePath());
            return 0;
        }

        private void pgDump(ServerSettings s, Path target) throws Exception {
            String url = s.get("db.url").substring("jdbc:".length());
            ProcessBuilder pb = new ProcessBuilder("pg_dump", "--no-owner", "--file=" + target.toAbsolutePath(), "--dbname=" + url.split("\\?")[0]);
            if (!s.get("db.user").isEmpty()) {
                pb.environment().put("PGUSER", s.get("db.user"));
            }
            if (!s.get("db.password").isEmpty()) {
                pb.environment().put("PGPASSWORD", s.get("db.password"));
            }
            pb.redirectErrorStream(true);
            Process p;
            try {
                p = pb.start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("pg_dump is not installed here; back up PostgreSQL with your usual tools, and run new-epoch after any restore");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("pg_dump failed: " + output.strip());
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore the SQLite database from a backup file (server stopped). Sets a new epoch.")
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        ServerMain main;
        @Option(names = "--from", required = true)
        Path from;

        @Override
        public Integer call() throws Exception {
            ServerSettings s = main.settings();
            if (s.usesPostgres()) {
                throw new IllegalArgumentException("For PostgreSQL restore with psql/pg_restore, then run new-epoch");
            }
            if (!Files.isRegularFile(from)) {
                throw new IllegalArgumentException("No backup file " + from);
            }
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + from.toAbsolutePath());
                 PreparedStatement q = c.prepareStatement("SELECT epoch FROM server_state WHERE id = 1");
                 ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException(from + " is not a Tutela server backup");
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalArgumentException(from + " is not a Tutela server backup");
            }
            Path dbFile = DataFolder.secure(s.dataDir()).resolve("tutela-server.db");
            Files.deleteIfExists(s.dataDir().resolve("tutela-server.db-wal"));
            Files.deleteIfExists(s.dataDir().resolve("tutela-server.db-shm"));
            Files.deleteIfExists(dbFile);
            DataFolder.createPrivateFile(dbFile);
            try (java.io.OutputStream copy = Files.newOutputStream(dbFile, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.copy(from, copy);
            }
            try (Database db = Database.open(s)) {
                main.out.println("Restored from " + from + "; new server epoch " + db.newEpoch()
                        + " (devices will re-send what the backup lacks, then pull in full)");
            }
            return 0;
        }
    }

    @Command(name = "new-epoch", mixinStandardHelpOptions = true, description = "Give the server a new epoch (run after restoring PostgreSQL from a backup).")
    static final class NewEpoch extends DbCommand {
        @Override
        Integer run(Database db, Accounts accounts) throws Exception {
            main.out.println("New server epoch " + db.newEpoch());
            return 0;
        }
    }
}
