package org.tutela.app.print;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Draws the form's boxes onto A4 pages, top to bottom, starting a new page when a box does not
 * fit. Coordinates here are points from the page's top-left corner; they are turned into PDF
 * coordinates (bottom-left origin) when drawn. Every drawn box is recorded as a {@link Region}.
 */
final class FormCanvas {
    static final PDRectangle PAGE = PDRectangle.A4;
    static final float MARGIN_X = 40f;
    static final float MARGIN_TOP = 36f;
    static final float MARGIN_BOTTOM = 44f;
    static final float WIDTH = PAGE.getWidth() - 2 * MARGIN_X;
    static final float PAD = 4f;
    static final float LABEL_SIZE = 9f;
    static final float SMALL_SIZE = 8f;
    static final float VALUE_SIZE = 10f;
    static final float LINE = 12.5f;
    static final float LABEL_FILL = 0.90f;
    static final float SECTION_FILL = 0.78f;

    final PDDocument doc;
    final PdfFonts fonts;
    final List<Region> regions;
    private PDPageContentStream out;
    private int page = -1;
    private float y;
    private Runnable continuationHeader = () -> { };

    FormCanvas(PDDocument doc, PdfFonts fonts, List<Region> regions) {
        this.doc = doc;
        this.fonts = fonts;
        this.regions = regions;
    }

    /** What to draw at the top of each page after the first of a form (set per form). */
    void onContinuationPage(Runnable header) {
        continuationHeader = header;
    }

    int page() {
        return page;
    }

    float y() {
        return y;
    }

    void gap(float h) {
        y += h;
    }

    float remaining() {
        return PAGE.getHeight() - MARGIN_BOTTOM - y;
    }

    /** Starts a new page. {@code continuation} draws the continuation header on it. */
    void newPage(boolean continuation) throws IOException {
        closePage();
        PDPage p = new PDPage(PAGE);
        doc.addPage(p);
        out = new PDPageContentStream(doc, p);
        page++;
        y = MARGIN_TOP;
        if (continuation) {
            continuationHeader.run();
        }
    }

    void ensure(float height) throws IOException {
        if (height > remaining()) {
            newPage(true);
        }
    }

    void closePage() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    void region(String box, float x, float top, float w, float h, boolean continued) {
        regions.add(new Region(box, page, x, top, w, h, continued));
    }

    // ---- primitives (top-left coordinates) ----

    private float pdfY(float top) {
        return PAGE.getHeight() - top;
    }

    void fillRect(float x, float top, float w, float h, float grey) throws IOException {
        out.setNonStrokingColor(grey, grey, grey);
        out.addRect(x, pdfY(top + h), w, h);
        out.fill();
        out.setNonStrokingColor(0f, 0f, 0f);
    }

    void strokeRect(float x, float top, float w, float h) throws IOException {
        out.setLineWidth(0.7f);
        out.setStrokingColor(0f, 0f, 0f);
        out.addRect(x, pdfY(top + h), w, h);
        out.stroke();
    }

    void line(float x1, float top1, float x2, float top2, float width, float grey) throws IOException {
        out.setLineWidth(width);
        out.setStrokingColor(grey, grey, grey);
        out.moveTo(x1, pdfY(top1));
        out.lineTo(x2, pdfY(top2));
        out.stroke();
        out.setStrokingColor(0f, 0f, 0f);
    }

    /** A polyline (a signature stroke). */
    void polyline(float[] xs, float[] tops) throws IOException {
        if (xs.length < 2) {
            return;
        }
        out.setLineWidth(1.1f);
        out.moveTo(xs[0], pdfY(tops[0]));
        for (int i = 1; i < xs.length; i++) {
            out.lineTo(xs[i], pdfY(tops[i]));
        }
        out.stroke();
    }

    void ellipse(float cx, float ctop, float rx, float ry) throws IOException {
        final float k = 0.5523f;
        float cy = pdfY(ctop);
        out.setLineWidth(1.1f);
        out.moveTo(cx + rx, cy);
        out.curveTo(cx + rx, cy + ry * k, cx + rx * k, cy + ry, cx, cy + ry);
        out.curveTo(cx - rx * k, cy + ry, cx - rx, cy + ry * k, cx - rx, cy);
        out.curveTo(cx - rx, cy - ry * k, cx - rx * k, cy - ry, cx, cy - ry);
        out.curveTo(cx + rx * k, cy - ry, cx + rx, cy - ry * k, cx + rx, cy);
        out.stroke();
    }

    /** One line of text whose baseline is at {@code baselineTop}. The text must be cleaned. */
    void text(PDType0Font font, float size, float x, float baselineTop, String s) throws IOException {
        if (s.isEmpty()) {
            return;
        }
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, pdfY(baselineTop));
        out.showText(s);
        out.endText();
    }

    void image(org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject img, float x, float top, float w, float h)
            throws IOException {
        out.drawImage(img, x, pdfY(top + h), w, h);
    }

    // ---- text measuring ----

    static float lineHeight(float size) {
        return size * 1.25f;
    }

    /**
     * Wraps text into lines no wider than {@code width}: paragraphs (line breaks) are kept, words
     * move to the next line, and a word longer than a line is broken. The text is cleaned first.
     */
    List<String> wrap(String text, PDType0Font font, float size, float width) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return lines;
        }
        String normal = text.replace("\r\n", "\n").replace('\r', '\n');
        for (String paragraph : normal.split("\n", -1)) {
            String p = fonts.clean(paragraph).stripTrailing();
            if (p.isBlank()) {
                lines.add("");
                continue;
            }
            StringBuilder current = new StringBuilder();
            for (String word : p.split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                String candidate = current.length() == 0 ? word : current + " " + word;
                if (PdfFonts.width(font, size, candidate) <= width) {
                    current.setLength(0);
                    current.append(candidate);
                    continue;
                }
                if (current.length() > 0) {
                    lines.add(current.toString());
                    current.setLength(0);
                }
                // The word alone: break it if it is wider than a line.
                String rest = word;
                while (PdfFonts.width(font, size, rest) > width) {
                    int cut = fitting(rest, font, size, width);
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                current.append(rest);
            }
            if (current.length() > 0) {
                lines.add(current.toString());
            }
        }
        // Trailing empty paragraphs add nothing.
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static int fitting(String s, PDType0Font font, float size, float width) {
        int cut = 1;
        while (cut < s.length()) {
            int next = s.offsetByCodePoints(cut, 1);
            if (PdfFonts.width(font, size, s.substring(0, next)) > width) {
                break;
            }
            cut = next;
        }
        return cut;
    }
}
