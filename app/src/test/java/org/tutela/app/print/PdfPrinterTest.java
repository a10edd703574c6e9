package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.print.StreamPrintServiceFactory;
import javax.print.attribute.standard.MediaSizeName;
import org.junit.jupiter.api.Test;

/** The PrinterJob route (Windows and macOS) with PDFBox's PDFPageable, printed to PostScript in memory. */
class PdfPrinterTest {

    @Test
    void thePrinterJobRoutePrintsEveryPageThroughPdfPageable() {
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        RenderedPdf pdf = new TutorialFormPdf(PrintSettings.DEFAULT)
                .render(PrintItems.of(PrintFixtures.filled(l, PrintFixtures.longComment(30)), l, g));
        StreamPrintServiceFactory[] factories = StreamPrintServiceFactory.lookupStreamPrintServiceFactories(
                javax.print.DocFlavor.SERVICE_FORMATTED.PAGEABLE, "application/postscript");
        assertTrue(factories.length > 0, "the JDK has a PostScript stream printer");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PdfPrinter(PdfPrinter.Route.PRINTER_JOB)
                .print(pdf, new PdfPrinter.Choice(factories[0].getPrintService(out), 1, MediaSizeName.ISO_A4));
        String ps = out.toString(StandardCharsets.ISO_8859_1);
        Matcher pages = Pattern.compile("(?m)^%%Page: ").matcher(ps);
        int count = 0;
        while (pages.find()) {
            count++;
        }
        assertEquals(pdf.pages(), count, "PostScript pages");
    }

    @Test
    void choicesAndPaperNames() {
        assertEquals(1, new PdfPrinter.Choice(null, 0, null).copies());
        assertEquals("A4", PdfPrinter.cupsMedia(null));
        assertEquals("Letter", PdfPrinter.cupsMedia(MediaSizeName.NA_LETTER));
    }
}
