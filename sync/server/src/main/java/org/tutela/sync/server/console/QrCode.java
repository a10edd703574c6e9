package org.tutela.sync.server.console;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

/**
 * A QR code drawn as one SVG path on the server (ZXing's encoder), so that the page needs no
 * script and no image fetched from elsewhere: the console's CSP allows neither.
 *
 * @param modules the code's width in modules, without the quiet zone
 * @param path the SVG path of the dark modules, one unit a module
 */
public record QrCode(int modules, String path) {
    /** The quiet zone around the code, in modules (the standard's four). */
    public static final int QUIET = 4;

    public static QrCode of(String text) {
        ByteMatrix m;
        try {
            m = Encoder.encode(text, ErrorCorrectionLevel.M).getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("Too long for a QR code", e);
        }
        StringBuilder d = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y) == 1) {
                    d.append('M').append(x + QUIET).append(' ').append(y + QUIET).append("h1v1h-1z");
                }
            }
        }
        return new QrCode(m.getWidth(), d.toString());
    }

    /** The viewBox side: the code and its quiet zone. */
    public int side() {
        return modules + 2 * QUIET;
    }
}
