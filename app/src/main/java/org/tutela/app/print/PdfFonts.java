package org.tutela.app.print;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The bundled DejaVu Sans (regular and bold, licence in {@code fonts/LICENSE-DejaVu.txt}),
 * embedded as a subset into each document, so that every language the app supports prints
 * (Welsh ŵ ŷ, ü, ß, €). The font files are read from the classpath once and parsed from memory
 * per document.
 */
final class PdfFonts {
    private static final String REGULAR = "fonts/DejaVuSans.ttf";
    private static final String BOLD = "fonts/DejaVuSans-Bold.ttf";
    private static volatile byte[] regularBytes;
    private static volatile byte[] boldBytes;

    final PDType0Font regular;
    final PDType0Font bold;
    private final Map<Integer, Boolean> printable = new HashMap<>();

    private final CmapLookup regularCmap;
    private final CmapLookup boldCmap;

    private PdfFonts(PDType0Font regular, PDType0Font bold, CmapLookup regularCmap, CmapLookup boldCmap) {
        this.regular = regular;
        this.bold = bold;
        this.regularCmap = regularCmap;
        this.boldCmap = boldCmap;
    }

    static PdfFonts load(PDDocument doc) throws IOException {
        TrueTypeFont rt = new TTFParser().parse(new RandomAccessReadBuffer(bytes(REGULAR)));
        TrueTypeFont bt = new TTFParser().parse(new RandomAccessReadBuffer(bytes(BOLD)));
        PDType0Font r = PDType0Font.load(doc, rt, true);
        PDType0Font b = PDType0Font.load(doc, bt, true);
        return new PdfFonts(r, b, rt.getUnicodeCmapLookup(), bt.getUnicodeCmapLookup());
    }

    private static byte[] bytes(String name) {
        byte[] cached = REGULAR.equals(name) ? regularBytes : boldBytes;
        if (cached != null) {
            return cached;
        }
        try (InputStream in = PdfFonts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The bundled font " + name + " is missing");
            }
            byte[] read = in.readAllBytes();
            if (REGULAR.equals(name)) {
                regularBytes = read;
            } else {
                boldBytes = read;
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text with what cannot print replaced: tabs become spaces, other control characters are
     * dropped, and a character neither font has a glyph for becomes "?".
     */
    String clean(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                out.append(' ');
            } else if (Character.isISOControl(cp) || cp == 0xFEFF) {
                // dropped
            } else if (canPrint(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private boolean canPrint(int cp) {
        if (cp < 0x7F) {
            return true;
        }
        return printable.computeIfAbsent(cp, c -> regularCmap.getGlyphId(c) != 0 && boldCmap.getGlyphId(c) != 0);
    }

    static float width(PDType0Font font, float size, String text) {
        try {
            return font.getStringWidth(text) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
