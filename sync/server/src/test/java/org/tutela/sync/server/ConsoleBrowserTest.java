package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;

/**
 * The head-office console in a real headless Chromium against the real server over HTTPS.
 * Subclasses run it on SQLite and on a real PostgreSQL. One browser per class; a fresh server
 * and database per test.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class ConsoleBrowserTest {
    static final String ADMIN_PW = "admin password 1";
    static final String PW = "correct horse battery";
    static ConsoleBrowser browser;

    @TempDir
    Path tmp;
    SyncServer server;
    MovableClock clock;
    TestClient http;
    /** The authenticator app of the administrators here (they sign in with a second factor). */
    Authenticator app;

    abstract TestBackend backend();

    @BeforeAll
    static void openBrowser() {
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
        app = new Authenticator(clock);
        server = SyncServer.start(backend().settings(tmp), clock);
        http = new TestClient(server.port(), server.certificate());
        Accounts a = server.accounts();
        a.addUser("head.office", Role.ADMINISTRATOR, new UserDetails("Brannoch Weltrey", "head.office@example.org", null),
                ADMIN_PW.toCharArray(), AuditTrail.Actor.commandLine());
        a.addUser("t.tutor", Role.TUTOR, new UserDetails("Tamsel Quarrow", null, null), PW.toCharArray(), AuditTrail.Actor.commandLine());
        a.addUser("m.manager", Role.MANAGER, new UserDetails("Mirelle Ostbury", null, null), PW.toCharArray(), AuditTrail.Actor.commandLine());
        if (browser == null) {
            browser = new ConsoleBrowser(server.port());
        }
        browser.size(1280, 800);
        // each test's server listens on a new port; cookies are per host, so clear them
        browser.driver.get("https://localhost:" + server.port() + "/console/static/console.css");
        browser.driver.manage().deleteAllCookies();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    String base() {
        return "https://localhost:" + server.port();
    }

    void open(String path) {
        browser.driver.get(base() + path);
    }

    /** Signs in with the password and, where the console asks for it, the second factor (enrolling the first time). */
    void signIn(String username, String password) {
        open("/console/sign-in");
        browser.type("Username", username);
        browser.type("Password", password);
        browser.press("Sign in");
        app.passInBrowser(browser, username);
    }

    long count(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<AuditTrail.Event> audit() throws Exception {
        return server.accounts().audit().page(null, null, 1000);
    }

    /** A raw HTTP answer: status, body and the Set-Cookie headers. */
    record Answer(int status, String body, List<String> cookies, String location) {
    }

    Answer postForm(String path, String sessionCookie, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionCookie != null) {
            b.header("Cookie", sessionCookie);
        }
        HttpResponse<String> r = http.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().allValues("set-cookie"), r.headers().firstValue("location").orElse(null));
    }

    Answer get(String path, String sessionCookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60)).GET();
        if (sessionCookie != null) {
            b.header("Cookie", sessionCookie);
        }
        HttpResponse<String> r = http.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().allValues("set-cookie"), r.headers().firstValue("location").orElse(null));
    }

    static String sessionCookieOf(ConsoleBrowser b) {
        return "__Host-tutela-console=" + b.cookie("__Host-tutela-console");
    }

    /** The CSRF token of the signed-in page the browser shows (every page has one, in its sign-out form). */
    static String csrfOf(ConsoleBrowser b) {
        return b.driver.findElement(By.cssSelector("input[name=csrf]")).getAttribute("value");
    }

    // ---- the tests

    @Test
    void anAdministratorSignsInAddsATutorWithMessagesBesideBadFieldsAndDisablesThem() throws Exception {
        signIn("head.office", ADMIN_PW);
        assertTrue(browser.driver.findElement(By.tagName("header")).getText().contains("Brannoch Weltrey"));
        browser.follow("Tutors and devices");
        assertEquals("Tutors and devices", browser.heading());
        assertTrue(browser.mainText().contains("Tamsel Quarrow"));

        browser.follow("Add a person");
        long usersBefore = count("SELECT COUNT(*) FROM users");
        browser.type("Username", "o.tutor");
        browser.type("Email (optional)", "not an address");
        browser.type("First password", "short");
        browser.press("Add the person");
        // every problem beside its field, the typed values kept, nothing stored
        assertEquals("Enter the person's full name.", browser.errorBeside("Full name"));
        assertEquals("Enter an email address like name@example.org, or leave it empty.", browser.errorBeside("Email (optional)"));
        assertEquals("Enter a password of at least 10 characters.", browser.errorBeside("First password"));
        assertNull(browser.errorBeside("Username"));
        assertEquals("o.tutor", browser.field("Username").getAttribute("value"));
        assertEquals("true", browser.field("Full name").getAttribute("aria-invalid"));
        assertTrue(browser.mainText().contains("There is a problem"));
        assertEquals(usersBefore, count("SELECT COUNT(*) FROM users"));

        browser.type("Full name", "Ollwyn Pendry");
        browser.type("Email (optional)", "o.pendry@example.org");
        browser.type("Phone (optional)", "01632 960 123");
        browser.type("First password", "a first password 1");
        browser.press("Add the person");
        assertEquals("/console/people?done=person-added", browser.path());
        assertTrue(browser.mainText().contains("The person was added"));
        assertTrue(browser.mainText().contains("Ollwyn Pendry"));
        assertEquals(usersBefore + 1, count("SELECT COUNT(*) FROM users"));
        Accounts.User added = server.accounts().findUser("o.tutor").orElseThrow();
        assertEquals(Role.TUTOR, added.role());
        assertEquals("o.pendry@example.org", added.details().email());

        browser.clickAndWait(browser.button("Disable the account of Ollwyn Pendry"));
        assertTrue(server.accounts().findUser("o.tutor").orElseThrow().disabled());
        assertTrue(browser.mainText().contains("The account was disabled"));
        browser.clickAndWait(browser.button("Enable the account of Ollwyn Pendry"));
        assertFalse(server.accounts().findUser("o.tutor").orElseThrow().disabled());

        browser.follow("Audit trail");
        String trail = browser.mainText();
        assertTrue(trail.contains("Added a person") && trail.contains("Disabled an account") && trail.contains("Enabled an account"), trail);
        List<AuditTrail.Event> events = audit();
        AuditTrail.Event add = events.stream().filter(e -> e.action().equals("user.add") && "o.tutor".equals(e.target())).findFirst().orElseThrow();
        assertEquals("head.office", add.actor());
        assertEquals(AuditTrail.VIA_CONSOLE, add.via());
        assertEquals("Ollwyn Pendry", add.detail().get("name"));
        assertFalse(events.stream().anyMatch(e -> String.valueOf(e.detail()).contains("a first password")), "no password in the audit trail");
    }

    /** A 1x1 PNG: enough for a logo. */
    static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    void typeDate(String id, String isoDate) {
        // a date input takes the date as the browser's locale writes it; setting the value is the same as picking it
        WebElement e = browser.driver.findElement(By.id(id));
        browser.driver.executeScript("arguments[0].value = arguments[1]", e, isoDate);
    }

    @Test
    void anAdministratorSetsUpTheOrganisationAndEveryLaptopPullsIt() throws Exception {
        TestClient.Device laptop = http.device("t.tutor", PW);
        signIn("head.office", ADMIN_PW);
        assertEquals("Organisation", browser.heading(), "an administrator lands on the organisation");
        assertEquals(List.of("Organisation", "Tutors and devices", "Groups", "Import learners", "Reports", "Safeguarding", "Audit trail",
                "Email alerts"), browser.driver.findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList(),
                "setting up, then the work, then the administrator's oversight");
        Path logo = tmp.resolve("logo.png");
        java.nio.file.Files.write(logo, PNG);
        browser.type("Organisation name", "Coedwig Training Partnership");
        browser.field("Logo (optional)").sendKeys(logo.toString());
        browser.type("Designated Safeguarding Lead (optional)", "Corrin Maddox-Vale");
        browser.type("Safeguarding lead's phone (optional)", "ring the office");
        browser.type("Escrow public key (optional)", "not a key");
        browser.type("One-to-one reviews", "four");
        browser.type("Academic year", "2025/26");
        String[] dates = {"2025-09-03", "2025-10-27", "2026-01-05", "2026-02-23", "2026-04-13", "2026-06-01"};
        for (int i = 0; i < 5; i++) {
            typeDate("new-" + i, dates[i]);
        }
        browser.press("Save the organisation");
        assertEquals("The phone number may hold only digits, spaces, brackets, dashes and a leading +.",
                browser.errorBeside("Safeguarding lead's phone (optional)"));
        assertEquals("This is not an escrow public key: paste the one `escrow keygen` printed.",
                browser.errorBeside("Escrow public key (optional)"));
        assertEquals("Enter whole numbers of reviews and sessions, for example 4 and 8.",
                browser.driver.findElement(By.id("defaultEntitlement-error")).getText().replaceFirst("^Error:\\s*", ""));
        assertTrue(browser.driver.findElement(By.id("termDates-error")).getText().contains("Give six half-term start dates for 2025/26"));
        assertEquals("Coedwig Training Partnership", browser.field("Organisation name").getAttribute("value"), "what was typed stays");
        assertEquals("2025-10-27", browser.driver.findElement(By.id("new-1")).getAttribute("value"));
        assertTrue(new org.tutela.sync.server.headoffice.OrganisationSetup(server.database()).get().isEmpty(), "nothing half-saved");

        String key = org.tutela.sync.protocol.sealed.EscrowKeys.generate(new java.security.SecureRandom()).publicKeyBase64();
        browser.type("Safeguarding lead's phone (optional)", "01632 960 199");
        browser.type("Escrow public key (optional)", key);
        browser.type("One-to-one reviews", "4");
        typeDate("new-5", dates[5]);
        browser.field("Logo (optional)").sendKeys(logo.toString());
        browser.press("Save the organisation");
        assertEquals("/console/organisation?done=saved", browser.path());
        assertTrue(browser.mainText().contains("Your changes were saved"));
        org.tutela.sync.server.headoffice.Organisation o = new org.tutela.sync.server.headoffice.OrganisationSetup(server.database())
                .get().orElseThrow();
        assertEquals("Coedwig Training Partnership", o.name());
        assertEquals("01632 960 199", o.safeguardingLeadPhone());
        assertEquals(key, o.escrowPublicKey());
        assertEquals(java.time.LocalDate.parse("2026-06-01"), o.termDates().get(0).halfTermStarts().get(5));
        assertEquals(4, o.defaultEntitlement().oneToOneReviews());
        assertEquals(8, o.defaultEntitlement().groupSessions());
        org.junit.jupiter.api.Assertions.assertArrayEquals(PNG, o.logo());
        assertEquals("2025-09-03", browser.driver.findElement(By.id("terms-2025-0")).getAttribute("value"));
        assertEquals(Boolean.TRUE, browser.driver.executeScript(
                "var i = document.querySelector('img.logo-preview'); return i.complete && i.naturalWidth === 1"), "the logo is shown");

        // the tutor's laptop receives it at its next pull
        List<org.tutela.sync.protocol.SyncRecord> pulled = laptop.pullAll(0, 100);
        org.tutela.sync.protocol.SyncRecord r = pulled.stream().filter(x -> x.kind().equals(RecordKinds.ORGANISATION)).findFirst().orElseThrow();
        assertTrue(r.payload().contains("Coedwig Training Partnership") && r.payload().contains("2026-06-01"), r.payload());

        AuditTrail.Event e = audit().stream().filter(x -> x.action().equals("organisation.update")).findFirst().orElseThrow();
        assertEquals("head.office", e.actor());
        assertEquals(" \u2192 Coedwig Training Partnership", e.detail().get("organisationName"));

        // the manager reads it and has nothing to change
        browser.press("Sign out");
        signIn("m.manager", PW);
        assertEquals("Organisation", browser.heading());
        assertTrue(browser.mainText().contains("Coedwig Training Partnership") && browser.mainText().contains("01632 960 199"));
        assertEquals(0, browser.driver.findElements(By.cssSelector("main form, main input")).size());
        Answer refused = postForm("/console/organisation", sessionCookieOf(browser), Map.of("csrf", csrfOf(browser), "name", "Taken Over"));
        assertEquals(403, refused.status());
        assertEquals("Coedwig Training Partnership",
                new org.tutela.sync.server.headoffice.OrganisationSetup(server.database()).get().orElseThrow().name());
    }

    /** {@code n} valid ULNs (check digit right), all different, from a seed. */
    static List<String> ulns(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        while (out.size() < n) {
            String nine = (1 + r.nextInt(9)) + String.format("%08d", r.nextInt(100_000_000));
            java.util.OptionalInt check = org.tutela.sync.protocol.rules.UlnRule.checkDigit(nine);
            if (check.isPresent()) {
                out.add(nine + check.getAsInt());
            }
        }
        return new java.util.ArrayList<>(out);
    }

    /** A ULN with the last digit changed: its check digit is wrong. */
    static String wrongCheckDigit(String uln) {
        char last = uln.charAt(9);
        return uln.substring(0, 9) + (last == '9' ? '0' : (char) (last + 1));
    }

    Path csv(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        java.nio.file.Files.write(f, all);
        return f;
    }

    long learnerRecords() throws Exception {
        return count("SELECT COUNT(*) FROM records WHERE kind = 'learner'");
    }

    @Test
    void anAdministratorImportsLearnersReadsEveryProblemFixesTheFileAndGivesTheGroupToATutor() throws Exception {
        List<String> u = ulns(6, 15);
        signIn("head.office", ADMIN_PW);
        browser.follow("Groups");
        assertTrue(browser.mainText().contains("There are no groups yet"));
        browser.follow("Add a group");
        browser.type("Group name", "Plastering L2 Monday");
        browser.type("Course or programme (optional)", "Plastering");
        browser.type("Year of course (optional)", "second");
        browser.press("Add the group");
        assertEquals("Enter the year of course as a whole number from 1 to 9, or leave it empty.", browser.errorBeside("Year of course (optional)"));
        assertEquals(0, count("SELECT COUNT(*) FROM records WHERE kind = 'group'"), "nothing half-saved");
        browser.type("Year of course (optional)", "2");
        browser.press("Add the group");
        assertTrue(browser.mainText().contains("The group was added"));

        String heading = "ULN,Given name,Family name,Date of birth,Group,Course\n";
        String bad = heading
                + u.get(0) + ",Llŷr,Pen-y-ŵern,2008-03-14,Plastering L2 Monday,Plastering\n"
                + wrongCheckDigit(u.get(1)) + ",Ffion,Garthwen,2008-05-01,Plastering L2 Monday,Plastering\n"
                + u.get(2) + ",,,2008-06-02,Plastering L2 Monday,Plastering\n"
                + u.get(3) + ",Osian,Trelawdd,2008-07-03,Bricklaying L1,Bricklaying\n"
                + u.get(0) + ",Nia,Cefnhaul,2008-08-04,Plastering L2 Monday,Plastering\n"
                + u.get(4) + ",Macsen,Rhydyfro,2008-02-30,Plastering L2 Monday,Plastering\n";
        browser.follow("Import learners");
        browser.field("The MIS export (CSV)").sendKeys(csv("mis-export.csv", bad).toString());
        browser.press("Check the file");
        assertEquals("Check the import", browser.heading());
        assertTrue(browser.mainText().contains("5 problems: nothing can be imported yet"), browser.mainText());
        assertTrue(browser.mainText().contains("UTF-8 (with byte-order mark)"));
        List<WebElement> rows = browser.driver.findElements(By.xpath("//section[@aria-labelledby='problem-list-heading']//tbody/tr"));
        List<String> listed = rows.stream().map(WebElement::getText).toList();
        assertEquals(5, listed.size(), listed.toString());
        assertTrue(listed.get(0).startsWith("3 ULN") && listed.get(0).contains("check digit is wrong"), listed.get(0));
        assertTrue(listed.get(1).startsWith("4") && listed.get(1).contains("no name"), listed.get(1));
        assertTrue(listed.get(2).startsWith("5 Group") && listed.get(2).contains("Bricklaying L1"), listed.get(2));
        assertTrue(listed.get(3).startsWith("6 ULN") && listed.get(3).contains("row 2"), listed.get(3));
        assertTrue(listed.get(4).startsWith("7 Date of birth") && listed.get(4).contains("does not exist"), listed.get(4));
        assertTrue(browser.driver.findElements(By.xpath("//button[starts-with(normalize-space(.), 'Import')]")).isEmpty(),
                "no import while there are problems");
        assertEquals(0, learnerRecords(), "a preview stores nothing");

        String good = heading
                + u.get(0) + ",Llŷr,Pen-y-ŵern,2008-03-14,Plastering L2 Monday,Plastering\n"
                + u.get(1) + ",Ffion,Garthwen,2008-05-01,Plastering L2 Monday,Plastering\n"
                + u.get(2) + ",Gwion,Bryncoch,2008-06-02,Plastering L2 Monday,Plastering\n"
                + u.get(3) + ",Osian,Trelawdd,2008-07-03,Plastering L2 Monday,Plastering\n"
                + u.get(5) + ",Nia,Cefnhaul,2008-08-04,Plastering L2 Monday,Plastering\n"
                + u.get(4) + ",Macsen,Rhydyfro,2008-02-28,Plastering L2 Monday,Plastering\n";
        browser.follow("Upload another file");
        Path fixed = csv("mis-export-fixed.csv", good);
        browser.field("The MIS export (CSV)").sendKeys(fixed.toString());
        browser.press("Check the file");
        assertTrue(browser.mainText().contains("Ready to import: 6 new learners, 0 updated, 0 unchanged"), browser.mainText());
        assertEquals(0, learnerRecords());
        browser.press("Import 6 learners");
        assertEquals("Imported", browser.heading());
        assertTrue(browser.mainText().contains("6 new learners, 0 updated, 0 unchanged"), browser.mainText());
        assertEquals(6, learnerRecords());

        // the same file again changes nothing
        browser.follow("Import another file");
        browser.field("The MIS export (CSV)").sendKeys(fixed.toString());
        browser.press("Check the file");
        assertTrue(browser.mainText().contains("Ready to import: 0 new learners, 0 updated, 6 unchanged"), browser.mainText());

        // give the group to the tutor, by name
        browser.follow("Groups");
        browser.follow("Plastering L2 Monday");
        assertTrue(browser.mainText().contains("Learners in this group (6)") && browser.mainText().contains("Llŷr Pen-y-ŵern"));
        new org.openqa.selenium.support.ui.Select(browser.field("Tutor")).selectByVisibleText("Tamsel Quarrow (t.tutor)");
        browser.press("Save the group");
        assertTrue(browser.mainText().contains("Your changes were saved"));

        // the tutor's laptop receives the group and exactly its six learners
        TestClient.Device laptop = http.device("t.tutor", PW);
        List<org.tutela.sync.protocol.SyncRecord> pulled = laptop.pullAll(0, 100);
        List<String> learners = pulled.stream().filter(r -> r.kind().equals(RecordKinds.LEARNER)).map(org.tutela.sync.protocol.SyncRecord::payload).toList();
        assertEquals(6, learners.size());
        assertTrue(learners.stream().anyMatch(p -> p.contains("Llŷr") && p.contains("Pen-y-ŵern")), "Welsh letters survive");
        assertEquals(1, pulled.stream().filter(r -> r.kind().equals(RecordKinds.GROUP)).count());

        List<String> actions = audit().stream().map(AuditTrail.Event::action).toList();
        assertTrue(actions.containsAll(List.of("group.create", "learners.import", "group.update")), actions.toString());
        AuditTrail.Event imported = audit().stream().filter(e -> e.action().equals("learners.import")).findFirst().orElseThrow();
        assertEquals("6", imported.detail().get("created"));
        assertEquals("mis-export-fixed.csv", imported.target());
    }

    @Test
    void aPastoralLeadManagesGroupsAndNothingElse() throws Exception {
        server.accounts().addUser("p.lead", Role.PASTORAL_LEAD, new UserDetails("Isolde Fenwright", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        signIn("p.lead", PW);
        List<String> nav = browser.driver.findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList();
        // Reports, and Safeguarding: the counts only (see SafeguardingConsoleTest)
        assertEquals(List.of("Organisation", "Tutors and devices", "Groups", "Reports", "Safeguarding"), nav);
        browser.follow("Groups");
        browser.follow("Add a group");
        browser.type("Group name", "Hair B");
        new org.openqa.selenium.support.ui.Select(browser.field("Tutor")).selectByVisibleText("Tamsel Quarrow (t.tutor)");
        browser.press("Add the group");
        assertTrue(browser.mainText().contains("The group was added"));
        assertEquals("t.tutor", new org.tutela.sync.server.headoffice.Groups(server.database(), server.accounts()).list(false).get(0).tutor());

        String session = sessionCookieOf(browser);
        String csrf = csrfOf(browser);
        assertEquals(403, postForm("/console/organisation", session, Map.of("csrf", csrf, "name", "Taken Over")).status());
        assertEquals(403, postForm("/console/people", session, Map.of("csrf", csrf, "username", "x.y", "name", "X Y", "role", "administrator",
                "password", "a password 123")).status());
        assertEquals(403, get("/console/import", session).status());
        assertEquals(403, get("/console/audit", session).status());
        assertTrue(new org.tutela.sync.server.headoffice.OrganisationSetup(server.database()).get().isEmpty());
        assertTrue(server.accounts().findUser("x.y").isEmpty());
    }

    @Test
    void editingAPersonKeepsEverythingUntilTheInputIsRight() throws Exception {
        signIn("head.office", ADMIN_PW);
        open("/console/people/t.tutor/edit");
        browser.type("Phone (optional)", "call me maybe");
        browser.type("Full name", "Tamsel Quarrow-Inch");
        browser.press("Save the details");
        assertEquals("Enter a phone number of digits, spaces, brackets and dashes (a + may start it), or leave it empty.",
                browser.errorBeside("Phone (optional)"));
        assertEquals("Tamsel Quarrow", server.accounts().findUser("t.tutor").orElseThrow().details().displayName(), "nothing half-saved");
        browser.type("Phone (optional)", "+44 1632 960 555");
        browser.press("Save the details");
        Accounts.User u = server.accounts().findUser("t.tutor").orElseThrow();
        assertEquals("Tamsel Quarrow-Inch", u.details().displayName());
        assertEquals("+44 1632 960 555", u.details().phone());
        AuditTrail.Event e = audit().stream().filter(x -> x.action().equals("user.update")).findFirst().orElseThrow();
        assertEquals("Tamsel Quarrow \u2192 Tamsel Quarrow-Inch", e.detail().get("name"));
    }

    @Test
    void aLearnerLikeNameShowsAsTextNotAsMarkup() throws Exception {
        String hostile = "<script>alert(1)</script>";
        server.accounts().addUser("x.tutor", Role.TUTOR, new UserDetails(hostile + " <b>Bold</b>", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        signIn("head.office", ADMIN_PW);
        open("/console/people");
        assertTrue(browser.mainText().contains(hostile + " <b>Bold</b>"), "the name is shown as the text it is");
        assertEquals(0, browser.driver.findElements(By.cssSelector("main script, main b")).size(), "no element was made from the name");
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
        // and in the audit trail, where the name is a detail
        open("/console/audit");
        assertTrue(browser.mainText().contains(hostile));
        assertEquals(0, browser.driver.findElements(By.cssSelector("main script, main b")).size());
    }

    @Test
    void aTutorCannotSignIn() throws Exception {
        signIn("t.tutor", PW);
        assertEquals("/console/sign-in", browser.path());
        assertTrue(browser.mainText().contains("Tutors use the Tutela app on their laptop"), browser.mainText());
        assertNull(browser.cookie("__Host-tutela-console"));
        assertEquals(0, count("SELECT COUNT(*) FROM console_sessions"));
        open("/console/people");
        assertEquals("/console/sign-in?next=%2Fconsole%2Fpeople", browser.path(), "to sign in, then back to the page asked for");
        AuditTrail.Event refused = audit().get(0);
        assertEquals("console.sign-in", refused.action());
        assertEquals(AuditTrail.REFUSED, refused.outcome());
        assertEquals("t.tutor", refused.actor());
    }

    @Test
    void aWrongPasswordIsRefusedAndTheLoginLimiterLocksTheUsername() throws Exception {
        signIn("head.office", "not the password");
        assertTrue(browser.mainText().contains("The username or password is wrong"));
        assertEquals("head.office", browser.field("Username").getAttribute("value"));
        assertEquals("", browser.field("Password").getAttribute("value"));
        for (int i = 0; i < 5; i++) {
            signIn("head.office", "not the password");
        }
        assertTrue(browser.mainText().contains("Too many failed sign-ins"), browser.mainText());
        // even the right password waits out the lockout; the laptop enrolment shares the limiter
        signIn("head.office", ADMIN_PW);
        assertTrue(browser.mainText().contains("Too many failed sign-ins"));
        assertEquals(429, http.post("/api/v1/devices/enrol", null,
                "{\"protocolVersion\":\"1\",\"username\":\"head.office\",\"password\":\"" + ADMIN_PW + "\"}").status());
    }

    @Test
    void theSessionCookieIsHttpOnlySecureStrictAndRenewedAtEverySignIn() throws Exception {
        Answer page = get("/console/sign-in", null);
        String signInCookie = page.cookies().stream().filter(c -> c.startsWith("__Host-tutela-sign-in=")).findFirst().orElseThrow();
        String token = signInCookie.substring(signInCookie.indexOf('=') + 1, signInCookie.indexOf(';'));
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find());
        assertEquals(token, m.group(1));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", token);
        form.put("username", "m.manager");
        form.put("password", PW);
        Answer first = postForm("/console/sign-in", "__Host-tutela-sign-in=" + token, form);
        assertEquals(303, first.status());
        String set = first.cookies().stream().filter(c -> c.startsWith("__Host-tutela-console=")).findFirst().orElseThrow();
        for (String flag : List.of("HttpOnly", "Secure", "SameSite=Strict", "Path=/")) {
            assertTrue(set.contains(flag), set);
        }
        assertFalse(set.toLowerCase().contains("domain="), set);
        String firstSession = set.substring(0, set.indexOf(';'));
        assertEquals(200, get("/console/people", firstSession).status());

        Answer second = postForm("/console/sign-in", "__Host-tutela-sign-in=" + token + "; " + firstSession, form);
        String secondSession = second.cookies().stream().filter(c -> c.startsWith("__Host-tutela-console=")).findFirst().orElseThrow();
        secondSession = secondSession.substring(0, secondSession.indexOf(';'));
        assertNotEquals(firstSession, secondSession, "a new session at every sign-in");
        assertEquals(303, get("/console/people", firstSession).status(), "the session from before is over");
        assertEquals(200, get("/console/people", secondSession).status());
        assertTrue(get("/console/people", secondSession).body().contains("Tamsel Quarrow"));

        // a sign-in form without its token is refused, and no session is made
        form.put("csrf", "forged");
        assertEquals(403, postForm("/console/sign-in", "__Host-tutela-sign-in=" + token, form).status());
        assertEquals(1, count("SELECT COUNT(*) FROM console_sessions"));
        // nothing in the database can be replayed as a cookie: only hashes are stored
        assertEquals(0, count("SELECT COUNT(*) FROM console_sessions WHERE token_hash = '" + secondSession.substring(secondSession.indexOf('=') + 1) + "'"));
    }

    @Test
    void aChangeWithoutItsCsrfTokenIsRefusedWith403AndChangesNothing() throws Exception {
        signIn("head.office", ADMIN_PW);
        open("/console/people");
        String session = sessionCookieOf(browser);
        String csrf = csrfOf(browser);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", "forged.user");
        form.put("name", "Forged Person");
        form.put("role", "administrator");
        form.put("password", "a forged password");
        Answer none = postForm("/console/people", session, form);
        assertEquals(403, none.status());
        assertTrue(none.body().contains("nothing was changed"), none.body());
        form.put("csrf", "a-token-from-elsewhere");
        assertEquals(403, postForm("/console/people", session, form).status());
        assertEquals(403, postForm("/console/people/t.tutor/disable", session, Map.of()).status());
        assertTrue(server.accounts().findUser("forged.user").isEmpty());
        assertFalse(server.accounts().findUser("t.tutor").orElseThrow().disabled());
        assertEquals(3, audit().stream().filter(e -> e.outcome().equals(AuditTrail.REFUSED) && "csrf".equals(e.target())).count());
        // the same request with the page's token goes through
        form.put("csrf", csrf);
        assertEquals(303, postForm("/console/people", session, form).status());
        assertTrue(server.accounts().findUser("forged.user").isPresent());
    }

    @Test
    void aManagerReadsEverythingAndCanChangeNothing() throws Exception {
        String deviceId = http.enrol("t.tutor", PW).deviceId().toString();
        signIn("m.manager", PW);
        open("/console/people");
        assertTrue(browser.mainText().contains("Tamsel Quarrow"));
        assertEquals(0, browser.driver.findElements(By.cssSelector("main form")).size(), "no change is offered to a manager");
        assertTrue(browser.driver.findElements(By.linkText("Add a person")).isEmpty());
        assertTrue(browser.driver.findElements(By.linkText("Audit trail")).isEmpty());
        open("/console/audit");
        assertEquals("Not allowed", browser.heading());

        String session = sessionCookieOf(browser);
        String csrf = csrfOf(browser);
        Map<String, String> add = Map.of("csrf", csrf, "username", "m.friend", "name", "Friend", "role", "administrator",
                "password", "friend password 1");
        String before = snapshot();
        for (Map.Entry<String, Map<String, String>> change : Map.of(
                "/console/people", add,
                "/console/people/t.tutor", Map.of("csrf", csrf, "name", "Renamed"),
                "/console/people/t.tutor/disable", Map.of("csrf", csrf),
                "/console/people/head.office/disable", Map.of("csrf", csrf),
                "/console/devices/" + deviceId + "/revoke", Map.of("csrf", csrf)).entrySet()) {
            Answer a = postForm(change.getKey(), session, change.getValue());
            assertEquals(403, a.status(), change.getKey());
            assertTrue(a.body().contains("Your role cannot make this change"), a.body());
        }
        assertEquals(before, snapshot(), "nothing changed");
        assertEquals(5, audit().stream().filter(e -> e.outcome().equals(AuditTrail.REFUSED) && e.actor().equals("m.manager")).count());
        assertEquals(403, get("/console/people/new", session).status());
    }

    String snapshot() throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = server.database().connection()) {
            for (String sql : List.of("SELECT username, role, disabled, display_name, email, phone FROM users ORDER BY username",
                    "SELECT id, revoked_at FROM devices ORDER BY id", "SELECT tutor_id, scope_id FROM caseload ORDER BY tutor_id, scope_id")) {
                try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    @Test
    void aSessionEndsAfterTwentyMinutesIdleAndAtSignOut() throws Exception {
        signIn("head.office", ADMIN_PW);
        open("/console/people");
        String session = sessionCookieOf(browser);
        clock.advance(Duration.ofMinutes(19));
        open("/console/audit");
        assertEquals("Audit trail", browser.heading(), "19 minutes idle: still signed in");
        clock.advance(Duration.ofMinutes(19));
        open("/console/people");
        assertEquals("Tutors and devices", browser.heading(), "each request starts the idle time again");
        clock.advance(Duration.ofMinutes(20).plusSeconds(1));
        open("/console/people");
        assertEquals("/console/sign-in?done=ended&next=%2Fconsole%2Fpeople", browser.path());
        assertTrue(browser.mainText().contains("Your session ended"), browser.mainText());
        assertEquals(0, count("SELECT COUNT(*) FROM console_sessions"));
        assertEquals(303, get("/console/people", session).status());

        signIn("head.office", ADMIN_PW);
        session = sessionCookieOf(browser);
        browser.press("Sign out");
        assertTrue(browser.mainText().contains("You have signed out"));
        assertEquals(303, get("/console/people", session).status(), "the cookie of a signed-out session opens nothing");
        assertEquals(0, count("SELECT COUNT(*) FROM console_sessions"));
        assertTrue(audit().stream().anyMatch(e -> e.action().equals("console.sign-out")));
    }

    @Test
    void theLaptopsShowTheirLastSyncAndALostOneIsRevoked() throws Exception {
        TestClient.Device laptop = http.device("t.tutor", PW);
        UUID learner = UUID.randomUUID();
        server.accounts().assign("t.tutor", Accounts.SCOPE_LEARNER, List.of(learner));
        PushEntry e = new PushEntry(1L, UUID.randomUUID(), RecordKinds.TUTORIAL, 0L, null, 1L, java.time.Instant.now(), false, false, false,
                learner, null, "{}");
        assertEquals(EntryStatus.APPLIED, laptop.push(List.of(e)).results().get(0).status());
        laptop.pullAll(0, 100);
        // head office adds a record for the tutor's learner from another laptop: one change waits for this one
        TestClient.Device office = http.device("head.office", ADMIN_PW);
        office.push(List.of(office.learner(learner, 0, "{}")));

        signIn("head.office", ADMIN_PW);
        open("/console/people");
        WebElement row = browser.driver.findElement(By.xpath("//section[@aria-labelledby='devices-heading']//tr[th[normalize-space(.)='Tamsel Quarrow']]"));
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertTrue(cells.get(0).getText().startsWith("test laptop"), cells.get(0).getText());
        assertEquals("just now", cells.get(1).getText(), "last push");
        assertEquals("just now", cells.get(2).getText(), "last pull");
        assertEquals("1", cells.get(3).getText(), "changes waiting");

        browser.clickAndWait(row.findElement(By.partialLinkText("Revoke")));
        assertEquals("Revoke the laptop test laptop?", browser.heading());
        browser.press("Revoke this laptop");
        assertTrue(browser.mainText().contains("The laptop was revoked"));
        assertEquals(401, laptop.pullRaw(0, 10).status());
        AuditTrail.Event revoked = audit().stream().filter(x -> x.action().equals("device.revoke")).findFirst().orElseThrow();
        assertEquals("head.office", revoked.actor());
        assertEquals("t.tutor", revoked.detail().get("user"));
    }

    @Test
    void everythingWorksFromTheKeyboardAlone() throws Exception {
        open("/console/sign-in");
        tab();
        assertEquals("Skip to the main content", active().getText());
        tab();
        assertEquals("username", active().getAttribute("id"));
        new Actions(browser.driver).sendKeys("head.office").sendKeys(Keys.TAB).sendKeys(ADMIN_PW).perform();
        enterAndWait();
        app.passInBrowser(browser, "head.office");
        assertTrue(browser.driver.findElement(By.tagName("header")).getText().contains("Brannoch Weltrey"));
        // Tab through the header to the navigation and open Tutors and devices with Enter
        tabTo("Tutors and devices", 12);
        enterAndWait();
        assertEquals("Tutors and devices", browser.heading());
        assertEquals("Tutors and devices", currentNav());
        tabTo("Add a person", 20);
        enterAndWait();
        assertEquals("Add a person", browser.heading());
        // the form's fields come in order, each reachable; the role is a radio group (arrow keys choose)
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 30 && !order.contains("password"); i++) {
            tab();
            String id = active().getAttribute("id");
            if (id != null && !id.isEmpty() && !order.contains(id)) {
                order.add(id);
            }
        }
        assertTrue(order.containsAll(List.of("name", "username", "email", "phone", "role", "password")), order.toString());
        assertTrue(order.indexOf("name") < order.indexOf("username") && order.indexOf("role") < order.indexOf("password"), order.toString());
    }

    private void tab() {
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
    }

    private void tabTo(String text, int most) {
        for (int i = 0; i < most && !text.equals(active().getText()); i++) {
            tab();
        }
        assertEquals(text, active().getText());
    }

    private void enterAndWait() {
        browser.whenLoaded(() -> new Actions(browser.driver).sendKeys(Keys.ENTER).perform());
    }

    private String currentNav() {
        return browser.driver.findElement(By.cssSelector("nav a[aria-current=page]")).getText();
    }

    private WebElement active() {
        return browser.driver.switchTo().activeElement();
    }

    @Test
    void everyPageHasLandmarksAndEveryFieldALabel() throws Exception {
        signIn("head.office", ADMIN_PW);
        for (String path : List.of("/console/organisation", "/console/people", "/console/people/new", "/console/people/t.tutor/edit",
                "/console/groups", "/console/groups/new", "/console/import", "/console/audit")) {
            open(path);
            assertEquals(1, browser.driver.findElements(By.tagName("main")).size(), path);
            assertEquals(1, browser.driver.findElements(By.cssSelector("header")).size(), path);
            assertEquals(1, browser.driver.findElements(By.cssSelector("header nav[aria-label]")).size(), path);
            for (WebElement nav : browser.driver.findElements(By.tagName("nav"))) {
                assertFalse(nav.getAttribute("aria-label").isBlank(), path);
            }
            assertEquals(1, browser.driver.findElements(By.tagName("h1")).size(), path);
            assertEquals("en", browser.driver.findElement(By.tagName("html")).getAttribute("lang"));
            for (WebElement input : browser.driver.findElements(By.cssSelector("main input:not([type=hidden]), main select, main textarea"))) {
                String id = input.getAttribute("id");
                assertNotNull(id, path);
                assertEquals(1, browser.driver.findElements(By.cssSelector("label[for='" + id + "']")).size(), path + " #" + id);
            }
            for (WebElement button : browser.driver.findElements(By.tagName("button"))) {
                assertFalse(button.getText().isBlank() && button.getAttribute("aria-label") == null, path);
            }
            // the page fits a tablet: nothing wider than the window but the tables' own scroll areas
            browser.size(768, 1024);
            Object wide = browser.driver.executeScript("var out = [];"
                    + "document.querySelectorAll('body *').forEach(function (e) {"
                    + "  if (e.closest('.table-wrap') && !e.classList.contains('table-wrap')) return;"
                    + "  var r = e.getBoundingClientRect();"
                    + "  if (r.right > document.documentElement.clientWidth + 1) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));"
                    + "});"
                    + "return out.join(', ');");
            assertEquals("", wide, path + " is wider than a tablet");
            browser.size(1280, 800);
        }
    }
}
