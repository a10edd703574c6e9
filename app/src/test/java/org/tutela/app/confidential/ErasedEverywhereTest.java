package org.tutela.app.confidential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.vault.VaultForensics.filesHolding;
import static org.tutela.app.vault.VaultForensics.filesOf;
import static org.tutela.app.vault.VaultForensics.storedCiphertext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.records.Caseload;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.syncclient.SyncProgress;
import org.tutela.app.syncclient.SyncReport;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.tutorial.TutorialFormViewModel;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.VaultForensics;

import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * End to end, over real HTTPS, with the real server on SQLite and on PostgreSQL and two laptops
 * of one tutor: what was synced open and is then sealed as confidential, or deleted, leaves no
 * readable copy anywhere: not in either laptop's vault file or its log (no earlier envelope, which
 * would open with the vault passphrase alone), not in head office's database files (SQLite) and in
 * no table of head office's PostgreSQL.
 */
class ErasedEverywhereTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String ACCOUNT_PASSWORD = "tutor account password 1";
    private static final String TUTOR = "Tutor Bexamund";
    private static final String CANARY = "Ottoline Brackenbury spoke about the lock-keeper's cottage";
    private static final String DELETED_NAME = "Peregrine Wystanholt";
    private static EmbeddedPostgres postgres;
    private static int databases;

    @TempDir
    Path tmp;
    SyncServer server;
    String postgresName;
    final List<Vault> vaults = new ArrayList<>();

    @AfterEach
    void stop() {
        vaults.forEach(Vault::close);
        if (server != null) {
            server.close();
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private void startServer(String database) throws Exception {
        ServerSettings settings = ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString())
                .with("port", "0").with("host", "127.0.0.1");
        if (database.equals("postgresql")) {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            }
            postgresName = "erased" + (++databases);
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + postgresName);
            }
            settings = settings.with("db.url", postgres.getJdbcUrl("postgres", postgresName)).with("db.user", "postgres");
        }
        server = SyncServer.start(settings);
        server.accounts().addUser("tutor.a", Role.TUTOR, ACCOUNT_PASSWORD.toCharArray());
        if (database.equals("sqlite")) {
            try (Connection c = server.database().connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA secure_delete")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "head office's connections overwrite what they delete");
            }
        }
    }

    private Vault laptop(String name) {
        Vault vault = Vault.create(tmp.resolve(name + ".tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        vaults.add(vault);
        return vault;
    }

    /** A small invented caseload around the records under test, as on a real laptop and at a real head office. */
    private void caseloadAround(Vault vault) throws Exception {
        org.tutela.app.records.demo.DemoCaseload.Data data = org.tutela.app.records.demo.DemoCaseload.fill(vault.records(), 3,
                org.tutela.app.records.demo.DemoCaseload.Scale.TINY, LocalDate.now());
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, data.learners().stream().map(Learner::id).toList());
        server.accounts().assign("tutor.a", Accounts.SCOPE_GROUP, data.groups().stream().map(org.tutela.app.domain.Group::id).toList());
    }

    private SyncClient enrolled(RecordStore store) {
        SyncClient client = new SyncClient(store);
        client.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", ACCOUNT_PASSWORD.toCharArray(), "laptop");
        return client;
    }

    private static void syncWhole(SyncClient client) {
        SyncReport report = client.sync(SyncProgress.NONE, () -> false);
        assertTrue(report.complete());
        assertTrue(report.rejected().isEmpty(), "nothing refused: " + client.rejections());
        assertTrue(report.conflicts().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aTutorialSealedAfterItSyncedOpenLeavesNoOpenCopyAnywhere(String database) throws Exception {
        startServer(database);
        Vault first = laptop("first");
        Vault second = laptop("second");
        caseloadAround(first);
        Caseload caseload = Caseload.load(first.records());
        Learner learner = caseload.learnerWrites().save(Learner.builder().givenName("Quenby").familyName("Marchwood").build());
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(learner.id()));
        LocalDate day = caseload.today();
        Tutorial planned = caseload.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), null, TUTOR,
                TutorialPlan.on(day, LocalTime.of(10, 0), "Room 4")));
        Tutorial held = caseload.tutorialWrites().hold(planned.id(), day);

        // The tutor types; the form saves its draft a moment later, open.
        TutorialFormViewModel form = new TutorialFormViewModel(caseload, TaskRunner.INLINE, held, TUTOR, false);
        form.commentsProperty().set(CANARY);
        form.saveDraft();
        assertEquals(CANARY, Caseload.load(first.records()).tutorial(held.id()).orElseThrow().form().comments());
        byte[] openHere = storedCiphertext(first.file(), held.id());

        // An auto-sync runs; the tutor's other laptop pulls the open version.
        SyncClient one = enrolled(first.records());
        SyncClient two = enrolled(second.records());
        syncWhole(one);
        syncWhole(two);
        assertEquals(CANARY, Caseload.load(second.records()).tutorial(held.id()).orElseThrow().form().comments());
        byte[] openThere = storedCiphertext(second.file(), held.id());
        assertFalse(headOfficeHolds(database, CANARY).isEmpty(), "control: head office holds the open text before sealing");
        assertFalse(filesHolding(openThere, filesOf(second.file())).isEmpty(), "control: the other laptop holds it");

        // The learner asks for it to be kept confidential.
        ConfidentialTutorials tutorials = new ConfidentialTutorials(new TypedStore(first::records), TUTOR, Clock.systemUTC(), d -> { }, Argon2Params.FLOOR);
        tutorials.seal(caseload.tutorial(held.id()).orElseThrow(), ConfidentialFixtures.PASSWORD.toCharArray());
        assertTrue(first.records().pendingOutbox(10).stream().anyMatch(e -> e.recordId().equals(held.id()) && e.urgent()),
                "the sealed version is queued urgent");
        syncWhole(one);
        syncWhole(two);

        assertTrue(second.records().get(held.id()).orElseThrow().sealed(), "the other laptop holds the sealed version");
        assertEquals(List.of(), filesHolding(openHere, filesOf(first.file())), "the open draft on this laptop");
        assertEquals(List.of(), filesHolding(openThere, filesOf(second.file())), "the open copy on the other laptop");
        assertEquals(List.of(), plaintextIn(filesOf(first.file()), CANARY));
        assertEquals(List.of(), plaintextIn(filesOf(second.file()), CANARY));
        assertEquals(List.of(), headOfficeHolds(database, CANARY), "head office keeps no open copy");

        // The content is not lost: the other laptop opens it with its password.
        ConfidentialTutorials there = new ConfidentialTutorials(new TypedStore(second::records), TUTOR, Clock.systemUTC(), d -> { }, Argon2Params.FLOOR);
        try (OpenedTutorial opened = there.open(held.id(), ConfidentialFixtures.PASSWORD.toCharArray())) {
            assertEquals(CANARY, opened.tutorial().form().comments());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDeletedLearnerIsGoneFromHeadOfficeAndTheOtherLaptop(String database) throws Exception {
        startServer(database);
        Vault first = laptop("first");
        Vault second = laptop("second");
        caseloadAround(first);
        Caseload caseload = Caseload.load(first.records());
        Learner kept = caseload.learnerWrites().save(Learner.builder().givenName("Quenby").familyName("Marchwood").build());
        Learner leaving = caseload.learnerWrites().save(Learner.builder().givenName("Peregrine").familyName("Wystanholt").build());
        server.accounts().assign("tutor.a", Accounts.SCOPE_LEARNER, List.of(kept.id(), leaving.id()));
        SyncClient one = enrolled(first.records());
        SyncClient two = enrolled(second.records());
        syncWhole(one);
        syncWhole(two);
        byte[] here = storedCiphertext(first.file(), leaving.id());
        byte[] there = storedCiphertext(second.file(), leaving.id());
        assertFalse(headOfficeHolds(database, DELETED_NAME.split(" ")[1]).isEmpty(), "control: head office holds the learner");

        first.records().delete(leaving.id());
        syncWhole(one);
        syncWhole(two);

        assertTrue(second.records().get(leaving.id()).orElseThrow().deleted(), "the tombstone reached the other laptop");
        assertEquals(List.of(), filesHolding(here, filesOf(first.file())));
        assertEquals(List.of(), filesHolding(there, filesOf(second.file())));
        assertEquals(List.of(), headOfficeHolds(database, DELETED_NAME.split(" ")[1]), "head office keeps no copy");
        assertFalse(headOfficeHolds(database, "Marchwood").isEmpty(), "the learner kept is still there");
    }

    /** Where head office holds the text: SQLite, every file in its data folder; PostgreSQL, every row of every table. */
    private List<String> headOfficeHolds(String database, String text) throws Exception {
        if (database.equals("sqlite")) {
            try (Stream<Path> walk = Files.walk(tmp.resolve("server"))) {
                return plaintextIn(walk.filter(Files::isRegularFile).toList(), text);
            }
        }
        List<String> found = new ArrayList<>();
        try (Connection c = postgres.getDatabase("postgres", postgresName).getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.contains("records") && tables.contains("receipts"), "every table is searched: " + tables);
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table + "\" t WHERE strpos(t::text, '"
                        + text.replace("'", "''") + "') > 0")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        found.add(table + " (" + rs.getInt(1) + " rows)");
                    }
                }
            }
        }
        return found;
    }

    private static List<String> plaintextIn(List<Path> files, String text) throws Exception {
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            if (Files.isRegularFile(f) && VaultForensics.indexOf(Files.readAllBytes(f), text.getBytes(StandardCharsets.UTF_8)) >= 0) {
                found.add(f.getFileName().toString());
            }
        }
        return found;
    }
}
