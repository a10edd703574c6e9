package org.tutela.app.syncclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.tutela.app.records.TypedStore;
import org.tutela.app.HeadOfficeFixture;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.LearnerStatus;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.records.Caseload;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;

/**
 * The pastoral lead's reports against the tutors' own laptops. Head office sets up the
 * organisation (its term dates, a default entitlement of 5 reviews and 9 sessions), groups and an
 * MIS import; two tutors' real laptops (vault, caseload, {@link SyncClient} over real HTTPS) hold
 * reviews, group sessions, a confidential review, targets, concerns, attendance, a learner added
 * on the laptop and one on a break, and sync. Then, in a real headless Chromium, each tutor's line
 * of the Reports page shows exactly the numbers of that tutor's own Summary (the laptop's
 * {@code CaseloadSummary}), the CSV download holds them too, a learner's page shows the
 * confidential review as its envelope and is recorded in the audit trail, and a manager can change
 * nothing. On SQLite and on a real PostgreSQL.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class ReportsEndToEndTest {
    private static final String PASS = "lantern meadow copper kite";
    private static final String PW = "tutor account password 1";
    private static final String LEAD_PW = "pastoral lead password 1";
    private static EmbeddedPostgres postgres;

    @TempDir
    Path tmp;
    SyncServer server;
    ConsoleEndToEndTest.Browser browser;
    final List<Vault> vaults = new ArrayList<>();

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
        vaults.forEach(Vault::close);
        if (server != null) {
            server.close();
        }
    }

    private SyncServer start(String backend) throws Exception {
        // "today" at head office is the laptops' today (the JVM's zone, as the caseload's clock)
        return SyncServer.start(HeadOfficeSettings.of(backend, tmp.resolve("server"), postgres)
                .with("console.time-zone", ZoneId.systemDefault().getId()));
    }

    /** A tutor's laptop: its vault, its sync client, enrolled and synced. */
    private record Laptop(String tutor, String name, RecordStore store, SyncClient client) {
        Caseload caseload() {
            Caseload c = Caseload.load(store);
            c.awaitFullyLoaded();
            return c;
        }

        void sync() throws Exception {
            SyncReport r = client.sync(SyncProgress.NONE, () -> false);
            assertTrue(r.complete() && r.conflicts().isEmpty() && r.rejected().isEmpty(), r.toString());
        }

        CaseloadSummary.Totals summary() {
            Caseload c = caseload();
            return c.summary(AcademicYear.of(c.today()), c.today()).totals();
        }
    }

    private Laptop laptop(String username, String name) throws Exception {
        server.accounts().addUser(username, Role.TUTOR, new UserDetails(name, null, null), PW.toCharArray(), AuditTrail.Actor.commandLine());
        Vault v = Vault.create(tmp.resolve(username + ".tutela"), PASS.toCharArray(), Argon2Params.FLOOR);
        vaults.add(v);
        SyncClient client = new SyncClient(v.records());
        client.enrol("https://127.0.0.1:" + server.port(), server.fingerprint(), username, PW.toCharArray(), name + "'s laptop");
        Laptop l = new Laptop(username, name, v.records(), client);
        l.sync();
        return l;
    }

    /** A day of this academic year, {@code days} before today (never before the year began). */
    private static LocalDate ago(LocalDate today, int days) {
        LocalDate d = today.minusDays(days);
        return d.isBefore(AcademicYear.of(today).start()) ? AcademicYear.of(today).start() : d;
    }

    /** Records a tutor keeps on their laptop over a few weeks, offline, through the app's own caseload. */
    private void work(Laptop laptop, boolean withConfidential) throws Exception {
        Caseload c = laptop.caseload();
        LocalDate today = c.today();
        List<Learner> learners = c.learners();
        Group group = c.groupOf(learners.get(0));
        Learner first = learners.get(0);
        Learner second = learners.get(1);
        Learner third = learners.get(2);
        // attendance from the register, the pastoral flags
        c.learnerWrites().save(first.toBuilder().attendance(new Attendance(120, 30)).flag(LearnerFlag.AT_RISK_OF_DROP_OUT, true)
                .flag(LearnerFlag.VULNERABLE, true).build());
        c.learnerWrites().save(second.toBuilder().attendance(new Attendance(100, 3)).flag(LearnerFlag.OPEN_TO_PASTORAL_TEAM, true).build());
        c.learnerWrites().save(third.toBuilder().status(LearnerStatus.ON_BREAK).build());
        // a learner who joined the group on the laptop
        Learner added = c.learnerWrites().save(Learner.builder().givenName("Siôn").familyName("Penwaun-" + laptop.tutor()).group(group.id())
                .startDate(ago(today, 30)).attendance(new Attendance(40, 1)).build());

        // one-to-one reviews: held, planned, did not attend
        Tutorial held = c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, first.id(), group.id(), laptop.name(),
                TutorialPlan.on(ago(today, 35), LocalTime.of(10, 0), "Room 4")));
        c.tutorialWrites().hold(held.id(), ago(today, 35));
        Tutorial second1 = c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, second.id(), group.id(), laptop.name(),
                TutorialPlan.on(ago(today, 80), LocalTime.of(11, 0), "Room 4")));
        c.tutorialWrites().hold(second1.id(), ago(today, 80));
        c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, added.id(), group.id(), laptop.name(),
                TutorialPlan.on(today.plusDays(4), LocalTime.of(9, 30), "Room 1")));
        c.tutorialWrites().saveTutorial(Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, first.id(), group.id(), laptop.name(),
                TutorialPlan.on(ago(today, 6), LocalTime.of(9, 30), "Room 1")).withOutcome(TutorialOutcome.DID_NOT_ATTEND, null));
        // group sessions with their attendees
        c.tutorialWrites().saveTutorial(Tutorial.planGroupSession(group.id(), laptop.name(), TutorialPlan.on(ago(today, 20), LocalTime.of(9, 0), "Hall"))
                .withAttendees(List.of(first.id(), second.id(), added.id())).withOutcome(TutorialOutcome.HELD, null));
        c.tutorialWrites().saveTutorial(Tutorial.planGroupSession(group.id(), laptop.name(), TutorialPlan.on(ago(today, 10), LocalTime.of(9, 0), "Hall"))
                .withAttendees(List.of(second.id())).withOutcome(TutorialOutcome.HELD, null));
        // targets, one met
        Target met = c.tutorialWrites().save(Target.set(first.id(), NewTarget.of("Bring the Unit 3 log book up to date", ago(today, 5)), held.id(), ago(today, 35)));
        c.tutorialWrites().save(met.withStatus(TargetStatus.MET));
        c.tutorialWrites().save(Target.set(second.id(), NewTarget.of("Arrive by 9:00 every day for a fortnight", today.plusDays(14)), second1.id(), ago(today, 80)));
        // concerns: one for finance, one safeguarding (urgent)
        c.tutorialWrites().save(Concern.raise(first.id(), ConcernCategory.FINANCE, ago(today, 4), laptop.name(), "Marrowfen canary: bus fare"));
        c.tutorialWrites().save(Concern.raise(first.id(), ConcernCategory.SAFEGUARDING, ago(today, 2), laptop.name(), "Marrowfen canary: what was said"));
        if (withConfidential) {
            Tutorial secret = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, second.id(), group.id(), laptop.name(),
                    TutorialPlan.on(ago(today, 15), LocalTime.of(14, 0), "Quiet room")).hold(FrozenSnapshot.take(ago(today, 15), second, List.of()));
            new ConfidentialTutorials(new TypedStore(() -> laptop.store()), laptop.name(), java.time.Clock.systemUTC(), d -> { }, Argon2Params.FLOOR)
                    .seal(secret, "envelope password kept apart".toCharArray());
        }
        laptop.sync();
    }

    private List<String> row(String tutorName) {
        WebElement tr = browser.driver.findElement(By.xpath("//table[contains(@class,'report')]/tbody/tr[th//a[normalize-space(.)=\""
                + tutorName + "\"]]"));
        return tr.findElements(By.tagName("td")).stream().map(e -> e.getText().strip()).toList();
    }

    private static String of(int a, int b) {
        return a + " of " + b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eachTutorsLineIsWhatTheirOwnLaptopsSummarySays(String backend) throws Exception {
        server = start(backend);
        LocalDate today = LocalDate.now();
        int y = AcademicYear.of(today).startYear();
        new OrganisationSetup(server.database()).set(new Organisation("Cwmderyn Learning Partnership", null, null, null, null,
                List.of(new Organisation.TermDates(y, List.of(LocalDate.of(y, 9, 3), LocalDate.of(y, 10, 27), LocalDate.of(y + 1, 1, 5),
                        LocalDate.of(y + 1, 2, 23), LocalDate.of(y + 1, 4, 13), LocalDate.of(y + 1, 6, 1)))),
                new Organisation.Entitlement(5, 9), 90));
        server.accounts().addUser("p.lead", Role.PASTORAL_LEAD, new UserDetails("Isolde Fenwright", null, null), LEAD_PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        server.accounts().addUser("m.manager", Role.MANAGER, new UserDetails("Eluned Parrish", null, null), LEAD_PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        Laptop a = laptop("tutor.a", "Aderyn Tollan");
        Laptop b = laptop("tutor.b", "Bexley Quillet");
        Groups groups = new Groups(server.database(), server.accounts());
        groups.create(Groups.Changes.named("Motor Vehicle A").withCourse("Motor vehicle").withReviewFrequency("termly")
                .withEntitlement(new Organisation.Entitlement(6, 10)).withTutor("tutor.a"));
        groups.create(Groups.Changes.named("Hairdressing B").withCourse("Hairdressing").withReviewFrequency("half-termly").withTutor("tutor.b"));
        StringBuilder csv = new StringBuilder("ULN,Given name,Family name,Date of birth,Group\n");
        String[][] names = {{"Llŷr", "Cawrdŵr"}, {"Ŵyn", "Maesŷlan"}, {"Tegwared", "Quillfoss"}, {"Lowri", "Zennorcott"},
            {"Gethin", "Brynffos"}, {"Heledd", "Tallacre"}};
        for (int i = 0; i < names.length; i++) {
            csv.append(HeadOfficeFixture.uln(i + 1)).append(',').append(names[i][0]).append(',').append(names[i][1]).append(",2008-0")
                    .append(i + 1).append("-15,").append(i < 3 ? "Motor Vehicle A" : "Hairdressing B").append('\n');
        }
        LearnerImport importer = new LearnerImport(server.database(), server.accounts());
        importer.importFile(csv.toString().getBytes(StandardCharsets.UTF_8), importer.mapping(null, List.of()), LearnerImport.Options.DEFAULT);
        a.sync();
        b.sync();
        work(a, true);
        work(b, false);

        CaseloadSummary.Totals sa = a.summary();
        CaseloadSummary.Totals sb = b.summary();
        assertEquals(4, sa.learners(), "three imported and one added on the laptop");
        assertEquals(6 * 3, sa.reviewsEntitled(), "the group's own entitlement, for the three active learners");
        assertEquals(5 * 3, sb.reviewsEntitled(), "head office's default entitlement");
        assertEquals(3, sa.reviewsHeld(), "two held and the confidential one");

        browser = new ConsoleEndToEndTest.Browser(server.port());
        browser.open("/console/sign-in");
        browser.type("Username", "p.lead");
        browser.type("Password", LEAD_PW);
        browser.press("Sign in");
        browser.follow("Reports");
        // the figures catch up with the laptops' syncs within seconds: reload until they say so
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!browser.mainText().contains("Up to date with everything the laptops have synced")
                || browser.driver.findElements(By.xpath("//tbody/tr")).size() < 2) {
            assertTrue(System.nanoTime() < deadline, "the reports caught up within 30 seconds");
            Thread.sleep(300);
            browser.open("/console/reports");
        }
        for (Map.Entry<String, CaseloadSummary.Totals> e : Map.of("Aderyn Tollan", sa, "Bexley Quillet", sb).entrySet()) {
            CaseloadSummary.Totals s = e.getValue();
            List<String> cells = row(e.getKey());
            String who = e.getKey();
            assertEquals(Integer.toString(s.learners()), cells.get(0), who + ": learners");
            assertEquals(of(s.reviewsHeld(), s.reviewsEntitled()), cells.get(1), who + ": one-to-one reviews held of entitled");
            assertEquals(of(s.groupSessionsHeld(), s.groupSessionsEntitled()), cells.get(3), who + ": group sessions");
            assertEquals(Integer.toString(s.overdueReviews()), cells.get(4), who + ": reviews overdue");
            assertEquals(Integer.toString(s.atRisk()), cells.get(6), who + ": at risk");
            assertEquals(of(s.targetsMet(), s.targetsSet()), cells.get(11), who + ": targets met");
        }
        assertEquals("1", row("Aderyn Tollan").get(7), "vulnerable");
        assertEquals("1", row("Aderyn Tollan").get(10), "learners below 90% attendance (75%)");
        WebElement org = browser.driver.findElement(By.cssSelector("ul.stats"));
        assertTrue(org.getText().contains((sa.learners() + sb.learners()) + "\nlearners"), org.getText());

        // the CSV holds the same numbers
        HttpClient http = client();
        String cookie = "__Host-tutela-console=" + browser.driver.manage().getCookieNamed("__Host-tutela-console").getValue();
        String tutorsCsv = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
                + "/console/reports/download/tutors.csv")).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
        String line = tutorsCsv.lines().filter(l -> l.startsWith("Aderyn Tollan,")).findFirst().orElseThrow();
        String[] c = line.split(",");
        assertEquals(List.of(sa.learners(), sa.reviewsHeld(), sa.reviewsEntitled(), sa.groupSessionsHeld(), sa.groupSessionsEntitled()),
                List.of(Integer.parseInt(c[2]), Integer.parseInt(c[3]), Integer.parseInt(c[4]), Integer.parseInt(c[6]), Integer.parseInt(c[7])));

        // a learner's page: the confidential review is an envelope, concerns are counts, the view is audited
        browser.follow("Aderyn Tollan");
        browser.follow("Ŵyn Maesŷlan");
        String page = browser.mainText();
        assertTrue(page.contains("Confidential tutorial (sealed)"), page);
        assertFalse(browser.driver.getPageSource().contains("Marrowfen"), "no concern's words reach the page");
        assertEquals(1, server.accounts().audit().page(null, null, 100).stream()
                .filter(e -> e.action().equals("report.learner-viewed") && e.actor().equals("p.lead")).count());

        // a manager reads the same and can change nothing
        browser.press("Sign out");
        browser.type("Username", "m.manager");
        browser.type("Password", LEAD_PW);
        browser.press("Sign in");
        browser.follow("Reports");
        assertEquals(of(sa.reviewsHeld(), sa.reviewsEntitled()), row("Aderyn Tollan").get(1));
        String mcookie = "__Host-tutela-console=" + browser.driver.manage().getCookieNamed("__Host-tutela-console").getValue();
        String csrf = browser.driver.findElement(By.cssSelector("input[name=csrf]")).getAttribute("value");
        String form = Map.of("csrf", csrf, "name", "Taken Over", "reviewFrequency", "termly").entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        int status = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/console/groups"))
                .header("Cookie", mcookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        assertEquals(403, status);
        assertEquals(2, groups.list(true).size(), "no group was added");
    }

    private HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
