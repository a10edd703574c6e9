package org.tutela.app.ui.tutorial;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ObservableList;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import org.tutela.app.domain.Signature;

/**
 * A box to sign in with a pen, a finger or the mouse. Strokes are kept in the box's own
 * coordinates (0..1 of its width and height) so a signature draws the same at any size.
 */
public final class SignaturePad extends StackPane {
    private static final double WIDTH = 380;
    private static final double HEIGHT = 96;
    private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
    private final ObservableList<Signature.Stroke> strokes;
    private List<Signature.Point> current;
    private boolean enabled = true;

    /** @param strokes the signature's strokes: drawing adds to it, and it is drawn whenever it changes */
    public SignaturePad(ObservableList<Signature.Stroke> strokes) {
        this.strokes = strokes;
        strokes.addListener((javafx.collections.ListChangeListener<Signature.Stroke>) c -> redraw());
        getChildren().add(canvas);
        getStyleClass().add("signature-pad");
        setMaxSize(WIDTH + 4, HEIGHT + 4);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (enabled) {
                current = new ArrayList<>();
                current.add(point(e));
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (enabled && current != null) {
                current.add(point(e));
                redraw();
                drawStroke(canvas.getGraphicsContext2D(), current);
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (enabled && current != null) {
                if (current.size() > 1) {
                    strokes.add(new Signature.Stroke(current));
                }
                current = null;
                redraw();
            }
        });
        redraw();
    }

    private Signature.Point point(MouseEvent e) {
        double x = Math.max(0, Math.min(WIDTH, e.getX())) / WIDTH;
        double y = Math.max(0, Math.min(HEIGHT, e.getY())) / HEIGHT;
        return new Signature.Point((float) x, (float) y);
    }

    /** The strokes drawn (or shown). */
    public ObservableList<Signature.Stroke> strokes() {
        return strokes;
    }

    public void clear() {
        strokes.clear();
    }

    public void setDrawingEnabled(boolean on) {
        enabled = on;
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setStroke(Color.web("#c9d3dc"));
        g.setLineWidth(1);
        g.strokeLine(12, HEIGHT - 20, WIDTH - 12, HEIGHT - 20);
        for (Signature.Stroke s : strokes) {
            drawStroke(g, s.points());
        }
    }

    private static void drawStroke(GraphicsContext g, List<Signature.Point> points) {
        g.setStroke(Color.web("#10243a"));
        g.setLineWidth(2);
        g.beginPath();
        for (int i = 0; i < points.size(); i++) {
            double x = points.get(i).x() * WIDTH;
            double y = points.get(i).y() * HEIGHT;
            if (i == 0) {
                g.moveTo(x, y);
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
    }
}
