package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.support.ui.Select;
import org.tutela.app.records.TypedStore;
import org.tutela.app.HeadOfficeFixture;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.records.Caseload;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.secondfactor.Totp;

/**
 * The administrator sets the organisation up in the head-office console, in a real headless
 * Chromium: the organisation and its term dates, a group, an MIS export with five bad rows (read
 * the problems, fix the file, import), the group given to a tutor. Then the tutor's real laptop
 * (its vault and {@link SyncClient}, over real HTTPS) syncs, and its caseload holds exactly those
 * learners with their group, the term dates and the entitlement. On SQLite and on a real PostgreSQL.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConsoleEndToEndTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String PW = "tutor account password 1";
    private static final String ADMIN_PW = "administrator password 1";
    private static EmbeddedPostgres postgres;

    @TempDir
    Path tmp;
    SyncServer server;
    Vault vault;
    Browser browser;

    /**
     * A real headless Chromium through the distribution's chromedriver (nothing downloaded), with
     * the few steps this test takes. (The console's own tests in sync/server have the fuller helper.)
     */
    static final class Browser implements AutoCloseable {
        static final String CHROMIUM = "/usr/bin/chromium";
        static final String CHROMEDRIVER = "/usr/bin/chromedriver";
        final ChromeDriver driver;
        final String base;

        static boolean available() {
            return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        }

        Browser(int port) {
            ChromeOptions o = new ChromeOptions();
            o.setBinary(CHROMIUM);
            o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
            o.setAcceptInsecureCerts(true);
            driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File(CHROMEDRIVER))
                    .usingAnyFreePort().build(), o);
            base = "https://localhost:" + port;
        }

        void open(String path) {
            driver.get(base + path);
        }

        /**
         * Signs in through the sign-in page: the one place the app's console tests sign in (a
         * second factor, when there is one, is answered here).
         */
        void signIn(String username, String password) {
            open("/console/sign-in");
            type("Username", username);
            type("Password", password);
            press("Sign in");
            if (driver.getCurrentUrl().contains("/console/second-factor/enrol")) {
                // a first sign-in that needs a second factor sets it up: the test is the authenticator app
                byte[] key = Totp.fromBase32(driver.findElement(By.id("secret")).getText());
                type("The 6 digits your app shows", Totp.code(key, Totp.step(System.currentTimeMillis())));
                press("Turn on the second factor");
                follow("I have kept them: continue");
            }
        }

        WebElement field(String label) {
            WebElement l = driver.findElement(By.xpath("//label[normalize-space(.)=\"" + label + "\"]"));
            return driver.findElement(By.id(l.getAttribute("for")));
        }

        void type(String label, String text) {
            WebElement f = field(label);
            f.clear();
            f.sendKeys(text);
        }

        /** Clicks and waits for the next page (the old one is marked, so a new document lacks the mark). */
        void loads(WebElement e) {
            driver.executeScript("window.tutelaOldPage = true");
            e.click();
            new WebDriverWait(driver, Duration.ofSeconds(60)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(
                    driver.executeScript("return !window.tutelaOldPage && document.readyState === 'complete'")));
        }

        void press(String button) {
            loads(driver.findElement(By.xpath("//button[normalize-space(.)=\"" + button + "\"]")));
        }

        void follow(String link) {
            loads(driver.findElement(By.xpath("//a[normalize-space(.)=\"" + link + "\"]")));
        }

        String heading() {
            return driver.findElement(By.tagName("h1")).getText();
        }

        String mainText() {
            return driver.findElement(By.tagName("main")).getText();
        }

        @Override
        public void close() {
            driver.quit();
        }
    }

    @BeforeAll
    static void startPostgres() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
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
        return SyncServer.start(HeadOfficeSettings.of(backend, tmp.resolve("server"), postgres));
    }

    private static String uln(int n) {
        return HeadOfficeFixture.uln(n);
    }

    private void date(String id, String iso) {
        WebElement e = browser.driver.findElement(By.id(id));
        browser.driver.executeScript("arguments[0].value = arguments[1]", e, iso);
    }

    private Path csv(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void whatTheAdministratorSetsUpInTheConsoleIsWhatTheTutorsLaptopHolds(String backend) throws Exception {
        server = start(backend);
        server.accounts().addUser("head.office", Role.ADMINISTRATOR, new UserDetails("Brannoch Weltrey", null, null),
                ADMIN_PW.toCharArray(), AuditTrail.Actor.commandLine());
        server.accounts().addUser("tutor.a", Role.TUTOR, new UserDetails("Aderyn Tollan", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        browser = new Browser(server.port());

        // sign in
        browser.open("/console/sign-in");
        browser.type("Username", "head.office");
        browser.type("Password", ADMIN_PW);
        browser.press("Sign in");
        // an administrator's first sign-in sets up the second factor: the test is the authenticator app
        assertEquals("Set up your second factor", browser.heading());
        byte[] key = Totp.fromBase32(browser.driver.findElement(By.id("secret")).getText());
        browser.type("The 6 digits your app shows", Totp.code(key, Totp.step(System.currentTimeMillis())));
        browser.press("Turn on the second factor");
        browser.follow("I have kept them: continue");
        assertEquals("Organisation", browser.heading());

        // the organisation and this year's term dates
        browser.type("Organisation name", "Cwmderyn Learning Partnership");
        browser.type("Safeguarding lead's phone (optional)", "01632 960123");
        browser.type("One-to-one reviews", "5");
        browser.type("Group sessions", "10");
        browser.type("Academic year", "2025/26");
        List<String> halfTerms = HeadOfficeFixture.terms2025().halfTermStarts().stream().map(LocalDate::toString).toList();
        for (int i = 0; i < 6; i++) {
            date("new-" + i, halfTerms.get(i));
        }
        browser.press("Save the organisation");
        assertTrue(browser.mainText().contains("Your changes were saved"), browser.mainText());

        // a group, without a tutor yet
        browser.follow("Groups");
        browser.follow("Add a group");
        browser.type("Group name", "Motor Vehicle A");
        browser.type("Course or programme (optional)", "Motor vehicle");
        browser.type("Level (optional)", "Level 2");
        browser.type("How often one-to-one reviews happen", "termly");
        browser.press("Add the group");
        assertTrue(browser.mainText().contains("The group was added"));

        // an MIS export with five bad rows: every problem is listed by row and column, nothing is stored
        String heading = "ULN,Given name,Family name,Date of birth,Group\n";
        String bad = heading
                + uln(1) + ",Llŷr,Cawrdŵr,01/09/2008,Motor Vehicle A\n"
                + uln(2).substring(0, 9) + (uln(2).charAt(9) == '9' ? '0' : (char) (uln(2).charAt(9) + 1)) + ",Tegwared,Quillfoss,2008-03-15,Motor Vehicle A\n"
                + uln(3) + ",,,2007-12-02,Motor Vehicle A\n"
                + uln(4) + ",Lowri,Zennorcott,2008-01-20,Hair B\n"
                + uln(1) + ",Ŵyn,Maesŷlan,2007-12-02,Motor Vehicle A\n"
                + uln(5) + ",Gethin,Brynffos,31/02/2008,Motor Vehicle A\n";
        browser.follow("Import learners");
        browser.field("The MIS export (CSV)").sendKeys(csv("export.csv", bad).toString());
        browser.press("Check the file");
        assertTrue(browser.mainText().contains("5 problems: nothing can be imported yet"), browser.mainText());
        List<String> rows = browser.driver.findElements(By.xpath("//section[@aria-labelledby='problem-list-heading']//tbody/tr"))
                .stream().map(WebElement::getText).toList();
        assertEquals(List.of("3", "4", "5", "6", "7"), rows.stream().map(r -> r.split(" ")[0]).toList(), rows.toString());

        String good = heading
                + uln(1) + ",Llŷr,Cawrdŵr,01/09/2008,Motor Vehicle A\n"
                + uln(2) + ",Tegwared,Quillfoss,2008-03-15,Motor Vehicle A\n"
                + uln(3) + ",Ŵyn,Maesŷlan,2007-12-02,Motor Vehicle A\n";
        browser.follow("Upload another file");
        browser.field("The MIS export (CSV)").sendKeys(csv("export-fixed.csv", good).toString());
        browser.press("Check the file");
        browser.press("Import 3 learners");
        assertTrue(browser.mainText().contains("3 new learners, 0 updated, 0 unchanged"), browser.mainText());

        // the group to the tutor, by name
        browser.follow("Groups");
        browser.follow("Motor Vehicle A");
        new Select(browser.field("Tutor")).selectByVisibleText("Aderyn Tollan (tutor.a)");
        browser.press("Save the group");
        assertTrue(browser.mainText().contains("Your changes were saved"));

        // the tutor's laptop syncs
        vault = Vault.create(tmp.resolve("laptop.tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        RecordStore store = vault.records();
        SyncClient laptop = new SyncClient(store);
        laptop.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), "tutor.a", PW.toCharArray(), "test laptop");
        SyncReport report = laptop.sync(SyncProgress.NONE, () -> false);
        assertTrue(report.complete() && report.conflicts().isEmpty() && report.rejected().isEmpty());

        Caseload caseload = Caseload.load(store);
        assertTrue(caseload.damaged().isEmpty(), caseload.damaged().toString());
        Map<String, Learner> byUln = caseload.learners().stream().collect(Collectors.toMap(l -> l.uln().value(), l -> l));
        assertEquals(Set.of(uln(1), uln(2), uln(3)), byUln.keySet(), "exactly the imported learners");
        assertEquals("Cawrdŵr", byUln.get(uln(1)).familyName());
        assertEquals("Maesŷlan", byUln.get(uln(3)).familyName());
        assertEquals(1, caseload.groups().size());
        Group group = caseload.groupOf(byUln.get(uln(2)));
        assertEquals("Motor Vehicle A", group.name());
        assertEquals("Level 2", group.level());
        assertEquals(ReviewFrequency.termly(), group.reviewFrequency());
        assertEquals(2, caseload.calendar().halfTermOf(LocalDate.of(2026, 2, 20)), "head office's term dates");
        assertEquals(new Entitlement(5, 10), caseload.entitlement(byUln.get(uln(1)).id(), new AcademicYear(2025)).entitlement());
        assertEquals("Cwmderyn Learning Partnership", new OrganisationSettingsStore(new TypedStore(() -> store)).load().organisationName());
    }
}
