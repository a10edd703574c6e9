package org.tutela.app.print;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Writes PNGs of the pages to look at (only with -Dprint.look=DIR). */
@EnabledIfSystemProperty(named = "print.look", matches = ".+")
class RenderLookTest {
    @Test
    void writePngs() throws Exception {
        Path dir = Path.of(System.getProperty("print.look"));
        Files.createDirectories(dir);
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        TutorialFormPdf pdf = new TutorialFormPdf(PrintSettings.of("Quillbrook Training (invented)",
                PrintFixtures.logo("png")));
        write(pdf.render(PrintItems.of(PrintFixtures.filled(l, PrintFixtures.longComment(30)), l, g)), dir, "filled");
        write(pdf.render(PrintItems.blank(l, g, null, "Tutor Bexamund", java.util.List.of(PrintFixtures.openTarget(l)))), dir, "blank");
        write(pdf.render(PrintItems.of(PrintFixtures.filled(l, "x").toBuilder().learnerSignature(null).tutorSignature(null).build()
                .withConfidential(true), l, g)), dir, "envelope");
    }

    private static void write(RenderedPdf r, Path dir, String name) throws Exception {
        try (PDDocument doc = TutorialFormPdf.load(r.bytes())) {
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                BufferedImage img = renderer.renderImageWithDPI(i, 80, ImageType.RGB);
                ImageIO.write(img, "png", dir.resolve(name + "-" + (i + 1) + ".png").toFile());
            }
        }
    }
}
