package org.tutela.app.print;

import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Run in a child JVM whose temp folder is a fresh empty directory: renders a filled form, a blank
 * form and an envelope label (with a PNG and a JPEG logo), previews and extracts them, renders a
 * batch, and (with "print ROUTE") prints one. NoTempFilesTest then checks the folder stayed empty.
 */
public final class TempFolderProbe {
    private TempFolderProbe() {
    }

    public static void main(String[] args) throws Exception {
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        byte[] png = PrintFixtures.logo("png");
        byte[] jpg = PrintFixtures.logo("jpg");
        RenderedPdf last = null;
        for (byte[] logo : List.of(png, jpg)) {
            TutorialFormPdf pdf = new TutorialFormPdf(PrintSettings.of("Quillbrook Training (invented)", logo));
            var filled = PrintFixtures.filled(l, PrintFixtures.longComment(30));
            List<PrintItem> items = List.of(PrintItems.of(filled, l, g),
                    PrintItems.blank(l, g, null, "Tutor Bexamund", List.of()),
                    new EnvelopeLabel(null, PrintFixtures.HELD_ON, l.fullName(), "Tutor Bexamund"));
            for (PrintItem item : items) {
                last = pdf.render(item);
                try (PDDocument doc = TutorialFormPdf.load(last.bytes())) {
                    new PDFRenderer(doc).renderImageWithDPI(0, 96f);
                    new PDFTextStripper().getText(doc);
                }
            }
            new BatchPrintJob(pdf, items, null).renderOnly();
        }
        if (args.length == 2 && args[0].equals("print")) {
            new PdfPrinter(PdfPrinter.Route.valueOf(args[1])).print(last, PdfPrinter.Choice.defaultPrinter());
        }
        System.out.println("probe done");
    }
}
