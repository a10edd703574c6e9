package org.tutela.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.tutela.sync.protocol.UlnRule;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.headoffice.ColumnMapping;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.LearnerImport;

/**
 * Head office imports an MIS export of 10,000 invented learners into 50 groups (each in a
 * tutor's caseload), on SQLite and on PostgreSQL (embedded, fsync on): the preview (read, check
 * every row, compare with what head office holds), the import, the same file again (nothing
 * changes), and a newer export where one learner in ten changed. {@code --smoke}: 200 learners.
 */
public final class ImportBench {
    private final PrintStream out;
    private final int learners;
    private final int groups;

    ImportBench(boolean smoke, PrintStream out) {
        this.out = out;
        this.learners = smoke ? 200 : 10_000;
        this.groups = smoke ? 5 : 50;
    }

    public static void main(String[] args) throws Exception {
        new ImportBench(List.of(args).contains("--smoke"), System.out).run();
    }

    void run() throws Exception {
        SyncServerBench.quietLogs();
        Path tmp = Files.createTempDirectory("tutela-import-bench");
        try {
            runOn("sqlite", ServerSettings.defaults().with("data-dir", tmp.resolve("sqlite").toString()));
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on").start()) {
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE bench");
                }
                runOn("postgresql", ServerSettings.defaults().with("data-dir", tmp.resolve("pg").toString())
                        .with("db.url", pg.getJdbcUrl("postgres", "bench")).with("db.user", "postgres"));
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void runOn(String db, ServerSettings settings) throws Exception {
        String p = "import." + db + ".";
        try (Database database = Database.open(settings)) {
            Accounts accounts = new Accounts(database);
            Groups g = new Groups(database, accounts);
            for (int t = 0; t < 5; t++) {
                accounts.addUser("bench.tutor" + t, Role.TUTOR, "bench password 123".toCharArray());
            }
            for (int i = 0; i < groups; i++) {
                g.create(Groups.Changes.named("Group " + i).withCourse(COURSES[i % COURSES.length]).withTutor("bench.tutor" + (i % 5)));
            }
            LearnerImport importer = new LearnerImport(database, accounts);
            ColumnMapping mapping = importer.mapping(null, List.of());
            byte[] first = csv(0);
            byte[] newer = csv(10);

            long t0 = System.nanoTime();
            LearnerImport.Preview preview = importer.preview(first, mapping, LearnerImport.Options.DEFAULT);
            long previewMs = ms(t0);
            check(preview.ok() && preview.count(LearnerImport.Action.CREATE) == learners, "preview", preview);
            t0 = System.nanoTime();
            LearnerImport.Preview done = importer.importFile(first, mapping, LearnerImport.Options.DEFAULT);
            long importMs = ms(t0);
            check(done.count(LearnerImport.Action.CREATE) == learners, "import", done);
            t0 = System.nanoTime();
            LearnerImport.Preview again = importer.importFile(first, mapping, LearnerImport.Options.DEFAULT);
            long againMs = ms(t0);
            check(again.count(LearnerImport.Action.UNCHANGED) == learners, "re-import", again);
            t0 = System.nanoTime();
            LearnerImport.Preview changedPreview = importer.preview(newer, mapping, LearnerImport.Options.DEFAULT);
            LearnerImport.Preview changed = importer.importFile(newer, mapping, LearnerImport.Options.DEFAULT);
            long changedMs = ms(t0);
            check(changedPreview.ok() && changed.count(LearnerImport.Action.UPDATE) == learners / 10, "newer", changed);

            out.println(p + "preview_" + learners + "_learners: " + previewMs + " ms");
            out.println(p + "import_" + learners + "_learners: " + importMs + " ms");
            out.println(p + "preview_and_import_" + learners + "_learners: " + (previewMs + importMs) + " ms");
            out.println(p + "import_rate: " + (importMs == 0 ? learners : learners * 1000L / importMs) + " learners/s");
            out.println(p + "reimport_same_file: " + againMs + " ms");
            out.println(p + "preview_and_import_newer_file_" + learners / 10 + "_changed: " + changedMs + " ms");
        }
    }

    private static void check(boolean ok, String what, LearnerImport.Preview p) {
        if (!ok) {
            throw new IllegalStateException(what + " did not do what the bench expects: " + p.problems().stream().limit(5).toList()
                    + " create " + p.count(LearnerImport.Action.CREATE) + " update " + p.count(LearnerImport.Action.UPDATE));
        }
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static final String[] GIVEN = {"Pryderi", "Lowri", "Cadfan", "Tegwared", "Eluned", "Idwal", "Nerys", "Ithel", "Llŷr",
        "Ŵyn", "Anwen", "Bronach", "Caswallon", "Dilwen", "Elystan", "Ffion", "Gwawr", "Heledd"};
    private static final String[] FAMILY = {"Ffagan", "Zennorcott", "Wethercombe", "Quillfoss", "Brackenmoor", "Tregaskis",
        "Cawrdŵr", "Maesŷlan", "Borrowdale", "Quantock", "Penhallow", "Rhydderch", "Glanmorfa", "Thistlewick"};
    private static final String[] COURSES = {"Motor vehicle", "Hairdressing", "Bricklaying", "Joinery", "Health and social care",
        "Engineering", "Childcare", "Hospitality"};

    /** An invented MIS export; every {@code changedEvery}-th learner (0: none) has a new family name. */
    private byte[] csv(int changedEvery) {
        Random r = new Random(42);
        StringBuilder b = new StringBuilder("ULN,Given name,Family name,Date of birth,Course,Year of course,Start date,Group\r\n");
        for (int i = 0; i < learners; i++) {
            String family = FAMILY[r.nextInt(FAMILY.length)] + "-" + FAMILY[r.nextInt(FAMILY.length)];
            if (changedEvery > 0 && i % changedEvery == 0) {
                family = family + "-Newydd";
            }
            int group = i % groups;
            b.append(uln(i)).append(',').append(GIVEN[r.nextInt(GIVEN.length)]).append(',').append(family).append(',')
                    .append(String.format("%02d/%02d/%d", 1 + r.nextInt(28), 1 + r.nextInt(12), 2005 + r.nextInt(4))).append(',')
                    .append(COURSES[group % COURSES.length]).append(',').append(1 + r.nextInt(3)).append(",2025-09-01,Group ")
                    .append(group).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String uln(int n) {
        for (int k = n * 20; ; k++) {
            String nine = String.valueOf(600_000_000 + k);
            var d = UlnRule.checkDigit(nine);
            if (d.isPresent()) {
                return nine + d.getAsInt();
            }
        }
    }
}
