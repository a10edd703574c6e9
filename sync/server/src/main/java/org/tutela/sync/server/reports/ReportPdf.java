package org.tutela.sync.server.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A printable report: a title, a few lines under it, and sections of tables, on A4 landscape pages
 * numbered "page n of m". The text is set in DejaVu Sans (the font the laptop prints its forms in,
 * from the shared module), embedded as a subset, so Welsh names (ŵ, ŷ) print as they are. A table
 * that does not fit on a page continues on the next under its headings again.
 */
public final class ReportPdf {
    private static final String REGULAR = "/org/tutela/app/print/fonts/DejaVuSans.ttf";
    private static final String BOLD = "/org/tutela/app/print/fonts/DejaVuSans-Bold.ttf";
    private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
    private static final float MARGIN = 36;
    private static final float BODY = 9;
    private static final float ROW = 14;

    /** A table: headings, rows of text, and which columns are numbers (right-aligned). */
    public record Table(List<String> headings, List<List<String>> rows, boolean[] numeric) {
    }

    /** A section: a heading, a sentence or two, and a table (or none). */
    public record Section(String heading, List<String> lines, Table table) {
    }

    /**
     * @param footer the words around the page number, with {0} and {1} for the page and the pages ("Page {0} of {1}")
     */
    public static byte[] render(String title, List<String> subtitle, List<Section> sections, String footer) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType0Font regular = font(doc, REGULAR);
            PDType0Font bold = font(doc, BOLD);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("Tutela head office");
            Writer w = new Writer(doc, regular, bold);
            w.newPage();
            w.text(bold, 16, title);
            w.y -= 6;
            for (String s : subtitle) {
                w.text(regular, 10, s);
            }
            for (Section s : sections) {
                w.y -= 10;
                w.need(ROW * 4);
                w.text(bold, 12, s.heading());
                for (String line : s.lines()) {
                    w.text(regular, BODY + 1, line);
                }
                if (s.table() != null) {
                    w.y -= 4;
                    w.table(s.table());
                }
            }
            w.close();
            int pages = doc.getNumberOfPages();
            for (int i = 0; i < pages; i++) {
                try (PDPageContentStream cs = new PDPageContentStream(doc, doc.getPage(i), PDPageContentStream.AppendMode.APPEND, true)) {
                    String f = footer.replace("{0}", Integer.toString(i + 1)).replace("{1}", Integer.toString(pages));
                    cs.beginText();
                    cs.setFont(regular, 8);
                    float width = regular.getStringWidth(f) / 1000 * 8;
                    cs.newLineAtOffset(PAGE.getWidth() - MARGIN - width, MARGIN / 2);
                    cs.showText(f);
                    cs.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static PDType0Font font(PDDocument doc, String resource) throws IOException {
        try (InputStream in = ReportPdf.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The bundled font " + resource + " is missing");
            }
            return PDType0Font.load(doc, in, true);
        }
    }

    /** Lays text and tables down the pages. */
    private static final class Writer {
        final PDDocument doc;
        final PDType0Font regular;
        final PDType0Font bold;
        PDPageContentStream cs;
        float y;

        Writer(PDDocument doc, PDType0Font regular, PDType0Font bold) {
            this.doc = doc;
            this.regular = regular;
            this.bold = bold;
        }

        void newPage() throws IOException {
            close();
            PDPage p = new PDPage(PAGE);
            doc.addPage(p);
            cs = new PDPageContentStream(doc, p);
            y = PAGE.getHeight() - MARGIN;
        }

        void close() throws IOException {
            if (cs != null) {
                cs.close();
                cs = null;
            }
        }

        void need(float height) throws IOException {
            if (y - height < MARGIN) {
                newPage();
            }
        }

        void text(PDType0Font f, float size, String s) throws IOException {
            float width = PAGE.getWidth() - 2 * MARGIN;
            for (String line : wrap(f, size, s, width)) {
                need(size * 1.5f);
                y -= size * 1.4f;
                show(f, size, MARGIN, y, line);
            }
        }

        void show(PDType0Font f, float size, float x, float at, String s) throws IOException {
            cs.beginText();
            cs.setFont(f, size);
            cs.newLineAtOffset(x, at);
            cs.showText(s);
            cs.endText();
        }

        float width(PDType0Font f, float size, String s) throws IOException {
            return f.getStringWidth(s) / 1000 * size;
        }

        List<String> wrap(PDType0Font f, float size, String s, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : s.split(" ")) {
                String next = line.length() == 0 ? word : line + " " + word;
                if (width(f, size, next) > width && line.length() > 0) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(next);
                }
            }
            lines.add(line.toString());
            return lines;
        }

        void table(Table t) throws IOException {
            int n = t.headings().size();
            float available = PAGE.getWidth() - 2 * MARGIN;
            // each column as wide as its widest cell or the longest word of its heading (headings wrap)
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                for (String word : t.headings().get(i).split(" ")) {
                    w[i] = Math.max(w[i], width(bold, BODY, word) + 8);
                }
            }
            for (List<String> row : t.rows()) {
                for (int i = 0; i < n; i++) {
                    w[i] = Math.max(w[i], Math.min(available / 4, width(regular, BODY, row.get(i) == null ? "" : row.get(i)) + 10));
                }
            }
            float sum = total(w);
            // too wide: narrow every column alike; room to spare: widen them, but not beyond half as much again
            float scale = sum > available ? available / sum : Math.min(1.5f, available / sum);
            for (int i = 0; i < n; i++) {
                w[i] *= scale;
            }
            header(t, w);
            boolean shade = false;
            for (List<String> row : t.rows()) {
                if (y - ROW < MARGIN + 6) {
                    newPage();
                    header(t, w);
                }
                y -= ROW;
                if (shade) {
                    cs.setNonStrokingColor(0.94f, 0.95f, 0.96f);
                    cs.addRect(MARGIN, y - 4, total(w), ROW);
                    cs.fill();
                    cs.setNonStrokingColor(0f, 0f, 0f);
                }
                shade = !shade;
                cells(regular, row, w, t.numeric());
            }
            y -= 4;
        }

        private float total(float[] w) {
            float s = 0;
            for (float x : w) {
                s += x;
            }
            return s;
        }

        /** The headings, each wrapped within its column, bottom-aligned above a rule. */
        private void header(Table t, float[] w) throws IOException {
            List<List<String>> wrapped = new ArrayList<>();
            int lines = 1;
            for (int i = 0; i < w.length; i++) {
                List<String> l = wrap(bold, BODY, t.headings().get(i), w[i] - 6);
                wrapped.add(l);
                lines = Math.max(lines, l.size());
            }
            need(ROW * (lines + 2));
            float x = MARGIN;
            for (int i = 0; i < w.length; i++) {
                List<String> l = wrapped.get(i);
                for (int k = 0; k < l.size(); k++) {
                    float at = y - ROW * (lines - l.size() + k + 1);
                    String s = l.get(k);
                    float tx = t.numeric() != null && t.numeric()[i] ? x + w[i] - 6 - width(bold, BODY, s) : x;
                    show(bold, BODY, tx, at, s);
                }
                x += w[i];
            }
            y -= ROW * lines;
            cs.setLineWidth(0.8f);
            cs.moveTo(MARGIN, y - 4);
            cs.lineTo(MARGIN + total(w), y - 4);
            cs.stroke();
        }

        private void cells(PDType0Font f, List<String> row, float[] w, boolean[] numeric) throws IOException {
            float x = MARGIN;
            for (int i = 0; i < w.length; i++) {
                String s = row.get(i) == null ? "" : row.get(i);
                // too long for its column: cut with an ellipsis rather than run into the next
                while (s.length() > 1 && width(f, BODY, s) > w[i] - 6) {
                    s = s.substring(0, s.length() - 2) + "…";
                }
                float tx = numeric != null && numeric[i] ? x + w[i] - 6 - width(f, BODY, s) : x;
                show(f, BODY, tx, y, s);
                x += w[i];
            }
        }
    }
}
