package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;

/**
 * The reports in a real Chromium against the real server, fed by tutors' devices over real HTTPS,
 * on SQLite and on a real PostgreSQL: the pastoral lead reads each tutor's figures as that tutor's
 * laptop counts them, sorts and filters them, downloads them as CSV, a spreadsheet and the
 * governors' PDF with the same numbers; every view of a learner's page is in the audit trail, and
 * the page shows a confidential tutorial as its envelope and concerns as counts; a manager reads
 * and can change nothing; other roles cannot read the reports.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
abstract class ReportsBrowserTest {
    static final String PW = AbstractReportsTest.PW;
    static ConsoleBrowser browser;

    @TempDir
    Path tmp;
    SyncServer server;
    TestClient client;

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

    /** The test's authenticator app (the server keeps the real time, as this clock does until a code is used twice). */
    private final Authenticator authenticator = new Authenticator(new MovableClock());

    @BeforeEach
    void start() throws Exception {
        server = SyncServer.start(backend().settings(tmp).with("reports.refresh-millis", "100"));
        client = new TestClient(server.port(), server.certificate());
        AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
        server.accounts().addUser("p.lead", Role.PASTORAL_LEAD, new UserDetails("Isolde Fenwright", null, null), PW.toCharArray(), cli);
        server.accounts().addUser("m.manager", Role.MANAGER, new UserDetails("Eluned Parrish", null, null), PW.toCharArray(), cli);
        server.accounts().addUser("s.lead", Role.SAFEGUARDING_LEAD, new UserDetails("Corrin Maddox-Vale", null, null), PW.toCharArray(), cli);
        if (browser == null) {
            browser = new ConsoleBrowser(server.port());
        }
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

    void open(String path) {
        browser.driver.get("https://localhost:" + server.port() + path);
    }

    void signIn(String username) {
        open("/console/sign-in");
        browser.type("Username", username);
        browser.type("Password", PW);
        browser.press("Sign in");
        authenticator.passInBrowser(browser, username); // the safeguarding lead's second factor
    }

    LocalDate today() {
        return LocalDate.now(java.time.ZoneId.of("Europe/London"));
    }

    /** The cells of the table row headed {@code name}. */
    List<String> row(String name) {
        WebElement tr = browser.driver.findElement(By.xpath("//table[contains(@class,'report')]/tbody/tr[th//a[normalize-space(.)="
                + ConsoleBrowser.literal(name) + "]]"));
        return tr.findElements(By.tagName("td")).stream().map(e -> e.getText().strip()).toList();
    }

    List<AuditTrail.Event> audit() throws Exception {
        return server.accounts().audit().page(null, null, 1000);
    }

    static String of(int a, int b) {
        return a + " of " + b;
    }

    // ---- the tests

    @Test
    void thePastoralLeadReadsEachTutorsFiguresAsTheirLaptopCountsThemAndDownloadsTheSame() throws Exception {
        ReportsDemo.Made made = ReportsDemo.populate(server, client, this::today);
        // a learner whose name a spreadsheet would take for a formula
        AbstractReportsTest.Laptop first = made.laptops().get(0);
        Group g = first.groups.values().iterator().next();
        first.learner(g, "=HYPERLINK(\"https://example.invalid\")", "Formulaic", null);
        server.reportProjector().orElseThrow().catchUp();

        signIn("p.lead");
        browser.follow("Reports");
        assertEquals("Reports", browser.heading());
        Map<String, CaseloadSummary.Totals> expected = new HashMap<>();
        for (AbstractReportsTest.Laptop laptop : made.laptops()) {
            String name = java.util.Arrays.stream(ReportsDemo.TUTORS).filter(t -> t[0].equals(laptop.tutor)).findFirst().orElseThrow()[1];
            CaseloadSummary.Totals s = laptop.summary(AcademicCalendar.standard(), Entitlement.DEFAULT);
            expected.put(name, s);
            List<String> cells = row(name);
            assertEquals(Integer.toString(s.learners()), cells.get(0), name + ": learners");
            assertEquals(of(s.reviewsHeld(), s.reviewsEntitled()), cells.get(1), name + ": reviews held of entitled");
            assertEquals(of(s.groupSessionsHeld(), s.groupSessionsEntitled()), cells.get(3), name + ": group sessions");
            assertEquals(Integer.toString(s.overdueReviews()), cells.get(4), name + ": overdue");
            assertEquals(Integer.toString(s.atRisk()), cells.get(6), name + ": at risk");
            assertEquals(of(s.targetsMet(), s.targetsSet()), cells.get(11), name + ": targets met");
            assertTrue(cells.get(12).matches("just now|\\d+ minutes? ago"), name + ": the laptop synced a moment ago: " + cells.get(12));
        }

        // sorted by the number overdue, most first, by the column's heading
        browser.clickAndWait(browser.driver.findElement(By.linkText("Overdue")));
        WebElement th = browser.driver.findElement(By.xpath("//th[a[starts-with(normalize-space(.), 'Overdue')]]"));
        assertEquals("descending", th.getAttribute("aria-sort"));
        List<Integer> overdue = browser.driver.findElements(By.xpath("//table[contains(@class,'report')]/tbody/tr/td[5]")).stream()
                .map(e -> Integer.parseInt(e.getText().strip())).toList();
        List<Integer> sortedDesc = new ArrayList<>(overdue);
        sortedDesc.sort(java.util.Comparator.reverseOrder());
        assertEquals(sortedDesc, overdue);

        // filtered to one tutor
        browser.type("Find a tutor", "Bexley");
        browser.press("Apply");
        assertEquals(1, browser.driver.findElements(By.xpath("//table[contains(@class,'report')]/tbody/tr")).size());
        browser.follow("By group");
        assertEquals(ReportsDemo.GROUPS.length, browser.driver.findElements(By.xpath("//table[contains(@class,'report')]/tbody/tr")).size());

        // the downloads hold the same numbers
        ReportsDownload dl = new ReportsDownload(browser, server);
        HttpResponse<byte[]> csvAnswer = dl.response("/console/reports/download/tutors.csv?by=tutor");
        assertTrue(csvAnswer.headers().firstValue("content-disposition").orElse("").startsWith("attachment; filename=\"tutela-tutors-"));
        String csv = new String(csvAnswer.body(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFFTutor,Username,Learners,Reviews held,Reviews due this year"), csv.substring(0, 80));
        for (Map.Entry<String, CaseloadSummary.Totals> e : expected.entrySet()) {
            String line = csv.lines().filter(l -> l.startsWith(e.getKey() + ",")).findFirst().orElseThrow();
            String[] c = line.split(",");
            CaseloadSummary.Totals s = e.getValue();
            assertEquals(List.of(s.learners(), s.reviewsHeld(), s.reviewsEntitled()), List.of(Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                    Integer.parseInt(c[4])), e.getKey());
            assertEquals(s.groupSessionsHeld(), Integer.parseInt(c[6]));
            assertEquals(s.overdueReviews(), Integer.parseInt(c[8]));
            assertEquals(s.targetsMet(), Integer.parseInt(c[16]));
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(dl.get("/console/reports/download/tutors.xlsx?by=tutor")))) {
            Sheet sheet = wb.getSheetAt(0);
            assertEquals("By tutor", sheet.getSheetName());
            for (Row r : sheet) {
                if (r.getRowNum() == 0) {
                    assertEquals("Reviews held", r.getCell(3).getStringCellValue());
                    continue;
                }
                CaseloadSummary.Totals s = expected.get(r.getCell(0).getStringCellValue());
                assertEquals(CellType.NUMERIC, r.getCell(3).getCellType());
                assertEquals(s.reviewsHeld(), (int) r.getCell(3).getNumericCellValue());
                assertEquals(s.reviewsEntitled(), (int) r.getCell(4).getNumericCellValue());
                assertEquals(s.groupSessionsHeld(), (int) r.getCell(6).getNumericCellValue());
            }
        }
        // a formula-like name is text in both
        String learners = new String(dl.get("/console/reports/download/learners.csv?q=Formulaic"), StandardCharsets.UTF_8);
        assertTrue(learners.contains("\"'=HYPERLINK(\"\"https://example.invalid\"\") Formulaic\""), learners);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(dl.get("/console/reports/download/learners.xlsx?q=Formulaic")))) {
            Cell name = wb.getSheetAt(0).getRow(1).getCell(0);
            assertEquals(CellType.STRING, name.getCellType());
            assertTrue(name.getStringCellValue().startsWith("=HYPERLINK"));
        }
        // the governors' PDF: the organisation's and each tutor's figures, Welsh letters in an embedded font
        try (PDDocument pdf = Loader.loadPDF(dl.get("/console/reports/download/entitlement.pdf"))) {
            String text = new PDFTextStripper().getText(pdf);
            int learnersAll = expected.values().stream().mapToInt(CaseloadSummary.Totals::learners).sum();
            assertTrue(text.contains("Tutorial entitlement report"), text);
            assertTrue(text.contains("Learners: " + learnersAll + "."), text);
            CaseloadSummary.Totals prys = expected.get("Ffion Prŷs");
            assertTrue(text.contains("Ffion Prŷs"), "the Welsh ŷ prints: " + text);
            assertTrue(text.contains(prys.reviewsHeld() + " / " + prys.reviewsEntitled()), text);
            for (PDFont f : pdfFonts(pdf)) {
                assertTrue(f.isEmbedded(), f.getName() + " is embedded");
            }
        }
        assertEquals(5, audit().stream().filter(e -> e.action().equals("report.downloaded") && e.actor().equals("p.lead")).count(),
                "each download is in the audit trail");

        // a learner's page: the envelope of a confidential tutorial, concerns as counts, the view audited
        open("/console/reports/learners?tutor=a.tollan");
        Learner showcase = made.showcase();
        browser.follow(showcase.displayName());
        assertEquals(showcase.displayName(), browser.heading());
        String page = browser.mainText();
        assertTrue(page.contains("Confidential tutorial (sealed)"), page);
        assertFalse(browser.driver.getPageSource().contains("Quillbrook"), "a confidential tutorial's content");
        assertFalse(browser.driver.getPageSource().contains("Marrowfen"), "what a concern says");
        WebElement safeguarding = browser.driver.findElement(By.xpath("//tr[th[normalize-space(.)='Safeguarding']]"));
        assertEquals(List.of("1", "0"), safeguarding.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        open("/console/reports/learners/" + showcase.id());
        List<AuditTrail.Event> views = audit().stream().filter(e -> e.action().equals("report.learner-viewed")).toList();
        assertEquals(2, views.size(), "every view, each time");
        assertTrue(views.stream().allMatch(e -> e.actor().equals("p.lead") && e.actorRole().equals("pastoral-lead")
                && e.target().equals(showcase.id().toString())));
    }

    private static List<PDFont> pdfFonts(PDDocument pdf) throws Exception {
        List<PDFont> fonts = new ArrayList<>();
        for (var p : pdf.getPages()) {
            for (var name : p.getResources().getFontNames()) {
                fonts.add(p.getResources().getFont(name));
            }
        }
        return fonts;
    }

    @Test
    void aManagerReadsTheReportsAndCanChangeNothingAndOtherRolesCannotReadThem() throws Exception {
        AbstractReportsTest.Laptop laptop;
        server.accounts().addUser("a.tollan", Role.TUTOR, new UserDetails("Aderyn Tollan", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        laptop = new AbstractReportsTest.Laptop(client, "a.tollan", this::today);
        Group g = AbstractReportsTest.group(server, "Motor Vehicle L2 A", "a.tollan", "termly", null);
        Learner l = laptop.learner(g, "Llŷr", "Cawrdŵr", null);
        server.reportProjector().orElseThrow().catchUp();

        signIn("m.manager");
        browser.follow("Reports");
        assertEquals(of(0, 4), row("Aderyn Tollan").get(1));
        for (String path : List.of("/console/reports", "/console/reports?by=group", "/console/reports/learners",
                "/console/reports/learners/" + l.id())) {
            open(path);
            assertEquals(List.of(), browser.driver.findElements(By.cssSelector("main form[method=post]")), path + " offers no change");
        }
        String session = ConsoleBrowserTest.sessionCookieOf(browser);
        String csrf = ConsoleBrowserTest.csrfOf(browser);
        long groupsBefore = count("SELECT COUNT(*) FROM records WHERE kind = 'group'");
        assertEquals(403, post("/console/groups", session, Map.of("csrf", csrf, "name", "Taken Over", "reviewFrequency", "termly")));
        assertEquals(403, post("/console/groups/" + g.id(), session, Map.of("csrf", csrf, "name", "Renamed")));
        assertEquals(405, post("/console/reports", session, Map.of("csrf", csrf)), "the reports take no change at all");
        assertEquals(groupsBefore, count("SELECT COUNT(*) FROM records WHERE kind = 'group'"));
        assertEquals(2, audit().stream().filter(e -> e.outcome().equals(AuditTrail.REFUSED) && e.actor().equals("m.manager")).count());
        assertEquals(1, audit().stream().filter(e -> e.action().equals("report.learner-viewed") && e.actor().equals("m.manager")).count());

        // the safeguarding lead has the inbox, not these pages; someone signed out is asked to sign in
        browser.press("Sign out");
        signIn("s.lead");
        assertTrue(browser.driver.findElements(By.linkText("Reports")).isEmpty());
        open("/console/reports/learners/" + l.id());
        assertEquals("Not allowed", browser.heading());
        assertEquals(0, audit().stream().filter(e -> e.action().equals("report.learner-viewed") && e.actor().equals("s.lead")).count());
        browser.press("Sign out");
        open("/console/reports");
        assertEquals("/console/sign-in?next=%2Fconsole%2Freports", browser.path(), "asked to sign in, and brought back after");
    }

    long count(String sql) throws Exception {
        try (Connection c = server.database().connection(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    int post(String path, String session, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> r = client.http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", session)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
