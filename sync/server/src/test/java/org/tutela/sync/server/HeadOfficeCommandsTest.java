package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;

/** The administrator sets the organisation up from the command line, run in-process against a SQLite data folder. */
class HeadOfficeCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("TUTELA_DATA_DIR", tmp.resolve("data").toString(), "TUTELA_PORT", "0", "TUTELA_HOST", "127.0.0.1");
        int code = ServerMain.execute(args, env, new ByteArrayInputStream("tutor password 1\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run ok(String... args) {
        Run r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    static String uln(int n) {
        return AbstractHeadOfficeTest.uln(n);
    }

    @Test
    void helpNamesTheHeadOfficeCommands() {
        String help = ok("--help").out();
        for (String c : List.of("organisation", "groups", "add-group", "edit-group", "archive-group", "move-learner", "import-learners")) {
            assertTrue(help.contains(c), c);
        }
        assertTrue(run("import-learners").err().contains("--dry-run"), "a command without its file shows its usage");
    }

    @Test
    void theOrganisationGroupsAndLearnersAreSetUpByName() throws Exception {
        ok("add-user", "--username", "j.tutor", "--role", "tutor", "--password-stdin");
        ok("add-user", "--username", "k.tutor", "--role", "tutor", "--password-stdin");

        assertTrue(ok("organisation").out().contains("Not set up yet"));
        ok("organisation", "set", "--name", "Cwmderyn Learning Partnership", "--lead-name", "Morwenna Tregaskis-Pryce",
                "--lead-phone", "01632 960123", "--term-dates", "2025/26=2025-09-03,2025-10-27,2026-01-05,2026-02-23,2026-04-13,2026-06-01",
                "--attendance-threshold", "85");
        String shown = ok("organisation", "show").out();
        assertTrue(shown.contains("Cwmderyn Learning Partnership") && shown.contains("2025/26") && shown.contains("2026-02-23")
                && shown.contains("85%") && shown.contains("4 one-to-one reviews and 8 group sessions"), shown);
        ok("organisation", "set", "--reviews", "5");
        assertTrue(ok("organisation", "show").out().contains("Cwmderyn"), "what set does not name stays");
        Run badPhone = run("organisation", "set", "--lead-phone", "ring the office");
        assertEquals(1, badPhone.code());
        assertTrue(badPhone.err().contains("safeguardingLeadPhone: The phone number may hold only digits"), badPhone.err());
        assertEquals(1, run("organisation", "set", "--term-dates", "2025/26=2025-09-03").code());

        ok("add-group", "--name", "Brick A", "--course", "Bricklaying", "--level", "Level 2", "--tutor", "j.tutor",
                "--review-frequency", "termly");
        ok("add-group", "--name", "Joinery A", "--course", "Joinery");
        Run dup = run("add-group", "--name", "brick a", "--course", "bricklaying");
        assertEquals(1, dup.code());
        assertTrue(dup.err().contains("already a group with this name"), dup.err());
        String list = ok("groups").out();
        assertTrue(list.contains("Brick A") && list.contains("termly") && list.contains("j.tutor"), list);

        Path csv = tmp.resolve("mis-export.csv");
        Files.writeString(csv, "ULN,Given name,Family name,Date of birth,Group,Notes\n"
                + uln(1) + ",Pryderi,Ffagan,01/09/2008,Brick A,x\n"
                + uln(2) + ",Lowri,Zennorcott,2008-02-30,Brick A,x\n");
        Run refused = run("import-learners", "--file", csv.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.out().contains("Row 1, column \"Notes\": Not one of Tutela's fields"), refused.out());
        assertTrue(refused.out().contains("Row 3, column \"Date of birth\": This date does not exist"), refused.out());
        assertTrue(refused.err().contains("Nothing imported"), refused.err());
        Files.writeString(csv, "ULN,Given name,Family name,Date of birth,Group,Notes\n"
                + uln(1) + ",Pryderi,Ffagan,01/09/2008,Brick A,x\n"
                + uln(2) + ",Lowri,Zennorcott,2008-02-28,Brick A,x\n");
        Run dry = ok("import-learners", "--file", csv.toString(), "--map", "Notes=ignore", "--dry-run");
        assertTrue(dry.out().contains("Would create 2") && dry.out().contains("Dry run: nothing stored"), dry.out());
        Run imported = ok("import-learners", "--file", csv.toString(), "--map", "Notes=ignore");
        assertTrue(imported.out().contains("Imported: 2 new"), imported.out());
        // the mapping is remembered: no --map needed now, and nothing changes
        assertTrue(ok("import-learners", "--file", csv.toString()).out().contains("0 new, 0 updated, 2 unchanged"));

        ok("assign", "--tutor", "k.tutor", "--group-name", "Joinery A");
        ok("move-learner", "--uln", uln(2), "--to-group", "Joinery A");
        assertEquals(1, run("move-learner", "--uln", uln(2), "--to-group", "Nowhere").code());
        ok("archive-group", "--group", "Brick A");
        assertTrue(ok("groups", "--all").out().contains("archived"));
        assertFalse(ok("groups").out().contains("Brick A"));
        ok("archive-group", "--group", "Brick A", "--restore");
        ok("edit-group", "--group", "Brick A", "--tutor", "k.tutor", "--reviews", "6", "--sessions", "9");
        assertTrue(ok("groups").out().contains("6 + 9"));

        // what a tutor's laptop receives: the organisation, both groups, both learners
        ServerSettings settings = ServerSettings.load(null, Map.of("TUTELA_DATA_DIR", tmp.resolve("data").toString(),
                "TUTELA_PORT", "0", "TUTELA_HOST", "127.0.0.1"));
        try (SyncServer server = SyncServer.start(settings)) {
            TestClient client = new TestClient(server.port(), server.certificate());
            List<SyncRecord> got = client.device("k.tutor", "tutor password 1").pullAll(0, 100);
            assertEquals(List.of(RecordKinds.GROUP, RecordKinds.GROUP, RecordKinds.LEARNER, RecordKinds.LEARNER, RecordKinds.ORGANISATION),
                    got.stream().map(SyncRecord::kind).sorted().toList());
            assertTrue(client.device("j.tutor", "tutor password 1").pullAll(0, 100).stream()
                    .allMatch(r -> r.kind().equals(RecordKinds.ORGANISATION)), "j.tutor's group went to k.tutor");
        }
    }

    @Test
    void theSampleFileInTheDocsImports() {
        Path sample = Path.of("../../docs/sample-mis-export.csv");
        assertTrue(Files.isRegularFile(sample), "docs/sample-mis-export.csv is where docs/head-office-import.md says");
        Run dry = ok("import-learners", "--file", sample.toString(), "--create-groups", "--dry-run");
        assertTrue(dry.out().contains("Would create 12") && dry.out().contains("new group: Joinery L3 A (Joinery)"), dry.out());
        assertTrue(ok("import-learners", "--file", sample.toString(), "--create-groups").out().contains("Imported: 12 new"));
        assertTrue(ok("groups").out().contains("Hairdressing L2 B"));
    }
}
