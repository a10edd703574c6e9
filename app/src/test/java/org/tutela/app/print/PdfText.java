package org.tutela.app.print;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Text extraction helpers for the print tests (PDFBox's PDFTextStripper). */
public final class PdfText {
    private PdfText() {
    }

    public static String all(byte[] pdf) {
        return pages(pdf, 1, Integer.MAX_VALUE);
    }

    public static String page(byte[] pdf, int oneBased) {
        return pages(pdf, oneBased, oneBased);
    }

    public static String pages(byte[] pdf, int from, int to) {
        try (PDDocument doc = TutorialFormPdf.load(pdf)) {
            PDFTextStripper s = new PDFTextStripper();
            s.setStartPage(from);
            s.setEndPage(to);
            return s.getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whitespace (line breaks from wrapping) folded to single spaces. */
    public static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
