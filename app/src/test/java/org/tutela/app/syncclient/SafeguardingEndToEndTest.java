package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.tutela.app.HeadOfficeFixture;
import org.tutela.app.confidential.ConfidentialFixtures.MutableClock;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.SafeguardingWarning;
import org.tutela.app.confidential.SafeguardingWatch;
import org.tutela.app.confidential.Sleeper;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.SafeguardingTask;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.ConcernResponses;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.escrow.EscrowKeyFile;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;

/**
 * A tutor's real laptop (its vault, caseload, safeguarding watch and {@link SyncClient}) and the
 * safeguarding lead in a real headless Chromium, against the real server over HTTPS, on SQLite and
 * on a real PostgreSQL: the tutor raises an urgent concern offline and the laptop tells them to
 * phone the lead; it syncs, and keeps telling them until the lead has seen it; the lead
 * acknowledges it in the inbox and gives the tutor a task; at the laptop's next sync the warning
 * for that concern is gone, the concern shows the lead saw it and the task is on the learner; the
 * tutor marks it done and syncs, and the lead sees it done. Then the lead opens, with the escrow
 * key, a confidential tutorial the laptop sealed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SafeguardingEndToEndTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String PW = "an account password 1";
    private static final String KEY_PASSPHRASE = "heron quarry lantern 1987";
    private static final String CANARY = "Quillbrook told me about the man at the bus station";
    private static final String SEALED_CANARY = "Yestin Marravel asked that this stays sealed";
    private static EmbeddedPostgres postgres;

    @TempDir
    Path tmp;
    SyncServer server;
    Vault vault;
    ConsoleEndToEndTest.Browser browser;

    @BeforeAll
    static void startPostgres() throws Exception {
        Assumptions.assumeTrue(ConsoleEndToEndTest.Browser.available(), "Chromium and chromedriver are not installed");
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (vault != null) {
            vault.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SyncServer start(String backend) throws Exception {
        ServerSettings s = ServerSettings.defaults().with("data-dir", tmp.resolve("server").toString()).with("port", "0")
                .with("host", "127.0.0.1");
        if (backend.equals("postgresql")) {
            String name = "safeguarding" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            s = s.with("db.url", postgres.getJdbcUrl("postgres", name)).with("db.user", "postgres");
        }
        return SyncServer.start(s);
    }

    private static SyncReport sync(SyncClient laptop) {
        SyncReport r = laptop.sync(SyncProgress.NONE, () -> false);
        assertTrue(r.complete() && r.conflicts().isEmpty() && r.rejected().isEmpty(), r.toString());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anUrgentConcernIsSeenByTheLeadTheLaptopLearnsItAndTheTutorsTaskComesBackDone(String backend) throws Exception {
        server = start(backend);
        AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
        server.accounts().addUser("s.lead", Role.SAFEGUARDING_LEAD, new UserDetails("Corrin Maddox-Vale", null, null), PW.toCharArray(), cli);
        server.accounts().addUser("tutor.a", Role.TUTOR, new UserDetails("Aderyn Tollan", null, null), PW.toCharArray(), cli);
        EscrowKeys.KeyPair lead = EscrowKeys.generate(new SecureRandom());
        Path leadKey = tmp.resolve("dsl-escrow.key");
        EscrowKeyFile.write(leadKey, lead, KEY_PASSPHRASE.toCharArray(), Argon2Params.FLOOR);
        Path otherKey = tmp.resolve("another.key");
        EscrowKeyFile.write(otherKey, EscrowKeys.generate(new SecureRandom()), KEY_PASSPHRASE.toCharArray(), Argon2Params.FLOOR);
        new OrganisationSetup(server.database()).set(new Organisation("Cwmderyn Learning Partnership", null, "Corrin Maddox-Vale",
                "01632 960123", lead.publicKeyBase64(), List.of(HeadOfficeFixture.terms2025()), null, 90, 4));
        Groups groups = new Groups(server.database(), server.accounts());
        groups.create(Groups.Changes.named("Motor Vehicle A").withTutor("tutor.a"));
        LearnerImport importer = new LearnerImport(server.database(), server.accounts());
        importer.importFile(("ULN,Given name,Family name,Date of birth,Group\n" + HeadOfficeFixture.uln(1)
                + ",Llŷr,Cawrdŵr,01/09/2008,Motor Vehicle A\n").getBytes(StandardCharsets.UTF_8), importer.mapping(null, List.of()),
                LearnerImport.Options.DEFAULT);

        // the tutor's laptop, enrolled and synced once
        vault = Vault.create(tmp.resolve("laptop.tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        RecordStore store = vault.records();
        SyncClient laptop = new SyncClient(store);
        laptop.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", PW.toCharArray(), "test laptop");
        sync(laptop);
        Learner learner = Caseload.load(store).learners().get(0);
        MutableClock clock = new MutableClock(Instant.now());
        SafeguardingWatch watch = new SafeguardingWatch(() -> store, clock, () -> ConcernResponses.seenByLead(store));

        // offline: an urgent concern, and a confidential tutorial sealed to the lead's key as well as its password
        Caseload caseload = Caseload.load(store);
        Concern concern = caseload.save(Concern.raise(learner.id(), ConcernCategory.SAFEGUARDING, LocalDate.now(), "Aderyn Tollan", CANARY));
        Tutorial tutorial = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), null, "Aderyn Tollan",
                TutorialPlan.on(LocalDate.now().minusDays(2), LocalTime.of(10, 0), "Room 4")).withOutcome(TutorialOutcome.HELD, null)
                .withForm(TutorialForm.builder().comments(SEALED_CANARY).build());
        new ConfidentialTutorials(() -> store, "Aderyn Tollan", clock, Sleeper.REAL, Argon2Params.FLOOR)
                .seal(tutorial, "a tutorial password 9".toCharArray());
        assertEquals(Optional.empty(), watch.check(), "not yet four hours");
        clock.advance(Duration.ofHours(4).plusMinutes(1));
        SafeguardingWarning offline = watch.check().orElseThrow();
        assertEquals(List.of(concern.id()), offline.concernIds());
        assertEquals(1, offline.notAtHeadOffice(), "phone the lead: it has not reached head office");

        // back online: it reaches head office, but the lead has not seen it, so the laptop still says phone
        sync(laptop);
        SafeguardingWarning waiting = watch.check().orElseThrow();
        assertEquals(List.of(concern.id()), waiting.concernIds());
        assertTrue(waiting.allAtHeadOffice());

        // the lead: the inbox, the concern, acknowledge, a task for the tutor
        browser = new ConsoleEndToEndTest.Browser(server.port());
        browser.signIn("s.lead", PW);
        browser.follow("Safeguarding");
        assertEquals("Safeguarding inbox", browser.heading());
        assertTrue(browser.mainText().contains("Llŷr Cawrdŵr"), browser.mainText());
        browser.follow("Llŷr Cawrdŵr");
        assertTrue(browser.mainText().contains(CANARY));
        browser.press("Acknowledge: I have seen this concern");
        browser.type("Give the tutor a follow-up action", "Ring Llŷr's employer today and tell me what they say");
        browser.press("Give the tutor this task");
        assertTrue(browser.mainText().contains("The task was given to the tutor"), browser.mainText());

        // the laptop's next sync: the warning for that concern is gone, the concern says the lead saw it, the task is there
        sync(laptop);
        assertEquals(Optional.empty(), watch.check(), "the lead has seen it: no more 'phone the lead'");
        Caseload after = Caseload.load(store);
        assertTrue(after.damaged().isEmpty(), after.damaged().toString());
        assertTrue(after.response(concern.id()).orElseThrow().seen());
        List<SafeguardingTask> tasks = after.tasksOf(learner.id());
        assertEquals(1, tasks.size());
        assertEquals("Ring Llŷr's employer today and tell me what they say", tasks.get(0).text());
        assertFalse(tasks.get(0).done());

        // the tutor does it and syncs; the lead sees it done
        after.markTaskDone(tasks.get(0).id(), "Aderyn Tollan");
        sync(laptop);
        assertTrue(Caseload.load(store).tasksOf(learner.id()).get(0).done());
        browser.open("/console/safeguarding");
        assertTrue(browser.mainText().contains("1 of 1 done"), browser.mainText());
        browser.follow("Llŷr Cawrdŵr");
        assertTrue(browser.driver.findElement(By.cssSelector("ul.tasks")).getText().contains("done "), browser.mainText());
        assertTrue(browser.driver.findElement(By.cssSelector("ul.tasks")).getText().contains("Aderyn Tollan"));

        // the confidential tutorial the laptop sealed: no reason, another key, then the right key and a reason
        browser.follow("Llŷr Cawrdŵr");
        assertTrue(browser.heading().startsWith("Safeguarding chronology"), browser.heading());
        browser.loads(browser.driver.findElement(By.partialLinkText("Open with the escrow key")));
        Path log = tmp.resolve("server").resolve("escrow").resolve("audit-log.jsonl");
        browser.field("The escrow private key file").sendKeys(leadKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.press("Record the opening and open the tutorial");
        assertFalse(browser.mainText().contains(SEALED_CANARY));
        assertFalse(Files.exists(log) && !Files.readAllLines(log).isEmpty(), "no reason: nothing opened or tried");
        browser.field("The escrow private key file").sendKeys(otherKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.type("Why you are opening it", "Disclosure in a safeguarding concern");
        browser.press("Record the opening and open the tutorial");
        assertFalse(browser.mainText().contains(SEALED_CANARY));
        assertTrue(browser.mainText().contains("This tutorial was not sealed to that key"), browser.mainText());
        browser.field("The escrow private key file").sendKeys(leadKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.press("Record the opening and open the tutorial");
        assertTrue(browser.mainText().contains(SEALED_CANARY), browser.mainText());
        List<String> entries = Files.readAllLines(log);
        assertEquals(2, entries.size());
        assertTrue(entries.get(1).contains("\"outcome\":\"opened\"") && entries.get(1).contains(tutorial.id().toString())
                && entries.get(1).contains("Disclosure in a safeguarding concern"), entries.get(1));
        assertFalse(String.join("\n", entries).contains(SEALED_CANARY), "the log records the opening, never the content");
    }
}
