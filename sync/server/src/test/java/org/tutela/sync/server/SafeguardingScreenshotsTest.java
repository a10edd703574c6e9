package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.server.escrow.EscrowKeyFile;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.HeadOfficeRecords;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.safeguarding.SafeguardingCases;

/**
 * The safeguarding lead's pages, photographed at 1280x800 and at a tablet's 768x1024 into
 * {@code target/console-screenshots} for the head-office guide: the inbox with an overdue concern,
 * a concern with its tasks, actions and links, a learner's chronology and sealed tutorials,
 * opening one with the escrow key (refused, then opened), the audit of openings, and the counts
 * another role sees. Every person and learner is invented.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SafeguardingScreenshotsTest {
    static final String PW = "correct horse battery";
    static final String KEY_PASSPHRASE = "lead escrow passphrase 7";

    @TempDir
    Path tmp;
    SyncServer server;
    ConsoleBrowser browser;
    MovableClock clock;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed");
        clock = new MovableClock();
        server = SyncServer.start(new SqliteBackend().settings(tmp.resolve("server")), clock);
        browser = new ConsoleBrowser(server.port());
        browser.authenticator = new Authenticator(clock);
        Files.createDirectories(ConsoleScreenshotsTest.SHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    void shoot(String name) throws Exception {
        ConsoleScreenshotsTest.shoot(browser, name);
    }

    @Test
    void theSafeguardingPagesArePhotographed() throws Exception {
        Accounts a = server.accounts();
        AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
        a.addUser("s.lead", Role.SAFEGUARDING_LEAD, new UserDetails("Corrin Maddox-Vale", null, null), PW.toCharArray(), cli);
        a.addUser("m.manager", Role.MANAGER, new UserDetails("Eluned Parrish", null, null), PW.toCharArray(), cli);
        a.addUser("a.tollan", Role.TUTOR, new UserDetails("Aderyn Tollan", null, null), PW.toCharArray(), cli);
        EscrowKeys.KeyPair pair = EscrowKeys.generate(new SecureRandom());
        Path key = tmp.resolve("dsl-escrow.key");
        EscrowKeyFile.write(key, pair, KEY_PASSPHRASE.toCharArray(), Argon2Params.FLOOR);
        new OrganisationSetup(server.database()).set(new Organisation("Coedwig Training Partnership", null, "Corrin Maddox-Vale",
                "01632 960199", pair.publicKeyBase64(), List.of(), null, 90, 4));
        UUID group = new Groups(server.database(), a).create(Groups.Changes.named("Motor Vehicle L2 A").withTutor("a.tollan")).id();
        TestClient http = new TestClient(server.port(), server.certificate());
        TestClient.Device laptop = http.device("a.tollan", PW);
        String[][] people = {{"Llŷr", "Cawrdŵr", "1000000042"}, {"Ŵyn", "Maesŷlan", "1000000077"}, {"Tegwared", "Quillfoss", "1000000085"},
            {"Lowri", "Zennorcott", "1000000093"}};
        UUID[] learners = new UUID[people.length];
        for (int i = 0; i < people.length; i++) {
            learners[i] = UUID.randomUUID();
            laptop.push(List.of(new PushEntry(laptop.nextSequence++, learners[i], RecordKinds.LEARNER, 0L, null, 1L, Instant.now(), false,
                    false, false, learners[i], group, "{\"id\":\"" + learners[i] + "\",\"givenName\":\"" + people[i][0] + "\",\"familyName\":\""
                    + people[i][1] + "\",\"uln\":\"" + people[i][2] + "\",\"groupIds\":[\"" + group + "\"]}")));
        }
        UUID[] concerns = new UUID[4];
        String[][] what = {{"HOUSING", "Sofa-surfing at a friend's since the summer; asked about hostels.", "12"},
            {"SAFEGUARDING", "Said an older man waits for him after class and takes his phone. Seemed frightened to go home.", "0"},
            {"WELLBEING", "Tired in most sessions; says he works nights at a warehouse.", "3"},
            {"SAFEGUARDING", "Disclosed that a family member hits her when he has been drinking.", "1"}};
        int[] about = {0, 0, 2, 3};
        for (int i = 0; i < concerns.length; i++) {
            concerns[i] = UUID.randomUUID();
            LocalDate raised = LocalDate.now().minusDays(Integer.parseInt(what[i][2]));
            String payload = "{\"id\":\"" + concerns[i] + "\",\"learnerId\":\"" + learners[about[i]] + "\",\"category\":\"" + what[i][0]
                    + "\",\"raisedOn\":\"" + raised + "\",\"raisedBy\":\"Aderyn Tollan\",\"description\":\"" + what[i][1]
                    + "\",\"status\":\"OPEN\",\"followUps\":[{\"date\":\"" + raised + "\",\"note\":\"Spoke to the learner after the session\","
                    + "\"by\":\"Aderyn Tollan\"}]}";
            laptop.push(List.of(new PushEntry(laptop.nextSequence++, concerns[i], RecordKinds.CONCERN, 0L, null, 1L,
                    Instant.now().minus(Duration.ofHours(1)), false, false, what[i][0].equals("SAFEGUARDING"), learners[about[i]], null, payload)));
            if (i == 1) {
                clock.advance(Duration.ofHours(6)); // the first safeguarding concern has waited six hours when the lead looks
            }
        }
        UUID tutorial = UUID.randomUUID();
        String content = "{\"id\":\"" + tutorial + "\",\"kind\":\"ONE_TO_ONE_REVIEW\",\"tutor\":\"Aderyn Tollan\",\"form\":{\"progressComments\":"
                + "\"Worried about being followed home; asked that this stays between us.\",\"agreedActions\":\"Check in weekly\"}}";
        SealedEnvelope e = Sealing.seal(new SealedEnvelope.Header(tutorial, learners[0], null, "Aderyn Tollan", LocalDate.now().minusDays(9),
                "ONE_TO_ONE_REVIEW", "HELD", null, Instant.now()), content.getBytes(StandardCharsets.UTF_8), "tutorial password 55".toCharArray(),
                Argon2Params.FLOOR, pair.publicKey());
        laptop.push(List.of(new PushEntry(laptop.nextSequence++, tutorial, RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(), false, true,
                false, learners[0], null, new String(Sealing.toJson(e), StandardCharsets.UTF_8))));
        UUID opening = UUID.randomUUID();
        server.database().inTransaction(c -> new HeadOfficeRecords(server.database()).write(c, List.of(new HeadOfficeRecords.Change(opening,
                RecordKinds.CONFIDENTIAL_OPENING, learners[0], null, "{\"id\":\"" + opening + "\",\"tutorialId\":\"" + tutorial
                + "\",\"who\":\"Aderyn Tollan\",\"at\":\"" + Instant.now().minus(Duration.ofDays(8)) + "\",\"method\":\"PASSWORD\"}"))));

        SafeguardingCases cases = new SafeguardingCases(server.database(), a, clock);
        AuditTrail.Actor lead = AuditTrail.Actor.console("s.lead", Role.SAFEGUARDING_LEAD);
        cases.acknowledge(concerns[0], lead);
        cases.acknowledge(concerns[3], lead);
        cases.record(concerns[3], SafeguardingCases.REFERRAL, "local-authority", "Phoned the children's services front door; a social worker"
                + " will visit this week.", lead);
        UUID task = cases.assignTask(concerns[3], "Ask Lowri at Thursday's review whether she feels safe at home, and tell me today.", lead);
        laptop.push(List.of(new PushEntry(laptop.nextSequence++, task, RecordKinds.TASK_DONE, 0L, null, 1L, Instant.now(), false, false, false,
                learners[3], null, "{\"id\":\"" + task + "\",\"concernId\":\"" + concerns[3] + "\",\"learnerId\":\"" + learners[3]
                + "\",\"doneAt\":\"" + clock.instant() + "\",\"doneBy\":\"Aderyn Tollan\"}")));
        cases.assignTask(concerns[3], "Keep her seat near the door in group sessions.", lead);
        cases.link(concerns[1], learners[1], lead);

        browser.signIn("s.lead", PW);
        browser.open("/console/safeguarding");
        shoot("40-inbox");
        browser.open("/console/safeguarding/concerns/" + concerns[3]);
        shoot("41-concern");
        browser.open("/console/safeguarding/concerns/" + concerns[1] + "?find=zenn");
        browser.press("Close the concern");
        shoot("42-concern-problems");
        browser.open("/console/safeguarding/learners/" + learners[0]);
        shoot("43-chronology");
        browser.clickAndWait(browser.driver.findElement(By.partialLinkText("Open with the escrow key")));
        browser.field("The escrow private key file").sendKeys(key.toString());
        browser.type("The key file's passphrase", "not the right one");
        browser.type("Why you are opening it", "The learner's safety: a disclosure in a later concern (see the chronology).");
        browser.press("Record the opening and open the tutorial");
        shoot("44-envelope-refused");
        browser.field("The escrow private key file").sendKeys(key.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.type("Why you are opening it", "The learner's safety: a disclosure in a later concern (see the chronology).");
        browser.press("Record the opening and open the tutorial");
        shoot("45-envelope-opened");
        browser.open("/console/safeguarding/openings");
        shoot("46-openings");
        browser.press("Sign out");
        browser.signIn("m.manager", PW);
        browser.open("/console/safeguarding");
        shoot("47-counts");
        assertTrue(Files.size(ConsoleScreenshotsTest.SHOTS.resolve("40-inbox.png")) > 10_000);
    }
}
