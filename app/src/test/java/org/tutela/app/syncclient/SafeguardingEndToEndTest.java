package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
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
import org.tutela.app.records.TypedStore;
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
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.concern.ConcernViewModel;
import org.tutela.app.ui.confidential.SafeguardingBannerViewModel;
import org.tutela.app.ui.learner.LearnerViewModel;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSecrets;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.alerts.MailSettings;
import org.tutela.sync.server.alerts.MailSettingsStore;
import org.tutela.sync.server.escrow.EscrowKeyFile;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.secondfactor.Totp;

/**
 * A tutor's real laptop (its vault, caseload, safeguarding watch and {@link SyncClient}) and the
 * safeguarding lead in a real headless Chromium, against the real server over HTTPS, on SQLite and
 * on a real PostgreSQL: the tutor raises an urgent concern offline and the laptop tells them to
 * phone the lead; it syncs, and keeps telling them until the lead has seen it; the lead
 * acknowledges it in the inbox and gives the tutor a task; at the laptop's next sync the warning
 * for that concern is gone, the concern shows the lead saw it and the task is on the learner; the
 * tutor marks it done and syncs, and the lead sees it done. Then the lead opens, with the escrow
 * key, a confidential tutorial the laptop sealed.
 *
 * <p>The second test is the same path from the email: the concern's arrival emails the lead and the
 * deputy through an SMTP server (GreenMail, in process) with no learner's or tutor's name and no
 * word of the concern in the email's bytes; the lead follows the email's link, signs in with the
 * password and sets up the second factor, lands on the concern, acknowledges it and gives the
 * tutor a task; the laptop's banner, concern screen and learner page (their view models) show what
 * the tutor sees; the tutor marks the task done, and the lead, signing in again from the link with
 * a fresh code, sees it done.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SafeguardingEndToEndTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String PW = "an account password 1";
    private static final String KEY_PASSPHRASE = "heron quarry lantern 1987";
    private static final String CANARY = "Quillbrook told me about the man at the bus station";
    private static final String SEALED_CANARY = "Yestin Marravel asked that this stays sealed";
    private static final String LEAD_PHONE = "01632 960123";
    private static final String ALERT_GIVEN = "Ysmerelda";
    private static final String ALERT_FAMILY = "Pellworthy-Quant";
    private static final String ALERT_WORDS = "Ysmerelda said her stepfather at Farrowgate Close locks her out";
    private static final String ALERT_TASK = "Ring the college nurse today and tell me what they say";
    private static EmbeddedPostgres postgres;

    @TempDir
    Path tmp;
    SyncServer server;
    Vault vault;
    ConsoleEndToEndTest.Browser browser;
    GreenMail smtp;

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
        if (smtp != null) {
            smtp.stop();
        }
    }

    private SyncServer start(String backend) throws Exception {
        return SyncServer.start(HeadOfficeSettings.of(backend, tmp.resolve("server"), postgres));
    }

    private static SyncReport sync(SyncClient laptop) {
        SyncReport r = laptop.sync(SyncProgress.NONE, () -> false);
        assertTrue(r.complete() && r.conflicts().isEmpty() && r.rejected().isEmpty(), r.toString());
        return r;
    }

    /** What each test starts from: head office with its lead, and the tutor's laptop enrolled and synced once. */
    private record HeadOffice(RecordStore store, SyncClient laptop, Learner learner, Path leadKey, Path otherKey) {
    }

    /**
     * Starts head office on {@code backend} with the safeguarding lead and a tutor, the lead's escrow
     * key (and another), the organisation (with the lead's phone), a group of the tutor's with one
     * learner imported; then the tutor's laptop enrols and syncs once.
     */
    private HeadOffice headOfficeAndLaptop(String backend, String given, String family) throws Exception {
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
                LEAD_PHONE, lead.publicKeyBase64(), List.of(HeadOfficeFixture.terms2025()), null, 90, 4));
        Groups groups = new Groups(server.database(), server.accounts());
        groups.create(Groups.Changes.named("Motor Vehicle A").withTutor("tutor.a"));
        LearnerImport importer = new LearnerImport(server.database(), server.accounts());
        importer.importFile(("ULN,Given name,Family name,Date of birth,Group\n" + HeadOfficeFixture.uln(1)
                + "," + given + "," + family + ",01/09/2008,Motor Vehicle A\n").getBytes(StandardCharsets.UTF_8), importer.mapping(null, List.of()),
                LearnerImport.Options.DEFAULT);

        vault = Vault.create(tmp.resolve("laptop.tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        RecordStore store = vault.records();
        SyncClient laptop = new SyncClient(store);
        laptop.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", PW.toCharArray(), "test laptop");
        sync(laptop);
        return new HeadOffice(store, laptop, Caseload.load(store).learners().get(0), leadKey, otherKey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anUrgentConcernIsSeenByTheLeadTheLaptopLearnsItAndTheTutorsTaskComesBackDone(String backend) throws Exception {
        HeadOffice ho = headOfficeAndLaptop(backend, "Llŷr", "Cawrdŵr");
        RecordStore store = ho.store();
        SyncClient laptop = ho.laptop();
        Learner learner = ho.learner();
        Path leadKey = ho.leadKey();
        Path otherKey = ho.otherKey();
        MutableClock clock = new MutableClock(Instant.now());
        SafeguardingWatch watch = new SafeguardingWatch(new TypedStore(() -> store), clock, () -> ConcernResponses.seenByLead(new TypedStore(() -> store)));

        // offline: an urgent concern, and a confidential tutorial sealed to the lead's key as well as its password
        Caseload caseload = Caseload.load(store);
        Concern concern = caseload.tutorialWrites().save(Concern.raise(learner.id(), ConcernCategory.SAFEGUARDING, LocalDate.now(), "Aderyn Tollan", CANARY));
        Tutorial tutorial = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), null, "Aderyn Tollan",
                TutorialPlan.on(LocalDate.now().minusDays(2), LocalTime.of(10, 0), "Room 4")).withOutcome(TutorialOutcome.HELD, null)
                .withForm(TutorialForm.builder().comments(SEALED_CANARY).build());
        new ConfidentialTutorials(new TypedStore(() -> store), "Aderyn Tollan", clock, Sleeper.REAL, Argon2Params.FLOOR)
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
        after.tutorialWrites().markTaskDone(tasks.get(0).id(), "Aderyn Tollan");
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

    /**
     * The whole path of one urgent concern, every part real: the laptop's vault and sync, head
     * office on this backend, the email through an SMTP server (GreenMail in process), the lead in
     * Chromium following the email's link through the password and the second factor, and the
     * laptop's own view models (the banner, the concern, the learner's tasks).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theLeadFollowsTheEmailsLinkThroughTheSecondFactorAndTheLaptopStopsWarningAndGetsTheTaskBackDone(String backend)
            throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        // invented names in plain ASCII, so that the search of the email's raw bytes cannot miss an encoded form
        HeadOffice ho = headOfficeAndLaptop(backend, ALERT_GIVEN, ALERT_FAMILY);
        RecordStore store = ho.store();
        SyncClient laptop = ho.laptop();
        Learner learner = ho.learner();
        String consoleAddress = "https://localhost:" + server.port();
        // the administrator's email settings, as the console's Email alerts page saves them
        new MailSettingsStore(server.database(), ServerSecrets.load(tmp.resolve("server")), java.time.Clock.systemUTC()).save(
                new MailSettings("127.0.0.1", smtp.getSmtp().getPort(), MailSettings.Security.NONE, null, null, "tutela@example.org",
                        "lead@example.org", "deputy@example.org", consoleAddress),
                MailSettingsStore.PasswordChange.KEEP, AuditTrail.Actor.commandLine(), server.accounts().audit());

        // offline: the tutor raises an urgent concern; after four hours the laptop's banner says to phone the lead
        Concern concern = Caseload.load(store).tutorialWrites().save(Concern.raise(learner.id(), ConcernCategory.SAFEGUARDING, LocalDate.now(),
                "Aderyn Tollan", ALERT_WORDS));
        assertTrue(concern.urgent());
        // the laptop's watch and banner as the workspace wires them, on a clock the test moves (it starts after the save)
        MutableClock clock = new MutableClock(Instant.now());
        SafeguardingWatch watch = new SafeguardingWatch(new TypedStore(() -> store), clock, () -> ConcernResponses.seenByLead(new TypedStore(() -> store)));
        SafeguardingBannerViewModel banner = new SafeguardingBannerViewModel(watch, TaskRunner.INLINE);
        banner.refresh();
        assertFalse(banner.showingProperty().get(), "not yet four hours");
        clock.advance(Duration.ofHours(4).plusMinutes(1));
        banner.refresh();
        assertTrue(banner.showingProperty().get());
        assertEquals("A safeguarding concern has not reached head office after 4 h 1 min. Phone the Designated Safeguarding Lead now on "
                + LEAD_PHONE + ".", banner.textProperty().get());

        // back online: the concern reaches head office; the lead and the deputy get one email each, with the link and nothing else
        sync(laptop);
        banner.refresh();
        assertTrue(banner.textProperty().get().startsWith("A safeguarding concern reached head office, but the Designated Safeguarding "
                + "Lead has not seen it"), banner.textProperty().get());
        assertEquals(Messages.get("concern.notSeenByLead"), concernScreen(store, learner, concern).seenByLeadProperty().get());
        server.alerts().wake();
        assertTrue(smtp.waitForIncomingEmail(60_000, 2), "the lead's and the deputy's emails");
        Thread.sleep(300);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(2, received.length, "one email each");
        String link = consoleAddress + "/console/alerts/concerns/" + concern.id();
        MimeMessage toLead = null;
        for (MimeMessage m : received) {
            assertEquals("A safeguarding concern is waiting in Tutela", m.getSubject());
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            m.writeTo(bytes);
            String raw = bytes.toString(StandardCharsets.UTF_8);
            String text = textOf(m);
            assertTrue(text.contains(link), text);
            for (String canary : List.of(ALERT_GIVEN, ALERT_FAMILY, "Pellworthy", ALERT_WORDS, "Farrowgate", "stepfather",
                    "Aderyn", "Tollan", "tutor.a", HeadOfficeFixture.uln(1), learner.id().toString(), "Motor Vehicle")) {
                assertFalse(raw.contains(canary), "the email's bytes carry " + canary);
                assertFalse(text.contains(canary), "the email's text carries " + canary);
            }
            if (m.getAllRecipients()[0].toString().equals("lead@example.org")) {
                toLead = m;
            }
        }
        assertNotNull(toLead, "the lead's email");

        // the lead follows the link: asked to sign in, the password, then the second factor set up (the test is the
        // authenticator app), and on to the concern
        browser = new ConsoleEndToEndTest.Browser(server.port());
        browser.driver.get(textOf(toLead).lines().map(String::strip).filter(l -> l.startsWith("https://")).findFirst().orElseThrow());
        assertTrue(path().startsWith("/console/sign-in?next="), path());
        browser.type("Username", "s.lead");
        browser.type("Password", PW);
        browser.press("Sign in");
        assertEquals("Set up your second factor", browser.heading());
        byte[] authenticator = Totp.fromBase32(browser.driver.findElement(By.id("secret")).getText());
        long usedStep = Totp.step(System.currentTimeMillis());
        browser.type("The 6 digits your app shows", Totp.code(authenticator, usedStep));
        browser.press("Turn on the second factor");
        browser.follow("I have kept them: continue");
        String concernPage = "/console/safeguarding/concerns/" + concern.id();
        assertEquals(concernPage, path(), "the email's link leads to the concern");
        assertTrue(browser.heading().contains(ALERT_GIVEN + " " + ALERT_FAMILY), browser.heading());
        assertTrue(browser.mainText().contains(ALERT_WORDS), "the lead reads what the tutor wrote");

        // the lead acknowledges it and gives the tutor a follow-up action
        browser.press("Acknowledge: I have seen this concern");
        assertTrue(browser.mainText().contains("Acknowledged by Corrin Maddox-Vale at"), browser.mainText());
        browser.type("Give the tutor a follow-up action", ALERT_TASK);
        browser.press("Give the tutor this task");
        assertTrue(browser.mainText().contains("The task was given to the tutor"), browser.mainText());

        // the laptop's next sync: the banner for that concern is gone, the concern says the lead saw it, the task is on the learner
        sync(laptop);
        banner.refresh();
        assertFalse(banner.showingProperty().get(), "the lead has seen it: no more 'phone the lead'");
        assertEquals("", banner.textProperty().get());
        assertEquals(Optional.empty(), watch.check());
        String seen = concernScreen(store, learner, concern).seenByLeadProperty().get();
        assertTrue(seen.startsWith("Seen by the safeguarding lead at ") && seen.endsWith(" on " + Formats.date(LocalDate.now()) + "."), seen);
        LearnerViewModel learnerPage = new LearnerViewModel(Caseload.load(store), learner.id(), TaskRunner.INLINE, "Aderyn Tollan");
        assertEquals(1, learnerPage.tasks().size());
        SafeguardingTask task = learnerPage.tasks().get(0);
        assertEquals(ALERT_TASK + " (given " + Formats.date(LocalDate.now()) + ")", learnerPage.describe(task));

        // the tutor marks it done on the learner's page and syncs
        learnerPage.markDone(task);
        assertEquals(Messages.get("learner.taskMarked"), learnerPage.taskMessageProperty().get());
        assertTrue(learnerPage.tasks().get(0).done());
        sync(laptop);

        // the lead, signed in again from the email's link with a fresh code, sees it done on the concern's page
        browser.press("Sign out");
        browser.driver.get(link);
        browser.type("Username", "s.lead");
        browser.type("Password", PW);
        browser.press("Sign in");
        assertTrue(path().startsWith("/console/second-factor?next="), path());
        // each step's code is taken once: the next step's code (one step ahead is allowed for a phone's clock) if this one was used
        long step = Math.max(Totp.step(System.currentTimeMillis()), usedStep + 1);
        browser.type("Code", Totp.code(authenticator, step));
        browser.press("Continue");
        assertEquals(concernPage, path());
        String tasks = browser.driver.findElement(By.cssSelector("ul.tasks")).getText();
        assertTrue(tasks.contains(ALERT_TASK) && tasks.contains("done ") && tasks.contains("by Aderyn Tollan"), tasks);
        assertFalse(tasks.contains("not done yet"), tasks);
        assertEquals(2, smtp.getReceivedMessages().length, "the acknowledgement and the task sent no more email");
    }

    /** The laptop's concern screen, as the tutor opens it from the learner's page. */
    private static ConcernViewModel concernScreen(RecordStore store, Learner learner, Concern concern) {
        return new ConcernViewModel(Caseload.load(store), TaskRunner.INLINE, learner.id(), concern.id(), "Aderyn Tollan");
    }

    /** The path and query of the page the browser shows. */
    private String path() {
        java.net.URI u = java.net.URI.create(browser.driver.getCurrentUrl());
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /** An email's text as its reader sees it (decoded, every text part). */
    private static String textOf(jakarta.mail.Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof jakarta.mail.Multipart multi) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multi.getCount(); i++) {
                all.append(textOf(multi.getBodyPart(i))).append('\n');
            }
            return all.toString();
        }
        return content instanceof String text ? text : "";
    }
}
