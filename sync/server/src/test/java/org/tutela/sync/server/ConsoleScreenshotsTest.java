package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;

/**
 * Walks every console page with invented people and laptops and saves a screenshot of each at
 * 1280x800 and at a tablet's 768x1024 into {@code target/console-screenshots}, for the
 * head-office guide (docs/images/console holds the copies the guide shows).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConsoleScreenshotsTest {
    static final Path SHOTS = Path.of("target/console-screenshots");
    static final String PW = "correct horse battery";

    @TempDir
    Path tmp;
    SyncServer server;
    ConsoleBrowser browser;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "Chromium and chromedriver are not installed");
        server = SyncServer.start(new SqliteBackend().settings(tmp));
        Accounts a = server.accounts();
        AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
        a.addUser("head.office", Role.ADMINISTRATOR, new UserDetails("Brannoch Weltrey", "b.weltrey@example.org", "01632 960 100"),
                PW.toCharArray(), cli);
        a.addUser("p.lead", Role.PASTORAL_LEAD, new UserDetails("Isolde Fenwright", "i.fenwright@example.org", null), PW.toCharArray(), cli);
        a.addUser("s.lead", Role.SAFEGUARDING_LEAD, new UserDetails("Corrin Maddox-Vale", "c.maddoxvale@example.org", "01632 960 199"),
                PW.toCharArray(), cli);
        a.addUser("m.manager", Role.MANAGER, new UserDetails("Eluned Parrish", null, null), PW.toCharArray(), cli);
        String[][] tutors = {{"a.tollan", "Aderyn Tollan"}, {"b.quillet", "Bexley Quillet"}, {"c.marrow", "Cadfael Marrow"},
            {"d.ostrey", "Delyth Ostrey"}, {"e.vantry", "Emrys Vantry"}};
        TestClient http = new TestClient(server.port(), server.certificate());
        for (String[] t : tutors) {
            a.addUser(t[0], Role.TUTOR, new UserDetails(t[1], t[0] + "@example.org", null), PW.toCharArray(), cli);
            UUID learner = UUID.randomUUID();
            a.assign(t[0], Accounts.SCOPE_LEARNER, List.of(learner));
            TestClient.Device d = http.device(t[0], PW);
            d.push(List.of(new PushEntry(1L, UUID.randomUUID(), RecordKinds.TUTORIAL, 0L, null, 1L, Instant.now(), false, false, false,
                    learner, null, "{}")));
            d.pullAll(0, 100);
        }
        a.setDisabled("e.vantry", true, cli);
        List<java.time.LocalDate> dates = java.util.stream.Stream.of("2025-09-03", "2025-10-27", "2026-01-05", "2026-02-23", "2026-04-13",
                "2026-06-01").map(java.time.LocalDate::parse).toList();
        new OrganisationSetup(server.database()).set(new Organisation("Coedwig Training Partnership", inventedLogo(),
                "Corrin Maddox-Vale", "01632 960 199", EscrowKeys.generate(new java.security.SecureRandom()).publicKeyBase64(),
                List.of(new Organisation.TermDates(2025, dates)), new Organisation.Entitlement(4, 8), 90));
        browser = new ConsoleBrowser(server.port());
        Files.createDirectories(SHOTS);
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

    /** An invented logo: a green tree beside the name, drawn here. */
    static byte[] inventedLogo() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(360, 80, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 360, 80);
        g.setColor(new java.awt.Color(0x2e7d32));
        g.fillPolygon(new int[] {40, 12, 68}, new int[] {8, 56, 56}, 3);
        g.setColor(new java.awt.Color(0x5d4037));
        g.fillRect(35, 56, 10, 16);
        g.setColor(new java.awt.Color(0x1b3a4b));
        g.setFont(new java.awt.Font("DejaVu Sans", java.awt.Font.BOLD, 26));
        g.drawString("Coedwig", 84, 42);
        g.setFont(new java.awt.Font("DejaVu Sans", java.awt.Font.PLAIN, 15));
        g.drawString("Training Partnership", 86, 64);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    void shoot(String name) throws Exception {
        browser.size(1280, 800);
        Files.write(SHOTS.resolve(name + ".png"), browser.screenshot());
        browser.size(768, 1024);
        Files.write(SHOTS.resolve(name + "-tablet.png"), browser.screenshot());
        // the whole page at desktop width, to see what lies below the fold
        browser.size(1280, 800);
        long height = ((Number) browser.driver.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.size(1280, (int) Math.min(4000, Math.max(800, height)));
        Files.write(SHOTS.resolve(name + "-full.png"), browser.screenshot());
        browser.size(1280, 800);
    }

    @Test
    void everyPageIsPhotographedAtDesktopAndTabletWidth() throws Exception {
        browser.open("/console/sign-in");
        shoot("01-sign-in");
        browser.type("Username", "head.office");
        browser.type("Password", PW);
        browser.press("Sign in");

        browser.open("/console/organisation");
        shoot("02-organisation");
        browser.type("Safeguarding lead's phone (optional)", "ring the office");
        browser.type("Group sessions", "eight");
        browser.press("Save the organisation");
        shoot("03-organisation-problems");

        browser.open("/console/people");
        shoot("10-people");
        browser.open("/console/people/new");
        browser.type("Full name", "Gwenllian Harrowby");
        browser.type("Username", "g harrowby");
        browser.type("First password", "short");
        browser.press("Add the person");
        shoot("11-person-new-problems");
        browser.open("/console/people/a.tollan/edit");
        shoot("12-person-edit");
        browser.open("/console/people");
        String revoke = browser.driver.findElement(By.partialLinkText("Revoke")).getAttribute("href");
        browser.driver.get(revoke);
        shoot("13-revoke");

        // import the guide's sample MIS export: first a copy with mistakes, then the file itself
        Path sample = Path.of("../../docs/sample-mis-export.csv").toAbsolutePath().normalize();
        String text = Files.readString(sample, java.nio.charset.StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        String broken = text.replace(lines[2].split(",")[0], lines[2].split(",")[0].substring(0, 9) + "1")
                .replace(lines[5].split(",")[1] + "," + lines[5].split(",")[2], ",")
                .replace("15/03/2008", "31/02/2008");
        Path bad = tmp.resolve("mis-export-with-mistakes.csv");
        Files.writeString(bad, broken, java.nio.charset.StandardCharsets.UTF_8);
        browser.open("/console/import");
        shoot("30-import");
        browser.field("The MIS export (CSV)").sendKeys(bad.toAbsolutePath().toString());
        browser.driver.findElement(By.id("createGroups")).click();
        browser.press("Check the file");
        shoot("31-import-problems");
        browser.follow("Upload another file");
        browser.field("The MIS export (CSV)").sendKeys(sample.toAbsolutePath().toString());
        browser.driver.findElement(By.id("createGroups")).click();
        browser.press("Check the file");
        shoot("32-import-ready");
        browser.press(browser.driver.findElement(By.xpath("//button[starts-with(normalize-space(.), 'Import')]")).getText());
        shoot("33-import-done");

        // groups: the import made three; give two of them tutors and add one by hand
        Groups groups = new Groups(server.database(), server.accounts());
        groups.assignTutor("Motor Vehicle L2 A", null, "a.tollan");
        groups.assignTutor("Hairdressing L2 B", null, "b.quillet");
        groups.create(Groups.Changes.named("Plastering L1 Thursday").withCourse("Plastering").withLevel("Level 1").withYearOfCourse(1)
                .withReviewFrequency("every 6 weeks").withEntitlement(new Organisation.Entitlement(6, 8)).withTutor("c.marrow"));
        browser.open("/console/groups");
        shoot("20-groups");
        browser.follow("Motor Vehicle L2 A");
        shoot("21-group");
        browser.open("/console/groups/new");
        browser.type("Group name", "Joinery L3 A");
        browser.type("Course or programme (optional)", "Joinery");
        browser.type("How often one-to-one reviews happen", "now and then");
        browser.press("Add the group");
        shoot("22-group-new-problems");

        browser.open("/console/audit");
        shoot("90-audit");

        browser.open("/console/no-such-page");
        shoot("99-not-found");
        browser.press("Sign out");
        browser.type("Username", "m.manager");
        browser.type("Password", PW);
        browser.press("Sign in");
        shoot("04-organisation-read-only");
        browser.open("/console/groups");
        shoot("23-groups-read-only");
        assertTrue(Files.size(SHOTS.resolve("90-audit.png")) > 10_000);
    }
}
