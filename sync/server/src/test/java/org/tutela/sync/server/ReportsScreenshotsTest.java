package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports pages with an invented organisation, photographed at 1280x800 and at a tablet's
 * 768x1024 into {@code target/console-screenshots} (as {@link ConsoleScreenshotsTest} does for the
 * other pages), and the governors' PDF's first page as a picture, for the head-office guide.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReportsScreenshotsTest {
    @TempDir
    Path tmp;
    SyncServer server;
    ConsoleBrowser browser;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed");
        server = SyncServer.start(new SqliteBackend().settings(tmp).with("reports.refresh-millis", "100"));
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
    void theReportsPagesArePhotographed() throws Exception {
        TestClient client = new TestClient(server.port(), server.certificate());
        ReportsDemo.Made made = ReportsDemo.populate(server, client, () -> LocalDate.now(ZoneId.of("Europe/London")));
        server.accounts().addUser("p.lead", Role.PASTORAL_LEAD, new UserDetails("Isolde Fenwright", null, null),
                AbstractReportsTest.PW.toCharArray(), AuditTrail.Actor.commandLine());
        server.reportProjector().orElseThrow().catchUp();

        browser = new ConsoleBrowser(server.port());
        browser.open("/console/sign-in");
        browser.type("Username", "p.lead");
        browser.type("Password", AbstractReportsTest.PW);
        browser.press("Sign in");
        browser.open("/console/reports");
        shoot("40-reports");
        browser.open("/console/reports?by=group&sort=shortfall&dir=desc#table-heading");
        shoot("41-reports-groups");
        browser.open("/console/reports/learners?state=overdue&sort=attendance&dir=asc");
        shoot("42-reports-learners");
        browser.open("/console/reports/learners/" + made.showcase().id());
        shoot("43-reports-learner");

        // the governors' report, its first page as a picture
        byte[] pdf = new ReportsDownload(browser, server).get("/console/reports/download/entitlement.pdf");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            java.awt.image.BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 80);
            javax.imageio.ImageIO.write(page, "png", ConsoleScreenshotsTest.SHOTS.resolve("44-entitlement-pdf.png").toFile());
        }
        assertTrue(Files.size(ConsoleScreenshotsTest.SHOTS.resolve("40-reports.png")) > 10_000);
    }
}
