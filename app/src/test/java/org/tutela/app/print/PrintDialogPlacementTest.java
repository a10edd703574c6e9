package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Dimension;
import java.awt.Point;
import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

/** The system's print dialog is placed in the middle of the window it prints from, never off the screen. */
class PrintDialogPlacementTest {
    private static final Rectangle SCREEN = new Rectangle(0, 0, 1366, 768);
    private static final Dimension DIALOG = new Dimension(560, 460);

    @Test
    void centredOnTheWindowItIsFor() {
        Rectangle preview = new Rectangle(400, 60, 680, 640);
        Point at = PdfPrinter.centred(preview, DIALOG, SCREEN);
        assertEquals(new Point(400 + (680 - 560) / 2, 60 + (640 - 460) / 2), at, "the middle of the preview, not the top-left corner");
    }

    @Test
    void keptOnTheScreenAndCentredOnItWithoutAWindow() {
        assertEquals(new Point((1366 - 560) / 2, (768 - 460) / 2), PdfPrinter.centred(null, DIALOG, SCREEN));
        Point nearTheEdge = PdfPrinter.centred(new Rectangle(1200, 700, 300, 200), DIALOG, SCREEN);
        assertEquals(new Point(1366 - 560, 768 - 460), nearTheEdge);
    }
}
