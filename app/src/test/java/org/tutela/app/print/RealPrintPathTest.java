package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real print path: CUPS with the cups-pdf printer as the default (.ci/start-printer), a
 * tutorial printed through FormPrinting.print (what the Print button calls after the dialog),
 * and the printed PDF found in cups-pdf's output folder with the expected page count. Skipped
 * with a message where CUPS is not running; CI starts it, so there it runs.
 */
class RealPrintPathTest {

    @BeforeEach
    void needsCups() {
        String why = Cups.notReady();
        Assumptions.assumeTrue(why == null, () -> "Real print path test skipped: " + why);
    }

    @Test
    void aLongTutorialComesOutOfThePdfPrinterWithAllItsPages() throws Exception {
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        var t = PrintFixtures.filled(l, PrintFixtures.longComment(30));
        FormPrinting p = new FormPrinting(PrintSettings.DEFAULT, PrintSource.of(List.of(l), List.of(g), List.of(), List.of(t)),
                new PdfPrinter(), null);
        RenderedPdf pdf = p.render(t);
        assertTrue(pdf.pages() >= 2, "the long comment flows onto more pages");
        String job = p.print(pdf, PdfPrinter.Choice.defaultPrinter(), p.itemFor(t));
        Path printed = awaitPdf(job);
        assertEquals(pdf.pages(), pages(printed), "pages of " + printed);
    }

    @Test
    void aConfidentialTutorialPrintsOnlyItsOnePageLabel() throws Exception {
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        var t = ConfidentialPrintTest.confidential(l);
        FormPrinting p = new FormPrinting(PrintSettings.DEFAULT, PrintSource.of(List.of(l), List.of(g), List.of(), List.of(t)),
                new PdfPrinter(), null);
        String job = p.print(p.render(t), PdfPrinter.Choice.defaultPrinter(), p.itemFor(t));
        Path printed = awaitPdf(job);
        assertEquals(1, pages(printed));
        String text = Cups.run("pdftotext", printed.toString(), "-");
        if (text != null) {
            assertFalse(text.contains(ConfidentialPrintTest.CANARY), "the canary is not in the printed PDF");
        }
    }


    private static Set<Path> pdfs() throws IOException {
        try (Stream<Path> s = Files.list(Cups.OUT)) {
            return s.filter(x -> x.toString().endsWith(".pdf")).collect(Collectors.toSet());
        }
    }

    /** The PDF cups-pdf writes for this job ("...-job_12.pdf" for job "Tutela_PDF-12"). */
    private static Path awaitPdf(String job) throws Exception {
        assertNotNull(job, "CUPS gave the job an id");
        String suffix = "job_" + job.substring(job.lastIndexOf('-') + 1) + ".pdf";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Path p : pdfs()) {
                if (p.getFileName().toString().endsWith(suffix) && Files.size(p) > 0) {
                    long size = Files.size(p);
                    Thread.sleep(300);
                    if (Files.size(p) == size && pages(p) > 0) {
                        return p;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No printed PDF for job " + job + " appeared in " + Cups.OUT + " within 30 s");
    }

    private static int pages(Path pdf) {
        String info = Cups.run("pdfinfo", pdf.toString());
        assertNotNull(info, "pdfinfo runs (apt-get install poppler-utils)");
        Matcher m = Pattern.compile("(?m)^Pages:\\s+(\\d+)").matcher(info);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
