package org.tutela.sync.server.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.tutela.sync.server.safeguarding.SafeguardingCases;

/**
 * A learner's safeguarding chronology as an A4 PDF, in memory only: the learner, then every event
 * in date order (when, what, who, the words written), with "Confidential" and the page on every
 * page. DejaVu Sans (bundled, licence beside it) is embedded as a subset, so Welsh letters print.
 */
final class ChronologyPdf {
    private static final String REGULAR = "fonts/DejaVuSans.ttf";
    private static final String BOLD = "fonts/DejaVuSans-Bold.ttf";
    private static final float MARGIN = 50;
    private static final float WHEN = 118;
    private static final float SIZE = 9.5f;
    private static final float LEADING = 13;

    private final PDDocument doc;
    private final PDType0Font regular;
    private final PDType0Font bold;
    private final CmapLookup regularCmap;
    private final CmapLookup boldCmap;
    private final ConsoleText t;
    private final String footer;
    private PDPageContentStream out;
    private float y;
    private int pages;

    private ChronologyPdf(PDDocument doc, ConsoleText t, String footer) throws IOException {
        this.doc = doc;
        this.t = t;
        this.footer = footer;
        TrueTypeFont rt = new TTFParser().parse(new RandomAccessReadBuffer(bytes(REGULAR)));
        TrueTypeFont bt = new TTFParser().parse(new RandomAccessReadBuffer(bytes(BOLD)));
        this.regular = PDType0Font.load(doc, rt, true);
        this.bold = PDType0Font.load(doc, bt, true);
        this.regularCmap = rt.getUnicodeCmapLookup();
        this.boldCmap = bt.getUnicodeCmapLookup();
    }

    static byte[] render(ConsoleText t, SafeguardingCases.LearnerRef learner, List<SafeguardingCases.Event> events, long printedAt) {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(t.lookup("chronology.pdf.title"));
            ChronologyPdf pdf = new ChronologyPdf(doc, t, t.format("chronology.pdf.footer", t.time(printedAt)));
            pdf.newPage();
            pdf.line(pdf.bold, 16, MARGIN, t.lookup("chronology.pdf.title"));
            pdf.y -= 8;
            pdf.line(pdf.bold, 12, MARGIN, learner.name());
            List<String> facts = new ArrayList<>();
            if (learner.uln() != null) {
                facts.add(t.format("chronology.uln", learner.uln()));
            }
            if (learner.groupName() != null) {
                facts.add(t.format("chronology.group", learner.groupName()));
            }
            if (learner.tutorName() != null) {
                facts.add(t.format("chronology.tutor", learner.tutorName()));
            }
            if (!facts.isEmpty()) {
                pdf.line(pdf.regular, SIZE, MARGIN, String.join("   ", facts));
            }
            pdf.y -= 10;
            if (events.isEmpty()) {
                pdf.line(pdf.regular, SIZE, MARGIN, t.lookup("chronology.none"));
            }
            for (SafeguardingCases.Event e : events) {
                pdf.event(e);
            }
            pdf.finishPage();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void event(SafeguardingCases.Event e) throws IOException {
        float width = PDRectangle.A4.getWidth() - 2 * MARGIN - WHEN;
        String when = e.at() != null ? t.time(e.at()) : t.date(e.date());
        List<String> head = wrap(bold, SIZE, ChronologyWords.what(t, e), width);
        List<String> body = e.detail() == null ? List.of() : wrap(regular, SIZE, e.detail(), width);
        float needed = (head.size() + body.size()) * LEADING + 6;
        if (y - needed < MARGIN + 20 && needed < PDRectangle.A4.getHeight() - 2 * MARGIN) {
            finishPage();
            newPage();
        }
        float top = y;
        line(regular, SIZE, MARGIN, when);
        y = top;
        for (String h : head) {
            line(bold, SIZE, MARGIN + WHEN, h);
        }
        for (String b : body) {
            if (y < MARGIN + 20) {
                finishPage();
                newPage();
            }
            line(regular, SIZE, MARGIN + WHEN, b);
        }
        y -= 6;
    }

    private void newPage() throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        pages++;
        out = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private void finishPage() throws IOException {
        out.beginText();
        out.setFont(regular, 8);
        out.newLineAtOffset(MARGIN, MARGIN - 20);
        out.showText(clean(regular, footer + "   " + t.format("chronology.pdf.page", pages)));
        out.endText();
        out.close();
    }

    private void line(PDType0Font font, float size, float x, String text) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y - size);
        out.showText(clean(font, text));
        out.endText();
        y -= Math.max(LEADING, size + 4);
    }

    /** The text in lines no wider than {@code width} (a word longer than a line is cut). */
    private List<String> wrap(PDType0Font font, float size, String text, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\\R")) {
            StringBuilder current = new StringBuilder();
            for (String word : clean(font, paragraph).split(" ")) {
                String candidate = current.length() == 0 ? word : current + " " + word;
                if (width(font, size, candidate) <= width) {
                    current.setLength(0);
                    current.append(candidate);
                    continue;
                }
                if (current.length() > 0) {
                    lines.add(current.toString());
                }
                current.setLength(0);
                String rest = word;
                while (width(font, size, rest) > width && rest.length() > 1) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && width(font, size, rest.substring(0, cut)) > width) {
                        cut--;
                    }
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                current.append(rest);
            }
            lines.add(current.toString());
        }
        return lines;
    }

    private static float width(PDType0Font font, float size, String text) throws IOException {
        return font.getStringWidth(text) / 1000f * size;
    }

    /** Tabs become spaces, control characters go, and a character the font has no glyph for becomes "?". */
    private String clean(PDType0Font font, String text) {
        CmapLookup cmap = font == bold ? boldCmap : regularCmap;
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(cp) || cp == 0xFEFF) {
                // dropped
            } else if (cp < 0x7F || cmap.getGlyphId(cp) != 0) {
                b.appendCodePoint(cp);
            } else {
                b.append('?');
            }
        });
        return b.toString();
    }

    private static byte[] bytes(String name) {
        try (InputStream in = ChronologyPdf.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The bundled font " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
