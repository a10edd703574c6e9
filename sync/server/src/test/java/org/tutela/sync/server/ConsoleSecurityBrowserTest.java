package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.alerts.MailSettings;
import org.tutela.sync.server.alerts.MailSettingsStore;
import org.tutela.sync.server.secondfactor.Totp;

/**
 * The console's second factor and the safeguarding lead's email alerts, in a real headless
 * Chromium against the real server over HTTPS, with an in-process SMTP server (GreenMail) for the
 * organisation's mail server. Subclasses run it on SQLite and on a real PostgreSQL.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
abstract class ConsoleSecurityBrowserTest {
    static final String ADMIN_PW = "admin password 1";
    static final String PW = "correct horse battery";
    static final String SMTP_USER = "tutela-alerts";
    static final String SMTP_PW = "smtp password of the alerts";
    /** Invented canaries: none may reach an email or the log. */
    static final String LEARNER = "Quennell Oystrafarn";
    static final String TUTOR = "Tamsel Quarrow";
    static final String CONCERN_TEXT = "Ysolde mentioned bruising from Brackenhurst Lane";
    static final String LEAD_ADDRESS = "lead@example.org";
    static final String DEPUTY_ADDRESS = "deputy@example.org";
    static ConsoleBrowser browser;

    @TempDir
    Path tmp;
    SyncServer server;
    MovableClock clock;
    TestClient http;
    Authenticator app;
    GreenMail smtp;

    abstract TestBackend backend();

    @BeforeAll
    static void needBrowser() {
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
        AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
        a.addUser("head.office", Role.ADMINISTRATOR, new UserDetails("Brannoch Weltrey", null, null), ADMIN_PW.toCharArray(), cli);
        a.addUser("s.lead", Role.SAFEGUARDING_LEAD, new UserDetails("Corrin Maddox-Vale", LEAD_ADDRESS, null), PW.toCharArray(), cli);
        a.addUser("p.lead", Role.PASTORAL_LEAD, new UserDetails("Isolde Fenwright", null, null), PW.toCharArray(), cli);
        a.addUser("m.manager", Role.MANAGER, new UserDetails("Mirelle Ostbury", null, null), PW.toCharArray(), cli);
        a.addUser("t.tutor", Role.TUTOR, new UserDetails(TUTOR, null, null), PW.toCharArray(), cli);
        if (browser == null) {
            browser = new ConsoleBrowser(server.port());
        }
        browser.size(1280, 800);
        browser.driver.get(base() + "/console/static/console.css");
        browser.driver.manage().deleteAllCookies();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    String base() {
        return "https://localhost:" + server.port();
    }

    void open(String path) {
        browser.driver.get(base() + path);
    }

    void password(String username, String password) {
        open("/console/sign-in");
        browser.type("Username", username);
        browser.type("Password", password);
        browser.press("Sign in");
    }

    void typeCode(String code) {
        browser.type("Code", code);
        browser.press("Continue");
    }

    long count(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    b.append(rs.getString(i)).append('|');
                }
                b.append('\n');
            }
            return b.toString();
        }
    }

    List<AuditTrail.Event> audit() throws Exception {
        return server.accounts().audit().page(null, null, 1000);
    }

    int status(String path, String cookie) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", cookie).timeout(Duration.ofSeconds(60)).GET().build();
        return http.http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    String sessionCookie() {
        return "__Host-tutela-console=" + browser.cookie("__Host-tutela-console");
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Waited a minute for: " + what);
            }
            Thread.sleep(100);
        }
    }

    // ---- the second factor

    @Test
    void anAdministratorEnrolsByScanningTheQrCodeAndThenEverySignInNeedsAFreshCode() throws Exception {
        password("head.office", ADMIN_PW);
        assertEquals("/console/second-factor/enrol", browser.path());
        assertEquals("Set up your second factor", browser.heading());
        assertTrue(browser.driver.findElements(By.cssSelector("nav.primary-nav a")).isEmpty(), "no other page is offered yet");

        // the QR code, scanned from the screen, is the otpauth link with the key the page shows
        WebElement svg = browser.driver.findElement(By.cssSelector("svg.qr"));
        java.awt.image.BufferedImage shot = ImageIO.read(new ByteArrayInputStream(svg.getScreenshotAs(OutputType.BYTES)));
        int[] pixels = shot.getRGB(0, 0, shot.getWidth(), shot.getHeight(), null, 0, shot.getWidth());
        String scanned = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(shot.getWidth(), shot.getHeight(), pixels)))).getText();
        String key = browser.driver.findElement(By.id("secret")).getText();
        assertEquals(browser.driver.findElement(By.id("otpauth-uri")).getAttribute("textContent"), scanned);
        assertTrue(scanned.startsWith("otpauth://totp/Tutela%20head%20office:head.office?secret=" + key.replace(" ", "")
                + "&issuer=Tutela%20head%20office&algorithm=SHA1&digits=6&period=30"), scanned);
        app.add("head.office", key);

        // the secret is sealed at rest: neither its base32 nor its bytes are in the database
        String rows = text("SELECT * FROM second_factors");
        assertFalse(rows.contains(key.replace(" ", "")), rows);
        assertFalse(rows.toUpperCase().contains(java.util.HexFormat.of().formatHex(Totp.fromBase32(key)).toUpperCase()), rows);
        assertFalse(rows.contains(java.util.Base64.getEncoder().encodeToString(Totp.fromBase32(key)).substring(0, 20)), rows);
        Path keyFile = tmp.resolve("secrets").resolve("secrets.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())));

        // a wrong first code turns nothing on
        String right = app.code("head.office");
        String wrong = app.wrongCode("head.office");
        browser.type("The 6 digits your app shows", wrong);
        browser.press("Turn on the second factor");
        assertEquals("That code is not right. Check that the app shows Tutela head office and type the code it shows now.",
                browser.errorBeside("The 6 digits your app shows"));
        assertEquals(0, count("SELECT COUNT(*) FROM second_factors WHERE enrolled_at IS NOT NULL"));
        assertEquals(key, browser.driver.findElement(By.id("secret")).getText(), "the same key while it waits for its first code");

        browser.type("The 6 digits your app shows", right);
        browser.press("Turn on the second factor");
        assertEquals("Your recovery codes", browser.heading());
        List<String> codes = browser.driver.findElements(By.cssSelector(".recovery-codes code")).stream().map(WebElement::getText).toList();
        assertEquals(10, codes.size());
        assertEquals(10, codes.stream().distinct().count());
        String stored = text("SELECT * FROM recovery_codes");
        for (String c : codes) {
            assertTrue(c.matches("[a-z2-9]{5}-[a-z2-9]{5}"), c);
            assertFalse(stored.contains(c) || stored.contains(c.replace("-", "")), "only a keyed hash of each code is stored");
        }
        browser.follow("I have kept them: continue");
        assertEquals("Organisation", browser.heading());
        assertFalse(browser.driver.findElements(By.cssSelector("nav.primary-nav a")).isEmpty());

        // every later sign-in asks for a code; a wrong one and the one used before are refused
        browser.press("Sign out");
        password("head.office", ADMIN_PW);
        assertEquals("/console/second-factor", browser.path());
        typeCode(app.wrongCode("head.office"));
        assertEquals("That code is not right. Type the 6 digits your app shows now, or a recovery code.", browser.errorBeside("Code"));
        typeCode(right);
        assertEquals("That code was used already. Wait for the next code in your app (a new one every 30 seconds).",
                browser.errorBeside("Code"));
        open("/console/people");
        assertEquals("/console/second-factor?next=%2Fconsole%2Fpeople", browser.path(), "the password alone opens nothing");
        typeCode(app.code("head.office"));
        assertEquals("/console/people", browser.path(), "back to the page asked for");
        assertEquals("Tutors and devices", browser.heading());

        List<AuditTrail.Event> events = audit();
        assertTrue(events.stream().anyMatch(e -> e.action().equals("second-factor.enrol") && e.outcome().equals(AuditTrail.DONE)));
        assertEquals(3, events.stream().filter(e -> e.action().equals("console.second-factor") && e.outcome().equals(AuditTrail.REFUSED)).count(),
                "the wrong first code, the wrong code and the used one");
        assertTrue(events.stream().anyMatch(e -> e.action().equals("console.second-factor") && e.outcome().equals(AuditTrail.DONE)
                && "app".equals(e.detail().get("method"))));
    }

    @Test
    void aRecoveryCodeOpensTheConsoleOnceAndNewCodesReplaceTheOld() throws Exception {
        password("s.lead", PW);
        app.passInBrowser(browser, "s.lead"); // enrols; the recovery codes page is passed
        open("/console/second-factor/recovery-codes");
        assertTrue(browser.mainText().contains("Recovery codes left: 10"), browser.mainText());
        browser.press("Make new recovery codes");
        List<String> codes = browser.driver.findElements(By.cssSelector(".recovery-codes code")).stream().map(WebElement::getText).toList();
        assertEquals(10, codes.size());
        browser.follow("I have kept them: continue");
        browser.press("Sign out");

        // a lost phone: a recovery code instead, typed with spaces and in capitals
        password("s.lead", PW);
        typeCode(codes.get(3).toUpperCase().replace("-", " "));
        assertEquals("/console/second-factor/recovery-codes?done=recovery-code-used", browser.path());
        assertTrue(browser.mainText().contains("You signed in with a recovery code"), browser.mainText());
        assertTrue(browser.mainText().contains("Recovery codes left: 9"), browser.mainText());
        browser.press("Sign out");

        password("s.lead", PW);
        typeCode(codes.get(3));
        assertEquals("That code was used already. Wait for the next code in your app (a new one every 30 seconds).",
                browser.errorBeside("Code"), "a recovery code works once");
        typeCode("abcde-fghjk");
        assertEquals("That code is not right. Type the 6 digits your app shows now, or a recovery code.", browser.errorBeside("Code"));
        typeCode(codes.get(4));
        assertEquals("Recovery codes left: 8", browser.driver.findElement(By.id("codes-left")).getText());
        AuditTrail.Event used = audit().stream().filter(e -> e.action().equals("console.second-factor") && e.outcome().equals(AuditTrail.DONE)
                && "recovery code".equals(e.detail().get("method"))).findFirst().orElseThrow();
        assertEquals("s.lead", used.actor());
    }

    @Test
    void wrongCodesAreLockedOutByTheLoginLimiterAndARightPasswordDoesNotClearThem() throws Exception {
        password("head.office", ADMIN_PW);
        app.passInBrowser(browser, "head.office");
        browser.press("Sign out");
        password("head.office", ADMIN_PW);
        String good = app.code("head.office");
        String bad = app.wrongCode("head.office");
        for (int i = 0; i < 3; i++) {
            typeCode(bad);
        }
        // signing in again with the right password (which clears the password's count) does not clear the codes'
        browser.press("Sign out");
        password("head.office", ADMIN_PW);
        typeCode(bad);
        typeCode(bad);
        typeCode(good);
        assertTrue(browser.errorBeside("Code").startsWith("Too many wrong codes. Try again in 5 minutes."), browser.errorBeside("Code"));
        assertEquals("/console/second-factor", browser.path(), "even the right code waits out the lockout");
        assertEquals(0, count("SELECT COUNT(*) FROM console_sessions WHERE second_factor_at IS NOT NULL"));
    }

    @Test
    void aPastoralLeadAndAManagerAreNotAskedForASecondFactor() throws Exception {
        for (String who : List.of("p.lead", "m.manager")) {
            browser.driver.manage().deleteAllCookies();
            password(who, PW);
            assertEquals("/console/organisation", browser.path(), who);
            assertTrue(browser.driver.findElements(By.linkText("Second factor")).isEmpty(), who);
            assertEquals(403, status("/console/email-alerts", sessionCookie()), who + " cannot open the email alerts");
        }
        assertEquals(0, count("SELECT COUNT(*) FROM second_factors"));
    }

    @Test
    void untilTheSecondFactorTheSessionOpensNoPageAndMakesNoChangeAndItsTokenEndsThere() throws Exception {
        password("head.office", ADMIN_PW);
        String before = sessionCookie();
        String csrf = browser.driver.findElement(By.cssSelector("input[name=csrf]")).getAttribute("value");
        for (String path : List.of("/console", "/console/organisation", "/console/people", "/console/people/new", "/console/groups",
                "/console/import", "/console/audit", "/console/email-alerts", "/console/second-factor/recovery-codes",
                "/console/alerts/concerns/" + UUID.randomUUID())) {
            assertEquals(303, status(path, before), path);
        }
        long users = count("SELECT COUNT(*) FROM users");
        HttpResponse<String> add = post("/console/people", before, "csrf=" + csrf
                + "&name=Ollwyn+Pendry&username=o.pendry&role=administrator&password=a+first+password+1");
        assertEquals(303, add.statusCode());
        assertTrue(add.headers().firstValue("location").orElse("").startsWith("/console/second-factor"));
        assertEquals(users, count("SELECT COUNT(*) FROM users"), "nothing changed");
        HttpResponse<String> mail = post("/console/email-alerts", before, "csrf=" + csrf + "&host=smtp.example.org");
        assertEquals(303, mail.statusCode());
        assertEquals(0, count("SELECT COUNT(*) FROM mail_settings"));

        app.passInBrowser(browser, "head.office");
        assertNotEquals(before, sessionCookie(), "a new session token once the second factor is passed");
        assertEquals(303, status("/console/people", before), "the token from before the second factor opens nothing");
        assertEquals(200, status("/console/people", sessionCookie()));
    }

    @Test
    void theAdminCommandResetsASecondFactorAndEndsTheSessions() throws Exception {
        password("s.lead", PW);
        app.passInBrowser(browser, "s.lead");
        String session = sessionCookie();
        assertEquals(200, status("/console/organisation", session));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = ServerMain.execute(new String[] {"reset-second-factor", "--username", "s.lead"}, env(), new ByteArrayInputStream(new byte[0]),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Reset the second factor of s.lead"));
        assertEquals(303, status("/console/organisation", session), "their sessions ended");
        app.forget("s.lead");
        password("s.lead", PW);
        assertEquals("/console/second-factor/enrol", browser.path(), "they set it up again");
        assertEquals(0, count("SELECT COUNT(*) FROM recovery_codes"));
        assertTrue(audit().stream().anyMatch(e -> e.action().equals("second-factor.reset") && "s.lead".equals(e.target())
                && AuditTrail.VIA_COMMAND_LINE.equals(e.via())));
    }

    /** The environment an admin command on this server's machine has: its settings. */
    Map<String, String> env() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        env.put(ServerSettings.envName("data-dir"), tmp.toString());
        if (server.database().isPostgres()) {
            // the same database as the running server's
            com.zaxxer.hikari.HikariDataSource ds = server.database().dataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class);
            env.put(ServerSettings.envName("db.url"), ds.getJdbcUrl());
            env.put(ServerSettings.envName("db.user"), ds.getUsername());
        }
        return env;
    }

    // ---- email alerts

    GreenMail startSmtp(int port) {
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("alerts@example.org", SMTP_USER, SMTP_PW);
        smtp.start();
        return smtp;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A safeguarding concern as the laptop writes it, about an invented learner, with invented words. */
    static String concernPayload(UUID id, UUID learner, String category) {
        return "{\"id\":\"" + id + "\",\"learnerId\":\"" + learner + "\",\"category\":\"" + category + "\",\"raisedOn\":\"2026-03-04\","
                + "\"raisedBy\":\"" + TUTOR + "\",\"description\":\"" + LEARNER + ": " + CONCERN_TEXT + "\",\"status\":\"OPEN\",\"followUps\":[]}";
    }

    @Test
    void theAdministratorSetsUpEmailAlertsTestsThemAndANewSafeguardingConcernEmailsTheLeadAndDeputyWithALinkAndNothingElse()
            throws Exception {
        startSmtp(freePort());
        password("head.office", ADMIN_PW);
        app.passInBrowser(browser, "head.office");
        browser.follow("Email alerts");
        assertEquals("Email alerts", browser.heading());
        assertEquals("587", browser.field("Port").getAttribute("value"));
        assertEquals("https://localhost:" + server.port(), browser.field("The console's address, for the link").getAttribute("value"));

        // problems beside their fields, nothing stored; a password is never sent without encryption
        browser.type("Mail server (SMTP)", "https://smtp example");
        browser.type("Port", "mail");
        browser.driver.findElement(By.id("security-none")).click();
        browser.type("Password (optional)", SMTP_PW);
        browser.type("Safeguarding lead's email", "the lead");
        browser.press("Save the email settings");
        assertEquals("Enter the mail server's name only, like smtp.example.org (no spaces, no https://).", browser.errorBeside("Mail server (SMTP)"));
        assertEquals("Enter the port as a number from 1 to 65535, usually 587.", browser.errorBeside("Port"));
        assertTrue(browser.mainText().contains("A password is never sent without encryption"), browser.mainText());
        assertEquals("Enter an email address like name@example.org.", browser.errorBeside("Safeguarding lead's email"));
        assertEquals("Enter the address the alerts come from.", browser.errorBeside("From address"));
        assertEquals("", browser.field("Password (optional)").getAttribute("value"), "a password is never shown back");
        assertEquals(0, count("SELECT COUNT(*) FROM mail_settings"));

        // GreenMail here speaks plain SMTP on loopback: "None" and no password, as for a relay inside the network
        browser.type("Mail server (SMTP)", "127.0.0.1");
        browser.type("Port", Integer.toString(smtp.getSmtp().getPort()));
        browser.type("From address", "alerts@example.org");
        browser.type("Safeguarding lead's email", LEAD_ADDRESS);
        browser.type("Deputy's email (optional)", DEPUTY_ADDRESS);
        browser.press("Save the email settings");
        assertEquals("/console/email-alerts?done=alerts-saved", browser.path());
        browser.press("Send a test email");
        assertTrue(browser.driver.findElement(By.id("test-result")).getText().startsWith("A test email was sent"),
                browser.driver.findElement(By.id("test-result")).getText());
        assertEquals(2, smtp.getReceivedMessages().length);
        assertEquals("Test of Tutela's safeguarding alerts", smtp.getReceivedMessages()[0].getSubject());
        assertTrue(audit().stream().anyMatch(e -> e.action().equals("alerts.test") && "sent".equals(e.detail().get("result"))));
        assertTrue(audit().stream().anyMatch(e -> e.action().equals("alerts.settings") && e.detail().get("lead").endsWith(LEAD_ADDRESS)));

        // the tutor's laptop pushes an urgent safeguarding concern and an ordinary one
        ListAppender<ILoggingEvent> log = captureLog();
        try {
            UUID learner = UUID.randomUUID();
            server.accounts().assign("t.tutor", Accounts.SCOPE_LEARNER, List.of(learner));
            TestClient.Device laptop = http.device("t.tutor", PW);
            UUID urgent = UUID.randomUUID();
            UUID ordinary = UUID.randomUUID();
            List<PushEntry> entries = List.of(
                    new PushEntry(1L, urgent, RecordKinds.CONCERN, 0L, null, 1L, Instant.now(), false, false, true, learner, null,
                            concernPayload(urgent, learner, "SAFEGUARDING")),
                    new PushEntry(2L, ordinary, RecordKinds.CONCERN, 0L, null, 1L, Instant.now(), false, false, false, learner, null,
                            concernPayload(ordinary, learner, "HOUSING")));
            assertTrue(laptop.push(entries).results().stream().allMatch(r -> r.status() == EntryStatus.APPLIED));
            laptop.nextSequence = 3;
            server.alerts().wake();
            await("the lead's and the deputy's alerts", () -> smtp.getReceivedMessages().length == 4);

            List<MimeMessage> alerts = new ArrayList<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (!m.getSubject().startsWith("Test of")) {
                    alerts.add(m);
                }
            }
            assertEquals(2, alerts.size());
            List<String> to = new ArrayList<>();
            for (MimeMessage m : alerts) {
                to.add(m.getAllRecipients()[0].toString());
                assertEquals("A safeguarding concern is waiting in Tutela", m.getSubject());
                String raw = GreenMailUtil.getWholeMessage(m);
                String body = GreenMailUtil.getBody(m).replace("=\r\n", "");
                assertTrue(body.contains("https://localhost:" + server.port() + "/console/alerts/concerns/" + urgent), body);
                for (String canary : List.of(LEARNER, "Quennell", "Oystrafarn", TUTOR, "Quarrow", CONCERN_TEXT, "Ysolde", "Brackenhurst",
                        learner.toString(), "HOUSING")) {
                    assertFalse(raw.contains(canary), "the email carries " + canary);
                }
                assertEquals("auto-generated", m.getHeader("Auto-Submitted")[0]);
            }
            assertEquals(java.util.Set.of(LEAD_ADDRESS, DEPUTY_ADDRESS), java.util.Set.copyOf(to), "one email each");

            // a later change of the same concern sends nothing more
            PushEntry changed = laptop.entry(urgent, RecordKinds.CONCERN, 1L, learner, concernPayload(urgent, learner, "SAFEGUARDING")
                    .replace("OPEN", "REFERRED"));
            assertEquals(EntryStatus.APPLIED, laptop.push(List.of(changed)).results().get(0).status());
            server.alerts().wake();
            await("the change followed", () -> {
                try {
                    return count("SELECT followed_seq FROM alert_state") >= count("SELECT MAX(server_seq) FROM records");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertEquals(4, smtp.getReceivedMessages().length);

            // the link: the lead signs in with the second factor and is sent on to the concern's page
            String link = GreenMailUtil.getBody(alerts.get(0)).replace("=\r\n", "").lines()
                    .filter(l -> l.startsWith("https://")).findFirst().orElseThrow();
            browser.press("Sign out");
            browser.driver.get(link);
            assertTrue(browser.path().startsWith("/console/sign-in?next="), browser.path());
            browser.type("Username", "s.lead");
            browser.type("Password", PW);
            browser.press("Sign in");
            app.passInBrowser(browser, "s.lead");
            assertEquals("/console/safeguarding/concerns/" + urgent, browser.path());
        } finally {
            stopCapturing(log);
        }
        assertNoCanaryIn(log);
    }

    @Test
    void whenTheMailServerIsDownThePushStillSucceedsAndTheAlertIsSentLater() throws Exception {
        int port = freePort();
        MailSettingsStore store = new MailSettingsStore(server.database(), ServerSecrets.load(tmp), clock);
        store.save(new MailSettings("127.0.0.1", port, MailSettings.Security.NONE, null, null, "alerts@example.org", LEAD_ADDRESS,
                null, "https://tutela.example.org:8443"), MailSettingsStore.PasswordChange.KEEP, AuditTrail.Actor.commandLine(),
                server.accounts().audit());
        ListAppender<ILoggingEvent> log = captureLog();
        try {
            UUID learner = UUID.randomUUID();
            server.accounts().assign("t.tutor", Accounts.SCOPE_LEARNER, List.of(learner));
            TestClient.Device laptop = http.device("t.tutor", PW);
            UUID urgent = UUID.randomUUID();
            long t0 = System.nanoTime();
            assertEquals(EntryStatus.APPLIED, laptop.push(List.of(new PushEntry(1L, urgent, RecordKinds.CONCERN, 0L, null, 1L, Instant.now(),
                    false, false, true, learner, null, concernPayload(urgent, learner, "SAFEGUARDING")))).results().get(0).status());
            // the mail server's connection time limit alone is 10 s: the push never waits for it
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "the push does not wait for the mail server");
            server.alerts().wake();
            await("a failed attempt", () -> {
                try {
                    return count("SELECT COUNT(*) FROM alert_outbox WHERE attempts >= 1 AND last_failure = 'CONNECTION'") == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // the administrator sees it waiting, and why
            password("head.office", ADMIN_PW);
            app.passInBrowser(browser, "head.office");
            open("/console/email-alerts");
            String status = browser.driver.findElement(By.id("alert-status")).getText();
            assertTrue(status.contains("Waiting to be sent\n1"), status);
            assertTrue(status.contains("The mail server could not be reached"), status);

            // the mail server comes back; after the back-off the alert goes
            startSmtp(port);
            clock.advance(Duration.ofSeconds(31));
            server.alerts().wake();
            await("the alert after the retry", () -> smtp.getReceivedMessages().length == 1);
            assertEquals(LEAD_ADDRESS, smtp.getReceivedMessages()[0].getAllRecipients()[0].toString());
            assertTrue(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).replace("=\r\n", "")
                    .contains("https://tutela.example.org:8443/console/alerts/concerns/" + urgent));
            await("the outbox empty", () -> {
                try {
                    return count("SELECT COUNT(*) FROM alert_outbox WHERE sent_at IS NULL") == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            stopCapturing(log);
        }
        assertNoCanaryIn(log);
    }

    @Test
    void theSmtpPasswordIsStoredSealedAndNeverShownBack() throws Exception {
        startSmtp(freePort());
        password("head.office", ADMIN_PW);
        app.passInBrowser(browser, "head.office");
        open("/console/email-alerts");
        browser.type("Mail server (SMTP)", "smtp.example.org");
        browser.type("Username (optional)", SMTP_USER);
        browser.type("Password (optional)", SMTP_PW);
        browser.type("From address", "alerts@example.org");
        browser.type("Safeguarding lead's email", LEAD_ADDRESS);
        browser.press("Save the email settings");
        assertEquals("/console/email-alerts?done=alerts-saved", browser.path());
        assertFalse(browser.driver.getPageSource().contains(SMTP_PW), "the saved password is not on the page");
        assertTrue(browser.mainText().contains("A password is saved"), browser.mainText());
        String row = text("SELECT * FROM mail_settings");
        assertTrue(row.contains("smtp.example.org"));
        assertFalse(row.contains(SMTP_PW) || row.contains("smtp password"), row);
        AuditTrail.Event saved = audit().stream().filter(e -> e.action().equals("alerts.settings")).findFirst().orElseThrow();
        assertEquals("changed", saved.detail().get("smtpPassword"));
        assertFalse(saved.detail().toString().contains(SMTP_PW));

        // saving again without typing it keeps it: the server still signs in with it (GreenMail checks it)
        browser.type("Mail server (SMTP)", "127.0.0.1");
        browser.type("Port", Integer.toString(smtp.getSmtp().getPort()));
        browser.driver.findElement(By.id("security")).click();
        browser.press("Save the email settings");
        MailSettings opened = new MailSettingsStore(server.database(), ServerSecrets.load(tmp), clock).get().orElseThrow();
        assertEquals(SMTP_PW, opened.password());
        // choosing no encryption while a password is saved is refused
        browser.driver.findElement(By.id("security-none")).click();
        browser.press("Save the email settings");
        assertTrue(browser.mainText().contains("A password is never sent without encryption"), browser.mainText());
        assertEquals("starttls", text("SELECT security FROM mail_settings").replace("|", "").strip());
    }

    ListAppender<ILoggingEvent> captureLog() {
        Logger tutela = (Logger) LoggerFactory.getLogger("org.tutela");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        tutela.addAppender(appender);
        tutela.setLevel(Level.INFO);
        return appender;
    }

    void stopCapturing(ListAppender<ILoggingEvent> appender) {
        Logger tutela = (Logger) LoggerFactory.getLogger("org.tutela");
        tutela.detachAppender(appender);
        tutela.setLevel(Level.WARN);
    }

    void assertNoCanaryIn(ListAppender<ILoggingEvent> log) {
        assertFalse(log.list.isEmpty(), "the log was captured");
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("Alerts:")), "the alerts logged");
        for (ILoggingEvent e : log.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String canary : List.of("Quennell", "Oystrafarn", "Quarrow", "Ysolde", "Brackenhurst", LEAD_ADDRESS, DEPUTY_ADDRESS, SMTP_PW)) {
                assertFalse(line.contains(canary), "the log carries " + canary + ": " + line);
            }
        }
    }
}
