package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.server.escrow.EscrowKeyFile;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.HeadOfficeRecords;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;

/**
 * The safeguarding lead's pages in a real headless Chromium against the real server over HTTPS,
 * fed by a tutor's device pushing real concerns, learners and sealed tutorials: the inbox, a
 * concern's acknowledgement and tasks reaching the tutor's laptop, the chronology and its PDF,
 * opening a sealed tutorial with the escrow key, the audit of openings, and what each other role
 * can and cannot do. Subclasses run it on SQLite and on a real PostgreSQL.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
abstract class SafeguardingConsoleTest {
    static final String PW = "correct horse battery";
    static final String KEY_PASSPHRASE = "lead escrow passphrase 7";
    /** Invented words that must never reach the audit trail, a log, a count page or another role. */
    static final String CANARY = "Zebulonquist disclosed at the Quarrybank site";
    static final String SEALED_CANARY = "Mordwenna Plaskett said it in confidence";
    static ConsoleBrowser browser;

    @TempDir
    Path tmp;
    SyncServer server;
    MovableClock clock;
    TestClient http;
    TestClient.Device laptop;
    UUID group;
    UUID learner;
    UUID other;
    Path leadKey;
    Path otherKey;

    abstract TestBackend backend();

    @BeforeAll
    static void checkBrowser() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @BeforeEach
    void start() throws Exception {
        clock = new MovableClock();
        server = SyncServer.start(backend().settings(tmp.resolve("server")), clock);
        http = new TestClient(server.port(), server.certificate());
        Accounts a = server.accounts();
        AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
        a.addUser("head.office", Role.ADMINISTRATOR, new UserDetails("Brannoch Weltrey", null, null), PW.toCharArray(), cli);
        a.addUser("s.lead", Role.SAFEGUARDING_LEAD, new UserDetails("Corrin Maddox-Vale", null, null), PW.toCharArray(), cli);
        a.addUser("p.lead", Role.PASTORAL_LEAD, new UserDetails("Isolde Fenwright", null, null), PW.toCharArray(), cli);
        a.addUser("m.manager", Role.MANAGER, new UserDetails("Mirelle Ostbury", null, null), PW.toCharArray(), cli);
        a.addUser("t.tutor", Role.TUTOR, new UserDetails("Tamsel Quarrow", null, null), PW.toCharArray(), cli);

        // the lead's escrow key pair (and another lead's), their public key in the organisation
        EscrowKeys.KeyPair pair = EscrowKeys.generate(new SecureRandom());
        leadKey = tmp.resolve("dsl-escrow.key");
        EscrowKeyFile.write(leadKey, pair, KEY_PASSPHRASE.toCharArray(), Argon2Params.FLOOR);
        EscrowKeys.KeyPair another = EscrowKeys.generate(new SecureRandom());
        otherKey = tmp.resolve("another-lead.key");
        EscrowKeyFile.write(otherKey, another, KEY_PASSPHRASE.toCharArray(), Argon2Params.FLOOR);
        new OrganisationSetup(server.database()).set(new Organisation("Coedwig Training Partnership", null, "Corrin Maddox-Vale",
                "01632 960199", pair.publicKeyBase64(), List.of(), null, 90, 4));

        group = new Groups(server.database(), a).create(Groups.Changes.named("Plastering L2 Monday").withTutor("t.tutor")).id();
        laptop = http.device("t.tutor", PW);
        learner = UUID.randomUUID();
        other = UUID.randomUUID();
        push(learnerEntry(learner, "Llŷr", "Cawrdŵr", "1000000042"), learnerEntry(other, "Ŵyn", "Maesŷlan", "1000000077"));

        if (browser == null) {
            browser = new ConsoleBrowser(server.port());
        }
        browser.use(server.port());
        browser.authenticator = new Authenticator(clock);
        browser.size(1280, 800);
        browser.driver.get("https://localhost:" + server.port() + "/console/static/console.css");
        browser.driver.manage().deleteAllCookies();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- what the tutor's laptop sends

    PushEntry learnerEntry(UUID id, String given, String family, String uln) {
        String payload = "{\"id\":\"" + id + "\",\"givenName\":\"" + given + "\",\"familyName\":\"" + family + "\",\"uln\":\"" + uln
                + "\",\"groupIds\":[\"" + group + "\"]}";
        return new PushEntry(laptop.nextSequence++, id, RecordKinds.LEARNER, 0L, null, 1L, Instant.now(), false, false, false, id, group,
                payload);
    }

    /** A concern as the app writes it. */
    PushEntry concern(UUID id, UUID about, String category, String description, LocalDate raisedOn) {
        String payload = "{\"id\":\"" + id + "\",\"learnerId\":\"" + about + "\",\"category\":\"" + category + "\",\"raisedOn\":\""
                + raisedOn + "\",\"raisedBy\":\"Tamsel Quarrow\",\"description\":\"" + description + "\",\"status\":\"OPEN\","
                + "\"followUps\":[{\"date\":\"" + raisedOn + "\",\"note\":\"Spoke to the learner after class\",\"by\":\"Tamsel Quarrow\"}]}";
        boolean urgent = category.equals("SAFEGUARDING");
        return new PushEntry(laptop.nextSequence++, id, RecordKinds.CONCERN, 0L, null, 1L, Instant.now().minusSeconds(3600), false,
                false, urgent, about, null, payload);
    }

    void push(PushEntry... entries) throws Exception {
        var r = laptop.push(List.of(entries));
        for (var result : r.results()) {
            assertEquals(EntryStatus.APPLIED, result.status(), String.valueOf(result));
        }
    }

    /** A confidential tutorial sealed with its password and to the lead's key, as the laptop seals it. */
    UUID sealedTutorial(LocalDate date) throws Exception {
        UUID id = UUID.randomUUID();
        String content = "{\"id\":\"" + id + "\",\"learnerId\":\"" + learner + "\",\"kind\":\"ONE_TO_ONE_REVIEW\",\"form\":{\"comments\":\""
                + SEALED_CANARY + "\"}}";
        Organisation org = new OrganisationSetup(server.database()).get().orElseThrow();
        SealedEnvelope e = Sealing.seal(new SealedEnvelope.Header(id, learner, null, "Tamsel Quarrow", date, "ONE_TO_ONE_REVIEW", "HELD",
                null, Instant.now()), content.getBytes(StandardCharsets.UTF_8), "tutorial password 55".toCharArray(), Argon2Params.FLOOR,
                EscrowKeys.decodePublicKey(org.escrowPublicKey()));
        push(new PushEntry(laptop.nextSequence++, id, RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(), false, true, false, learner, null,
                new String(Sealing.toJson(e), StandardCharsets.UTF_8)));
        return id;
    }

    List<SyncRecord> pulledResponses() throws Exception {
        return laptop.pullAll(0, 500).stream().filter(r -> RecordKinds.CONCERN_RESPONSE.equals(r.kind())).toList();
    }

    // ---- looking at the server

    long count(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<AuditTrail.Event> audit() throws Exception {
        return server.accounts().audit().page(null, null, 1000);
    }

    Path escrowLog() {
        return tmp.resolve("server").resolve("escrow").resolve("audit-log.jsonl");
    }

    List<String> escrowLines() throws Exception {
        return Files.exists(escrowLog()) ? Files.readAllLines(escrowLog()) : List.of();
    }

    /** Every file the server wrote, searched for the words (the database, its log, the escrow log). */
    void noFileHolds(String words) throws Exception {
        try (Stream<Path> files = Files.walk(tmp.resolve("server"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                assertFalse(text.contains(words), f + " holds " + words);
            }
        }
    }

    record Answer(int status, String body, Map<String, List<String>> headers) {
    }

    Answer get(String path) throws Exception {
        HttpResponse<String> r = http.http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .header("Cookie", "__Host-tutela-console=" + browser.cookie("__Host-tutela-console")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().map());
    }

    Answer post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).reduce((x, y) -> x + "&" + y).orElse("");
        HttpResponse<String> r = http.http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .header("Cookie", "__Host-tutela-console=" + browser.cookie("__Host-tutela-console"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().map());
    }

    String csrf() {
        return browser.driver.findElement(By.cssSelector("input[name=csrf]")).getAttribute("value");
    }

    /** The classes of the learner's row in the inbox ("" for none). */
    String inboxRowOf(String learnerName) {
        String c = browser.driver.findElement(By.xpath("//table[contains(@class,'inbox')]//tr[th//a[normalize-space(.)='" + learnerName
                + "']]")).getAttribute("class");
        return c == null ? "" : c;
    }

    // ---- the tests

    @Test
    void theLeadSeesEachConcernAsItArrivesAcknowledgesItAndTheTutorsTaskComesBackDone() throws Exception {
        UUID wellbeing = UUID.randomUUID();
        push(concern(wellbeing, other, "WELLBEING", "Tired in class most weeks", LocalDate.now().minusDays(3)));
        UUID urgent = UUID.randomUUID();
        push(concern(urgent, learner, "SAFEGUARDING", CANARY, LocalDate.now()));

        browser.signIn("s.lead", PW);
        browser.follow("Safeguarding");
        assertEquals("Safeguarding inbox", browser.heading());
        List<String> order = browser.driver.findElements(By.cssSelector("table.inbox tbody th a")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Llŷr Cawrdŵr", "Ŵyn Maesŷlan"), order, "the safeguarding concern first");
        String row = browser.driver.findElement(By.cssSelector("table.inbox tbody tr")).getText();
        assertTrue(row.contains("Safeguarding") && row.contains("by Tamsel Quarrow") && row.contains("saved "), row);
        assertTrue(row.contains("just now") || row.contains("minute"), "when it reached head office: " + row);
        assertFalse(inboxRowOf("Llŷr Cawrdŵr").contains("row-overdue"), "not red yet");

        // five hours later, still not acknowledged: red, and said at the top
        clock.advance(Duration.ofHours(5));
        browser.signIn("s.lead", PW);
        browser.open("/console/safeguarding");
        assertEquals("row-overdue", inboxRowOf("Llŷr Cawrdŵr"));
        assertFalse(inboxRowOf("Ŵyn Maesŷlan").contains("row-overdue"), "a wellbeing concern has no acknowledgement limit");
        assertTrue(browser.mainText().contains("Safeguarding concerns you have not acknowledged within 4 hours: 1."), browser.mainText());

        browser.follow("Llŷr Cawrdŵr");
        assertTrue(browser.mainText().contains(CANARY), "the lead reads what the tutor wrote");
        assertTrue(browser.mainText().contains("Spoke to the learner after class"));
        browser.press("Acknowledge: I have seen this concern");
        assertTrue(browser.mainText().contains("You acknowledged the concern"), browser.mainText());
        assertTrue(browser.mainText().contains("Acknowledged by Corrin Maddox-Vale"), browser.mainText());

        // the tutor's laptop receives head office's answer, routed by the learner
        List<SyncRecord> responses = pulledResponses();
        assertEquals(1, responses.size());
        assertEquals(learner, responses.get(0).learnerId());
        JsonNode ack = TestClient.JSON.readTree(responses.get(0).payload());
        assertEquals(urgent.toString(), ack.get("concernId").asText());
        assertNotNull(ack.get("acknowledgedAt"));
        assertFalse(responses.get(0).payload().contains(CANARY));

        // a task for the tutor: empty first (said beside the box), then written
        browser.press("Give the tutor this task");
        assertEquals("Write what the tutor should do.", browser.errorBeside("Give the tutor a follow-up action"));
        browser.type("Give the tutor a follow-up action", "Ring the learner's employer and tell me what they say");
        browser.press("Give the tutor this task");
        assertTrue(browser.mainText().contains("The task was given to the tutor"));
        JsonNode withTask = TestClient.JSON.readTree(pulledResponses().get(0).payload());
        assertEquals(1, withTask.get("tasks").size());
        String taskId = withTask.get("tasks").get(0).get("id").asText();
        assertEquals("Ring the learner's employer and tell me what they say", withTask.get("tasks").get(0).get("text").asText());

        // the laptop says it is done; the lead sees it
        push(new PushEntry(laptop.nextSequence++, UUID.fromString(taskId), RecordKinds.TASK_DONE, 0L, null, 1L, Instant.now(), false,
                false, false, learner, null, "{\"id\":\"" + taskId + "\",\"concernId\":\"" + urgent + "\",\"learnerId\":\"" + learner
                + "\",\"doneAt\":\"" + Instant.now() + "\",\"doneBy\":\"Tamsel Quarrow\"}"));
        browser.open("/console/safeguarding/concerns/" + urgent);
        assertTrue(browser.driver.findElement(By.cssSelector("ul.tasks")).getText().contains("done "), browser.mainText());
        browser.open("/console/safeguarding");
        assertTrue(browser.mainText().contains("1 of 1 done"), browser.mainText());

        // an external referral needs its agency
        browser.follow("Llŷr Cawrdŵr");
        browser.driver.findElement(By.id("kind-referral")).click();
        browser.type("What was done", "Phoned the local authority's front door; referral number noted");
        browser.press("Record it");
        assertEquals("Choose who the concern was referred to.", browser.errorBeside("Referred to"));
        assertEquals("Phoned the local authority's front door; referral number noted", browser.field("What was done").getAttribute("value"));
        new Select(browser.field("Referred to")).selectByVisibleText("Local authority (children's or adults' services)");
        browser.press("Record it");
        assertTrue(browser.mainText().contains("External referral: Local authority"), browser.mainText());

        // linked to another learner it involves
        browser.type("Find a learner by name or ULN", "ŵyn"); // a Welsh letter: matched in Java, whatever the database lowers
        browser.press("Find");
        browser.press("Link");
        assertTrue(browser.mainText().contains("The learner was linked"));
        assertTrue(browser.driver.findElement(By.xpath("//section[@aria-labelledby='links-heading']")).getText().contains("Ŵyn Maesŷlan"));

        // closing needs an outcome
        browser.press("Close the concern");
        assertEquals("Write the outcome before closing the concern.", browser.errorBeside("Outcome"));
        browser.type("Outcome", "Support plan agreed with the local authority; no further action here");
        browser.press("Close the concern");
        assertTrue(browser.mainText().contains("The concern was closed"));
        browser.open("/console/safeguarding");
        assertFalse(browser.mainText().contains("Llŷr Cawrdŵr"), "closed concerns leave the open list");
        browser.follow("Show the closed concerns too");
        assertTrue(browser.mainText().contains("Llŷr Cawrdŵr"));

        // the audit trail says who did what to which concern, never what was written
        List<String> actions = audit().stream().map(AuditTrail.Event::action).toList();
        for (String a : List.of("concern.acknowledge", "concern.task", "concern.referral", "concern.link", "concern.close", "concern.view")) {
            assertTrue(actions.contains(a), a + " in " + actions);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%Ring the learner%' OR target LIKE '%Ring%'"
                + " OR detail LIKE '%" + CANARY + "%'"));
    }

    @Test
    void aLearnersChronologyIsInDateOrderAndPrintsToPdfWithItsFontEmbedded() throws Exception {
        UUID first = UUID.randomUUID();
        push(concern(first, learner, "HOUSING", "Sofa-surfing since the summer", LocalDate.now().minusDays(20)));
        UUID second = UUID.randomUUID();
        push(concern(second, learner, "SAFEGUARDING", CANARY, LocalDate.now().minusDays(2)));
        UUID aboutOther = UUID.randomUUID();
        push(concern(aboutOther, other, "SAFEGUARDING", "Seen arguing with an older man outside", LocalDate.now().minusDays(1)));
        AuditTrail.Actor lead = AuditTrail.Actor.console("s.lead", Role.SAFEGUARDING_LEAD);
        var cases = new org.tutela.sync.server.safeguarding.SafeguardingCases(server.database(), server.accounts(), clock);
        cases.acknowledge(second, lead);
        cases.record(second, "referral", "police", "Reported to the police non-emergency line", lead);
        cases.link(aboutOther, learner, lead);

        browser.signIn("s.lead", PW);
        browser.open("/console/safeguarding/learners/" + learner);
        assertEquals("Safeguarding chronology of Llŷr Cawrdŵr", browser.heading());
        List<String> whats = browser.driver.findElements(By.cssSelector("table.chronology tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
        int housing = whats.indexOf("Concern raised by Tamsel Quarrow: Housing");
        int safeguarding = whats.indexOf("Concern raised by Tamsel Quarrow: Safeguarding");
        int named = whats.indexOf("Named in a concern about Ŵyn Maesŷlan raised by Tamsel Quarrow: Safeguarding");
        int police = whats.indexOf("Safeguarding: referred to Police by Corrin Maddox-Vale");
        assertTrue(housing >= 0 && safeguarding > housing && named > safeguarding && police > named, whats.toString());

        Answer pdf = get("/console/safeguarding/learners/" + learner + "/chronology.pdf");
        assertEquals(200, pdf.status());
        assertEquals("application/pdf", pdf.headers().get("content-type").get(0));
        assertEquals("no-store", pdf.headers().get("cache-control").get(0));
        HttpResponse<byte[]> bytes = http.http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
                + "/console/safeguarding/learners/" + learner + "/chronology.pdf")).header("Cookie", "__Host-tutela-console="
                + browser.cookie("__Host-tutela-console")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        try (PDDocument doc = Loader.loadPDF(bytes.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Llŷr Cawrdŵr"), text);
            assertTrue(text.contains(CANARY), text);
            assertTrue(text.indexOf("Sofa-surfing") < text.indexOf(CANARY), "date order in the PDF too");
            assertTrue(text.contains("Confidential: safeguarding"), text);
            for (org.apache.pdfbox.cos.COSName name : doc.getPage(0).getResources().getFontNames()) {
                PDFont f = doc.getPage(0).getResources().getFont(name);
                assertTrue(f.isEmbedded(), f.getName() + " is embedded");
            }
        }
        assertTrue(audit().stream().anyMatch(e -> e.action().equals("learner.chronology.pdf") && e.target().equals(learner.toString())));
    }

    @Test
    void aSealedTutorialOpensWithTheRightKeyAndAReasonOnlyAndTheOpeningIsRecordedFirst() throws Exception {
        UUID tutorial = sealedTutorial(LocalDate.now().minusDays(7));
        browser.signIn("s.lead", PW);
        browser.open("/console/safeguarding/learners/" + learner);
        assertTrue(browser.mainText().contains("Confidential tutorials"));
        assertFalse(browser.mainText().contains(SEALED_CANARY));
        browser.clickAndWait(browser.driver.findElement(By.partialLinkText("Open with the escrow key")));
        assertEquals("Open a confidential tutorial", browser.heading());

        // no reason: nothing opened, nothing recorded
        browser.field("The escrow private key file").sendKeys(leadKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.press("Record the opening and open the tutorial");
        assertEquals("Write why you are opening this tutorial: nothing is opened without a reason.", browser.errorBeside("Why you are opening it"));
        assertFalse(browser.mainText().contains(SEALED_CANARY));
        assertEquals(List.of(), escrowLines());
        assertEquals("", browser.field("The key file's passphrase").getAttribute("value"), "the passphrase is never sent back");

        // a wrong passphrase: nothing opened
        browser.field("The escrow private key file").sendKeys(leadKey.toString());
        browser.type("The key file's passphrase", "not the passphrase at all");
        browser.type("Why you are opening it", "Disclosure under review by the DSL");
        browser.press("Record the opening and open the tutorial");
        assertTrue(browser.mainText().contains("That passphrase does not open the key file"), browser.mainText());
        assertFalse(browser.mainText().contains(SEALED_CANARY));

        // another lead's key: refused, and the attempt is in the escrow audit log
        browser.field("The escrow private key file").sendKeys(otherKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.press("Record the opening and open the tutorial");
        assertTrue(browser.mainText().contains("This tutorial was not sealed to that key"), browser.mainText());
        assertFalse(browser.mainText().contains(SEALED_CANARY));
        assertEquals(1, escrowLines().size());
        assertTrue(escrowLines().get(0).contains("\"outcome\":\"refused\""));

        // the right key, its passphrase and a reason: recorded, then shown once, never cached
        browser.field("The escrow private key file").sendKeys(leadKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.press("Record the opening and open the tutorial");
        assertTrue(browser.mainText().contains(SEALED_CANARY), browser.mainText());
        assertTrue(browser.mainText().contains("recorded as entry 2 of the escrow audit log"), browser.mainText());
        List<String> lines = escrowLines();
        assertEquals(2, lines.size());
        String opened = lines.get(1);
        assertTrue(opened.contains("\"outcome\":\"opened\"") && opened.contains("\"via\":\"console\"")
                && opened.contains("\"purpose\":\"Disclosure under review by the DSL\"") && opened.contains(tutorial.toString())
                && opened.contains("Corrin Maddox-Vale"), opened);
        assertTrue(audit().stream().anyMatch(e -> e.action().equals("envelope.open") && AuditTrail.DONE.equals(e.outcome())));
        assertTrue(audit().stream().filter(e -> e.action().equals("envelope.open")).filter(e -> AuditTrail.REFUSED.equals(e.outcome()))
                .count() >= 2, "the refused attempts are in the audit trail");
        // nothing of the content, the key or its passphrase is kept anywhere on the server
        noFileHolds(SEALED_CANARY);
        noFileHolds(KEY_PASSPHRASE);

        // the page is not cached: a raw answer says no-store (the browser cannot show it again without opening it again)
        Answer form = get("/console/safeguarding/envelopes/" + tutorial);
        assertEquals("no-store", form.headers().get("cache-control").get(0));

        // a damaged escrow audit log opens nothing
        Files.writeString(escrowLog(), lines.get(0) + "\n" + lines.get(1).replace("Disclosure", "Nothing") + "\n");
        browser.open("/console/safeguarding/envelopes/" + tutorial);
        browser.field("The escrow private key file").sendKeys(leadKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.type("Why you are opening it", "Second look");
        browser.press("Record the opening and open the tutorial");
        assertTrue(browser.mainText().contains("The escrow audit log is damaged"), browser.mainText());
        assertFalse(browser.mainText().contains(SEALED_CANARY));
    }

    @Test
    void theAuditOfOpeningsListsHeadOfficesAndTheLaptopsOpenings() throws Exception {
        UUID tutorial = sealedTutorial(LocalDate.now().minusDays(3));
        // a laptop's record of opening it with its password, as the laptops sync it (kind confidential-opening, routed by the learner)
        UUID opening = UUID.randomUUID();
        server.database().inTransaction(c -> new HeadOfficeRecords(server.database()).write(c, List.of(new HeadOfficeRecords.Change(
                opening, RecordKinds.CONFIDENTIAL_OPENING, learner, null, "{\"id\":\"" + opening + "\",\"tutorialId\":\"" + tutorial
                + "\",\"who\":\"Tamsel Quarrow\",\"at\":\"2026-05-04T10:15:00Z\",\"method\":\"PASSWORD\"}"))));
        browser.signIn("s.lead", PW);
        browser.open("/console/safeguarding/envelopes/" + tutorial);
        browser.field("The escrow private key file").sendKeys(leadKey.toString());
        browser.type("The key file's passphrase", KEY_PASSPHRASE);
        browser.type("Why you are opening it", "Police request under the safeguarding exception");
        browser.press("Record the opening and open the tutorial");
        assertTrue(browser.mainText().contains(SEALED_CANARY));

        browser.open("/console/safeguarding");
        browser.follow("Openings of confidential tutorials");
        List<String> rows = browser.driver.findElements(By.cssSelector("main table tbody tr")).stream().map(WebElement::getText).toList();
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(0).contains("head-office console") && rows.get(0).contains("Police request") && rows.get(0).contains("opened"),
                rows.get(0));
        assertTrue(rows.get(1).contains("tutor's laptop") && rows.get(1).contains("with its password") && rows.get(1).contains("Tamsel Quarrow")
                && rows.get(1).contains("Llŷr Cawrdŵr"), rows.get(1));

        // an administrator sees the openings, not the learners' names, and cannot open a concern or an envelope
        browser.press("Sign out");
        browser.signIn("head.office", PW);
        browser.open("/console/safeguarding/openings");
        assertEquals("Openings of confidential tutorials", browser.heading());
        assertEquals(2, browser.driver.findElements(By.cssSelector("main table tbody tr")).size());
        assertFalse(browser.mainText().contains("Llŷr Cawrdŵr"));
        assertEquals(403, get("/console/safeguarding/envelopes/" + tutorial).status());
    }

    @Test
    void aPastoralLeadAndAnAdministratorSeeCountsOnlyAndCannotReadConcernsOrOpenEnvelopes() throws Exception {
        UUID urgent = UUID.randomUUID();
        push(concern(urgent, learner, "SAFEGUARDING", CANARY, LocalDate.now()));
        push(concern(UUID.randomUUID(), other, "HOUSING", "Needs a hostel place", LocalDate.now()));
        UUID tutorial = sealedTutorial(LocalDate.now());
        for (String user : List.of("p.lead", "head.office")) {
            browser.driver.manage().deleteAllCookies();
            browser.signIn(user, PW);
            browser.follow("Safeguarding");
            assertEquals("Safeguarding", browser.heading());
            String counts = browser.mainText();
            assertTrue(counts.contains("2\nopen concerns") && counts.contains("1\nopen safeguarding concerns"), counts);
            for (String secret : List.of(CANARY, "Llŷr", "Cawrdŵr", "Maesŷlan", "hostel")) {
                assertFalse(counts.contains(secret), user + " sees " + secret);
            }
            assertEquals(403, get("/console/safeguarding/concerns/" + urgent).status(), user);
            assertEquals(403, get("/console/safeguarding/learners/" + learner).status(), user);
            assertEquals(403, get("/console/safeguarding/learners/" + learner + "/chronology.pdf").status(), user);
            assertEquals(403, get("/console/safeguarding/envelopes/" + tutorial).status(), user);
            String token = csrf();
            assertEquals(403, post("/console/safeguarding/envelopes/" + tutorial, Map.of("csrf", token, "reason", "curious")).status(), user);
            assertEquals(403, post("/console/safeguarding/concerns/" + urgent + "/acknowledge", Map.of("csrf", token)).status(), user);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM safeguarding_cases"), "nothing changed");
        assertEquals(List.of(), escrowLines(), "nothing opened, nothing tried");
        // every refused reading and every refused change is in the audit trail, by whom and about which record
        for (String user : List.of("p.lead", "head.office")) {
            List<String> refused = audit().stream().filter(e -> AuditTrail.REFUSED.equals(e.outcome()) && e.actor().equals(user))
                    .map(e -> e.action() + " " + e.target()).sorted().toList();
            assertEquals(List.of("concern.acknowledge " + urgent, "concern.view " + urgent, "envelope.open " + tutorial,
                    "envelope.open " + tutorial, "learner.chronology " + learner, "learner.chronology.pdf " + learner), refused, user);
            assertTrue(audit().stream().noneMatch(e -> e.actor().equals(user) && AuditTrail.DONE.equals(e.outcome())
                    && e.action().startsWith("concern.")), user + " read no concern");
        }
    }

    @Test
    void aManagerSeesTheCountsAndCannotChangeAnything() throws Exception {
        UUID urgent = UUID.randomUUID();
        push(concern(urgent, learner, "SAFEGUARDING", CANARY, LocalDate.now()));
        UUID tutorial = sealedTutorial(LocalDate.now());
        browser.signIn("m.manager", PW);
        browser.follow("Safeguarding");
        assertFalse(browser.mainText().contains(CANARY));
        assertTrue(browser.driver.findElements(By.partialLinkText("Openings")).isEmpty(), "a manager does not read the audit of openings");
        String token = csrf();
        String base = "/console/safeguarding/concerns/" + urgent;
        List<Answer> answers = new ArrayList<>();
        answers.add(post(base + "/acknowledge", Map.of("csrf", token)));
        answers.add(post(base + "/task", Map.of("csrf", token, "task", "Phone the learner")));
        answers.add(post(base + "/record", Map.of("csrf", token, "kind", "action", "text", "Noted")));
        answers.add(post(base + "/link", Map.of("csrf", token, "learner", other.toString())));
        answers.add(post(base + "/close", Map.of("csrf", token, "outcome", "Done")));
        answers.add(post("/console/safeguarding/envelopes/" + tutorial, Map.of("csrf", token, "reason", "curious")));
        for (Answer a : answers) {
            assertEquals(403, a.status(), a.body());
            assertFalse(a.body().contains(CANARY));
        }
        assertEquals(403, get("/console/safeguarding/openings").status());
        Answer details = get(base);
        assertEquals(403, details.status(), "a manager does not read a concern either");
        assertFalse(details.body().contains(CANARY));
        assertEquals(0, count("SELECT COUNT(*) FROM safeguarding_cases") + count("SELECT COUNT(*) FROM safeguarding_entries")
                + count("SELECT COUNT(*) FROM concern_links"));
        assertEquals(List.of(), pulledResponses(), "nothing reaches the tutor");
        assertEquals(7, audit().stream().filter(e -> AuditTrail.REFUSED.equals(e.outcome()) && e.actor().equals("m.manager")).count(),
                "six refused changes and the refused reading of the concern");
    }

    @Test
    void aChangeWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        UUID urgent = UUID.randomUUID();
        push(concern(urgent, learner, "SAFEGUARDING", CANARY, LocalDate.now()));
        browser.signIn("s.lead", PW);
        assertEquals(403, post("/console/safeguarding/concerns/" + urgent + "/acknowledge", Map.of()).status());
        assertEquals(403, post("/console/safeguarding/concerns/" + urgent + "/acknowledge", Map.of("csrf", "forged")).status());
        assertEquals(0, count("SELECT COUNT(*) FROM safeguarding_cases"));
        assertEquals(303, post("/console/safeguarding/concerns/" + urgent + "/acknowledge", Map.of("csrf", csrf())).status());
        assertEquals(1, count("SELECT COUNT(*) FROM safeguarding_cases WHERE acknowledged_at IS NOT NULL"));
    }
}
