package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The form's layout, checked three ways so a layout break is caught: the layout model's boxes
 * are all there and in the pro forma's order; the printed labels (found with a PDFTextStripper
 * that records where each piece of text is) come in that order and sit inside their boxes; and
 * the rendered page has each box's border where the model says it is.
 */
class FormLayoutTest {
    private static final FormLabels LABELS = new FormLabels(Locale.UK);
    /** Each box and the label printed at its start. */
    private static final Map<String, String> LABEL_OF = new LinkedHashMap<>();

    static {
        LABEL_OF.put("header", "form.title");
        LABEL_OF.put("learnerName", "label.learnerName");
        LABEL_OF.put("school", "label.school");
        LABEL_OF.put("formTutor", "label.formTutor");
        LABEL_OF.put("attendance", "label.attendance");
        LABEL_OF.put("punctuality", "label.punctuality");
        LABEL_OF.put("level", "label.level");
        LABEL_OF.put("comments", "label.comments");
        LABEL_OF.put("learnerComments", "label.learnerComments");
        LABEL_OF.put("tutorComments", "label.tutorComments");
        LABEL_OF.put("targets", "label.targets");
        LABEL_OF.put("previousTargets", "label.previousTargets");
        LABEL_OF.put("newTargets", "label.target");
        LABEL_OF.put("agreedActions", "label.agreedActions");
        LABEL_OF.put("nextTutorial", "label.nextTutorial");
        LABEL_OF.put("signedLearner", "label.signedLearner");
        LABEL_OF.put("signedTutor", "label.signedTutor");
        LABEL_OF.put("copiesTo", "label.copiesTo");
    }

    private record Placed(String text, int page, float x, float y) {
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theBoxesArePresentInTheFormsOrderOnThePage(boolean blank) throws IOException {
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        PrintItem item = blank ? PrintItems.blank(l, g, PrintFixtures.HELD_ON, "Tutor Bexamund", List.of())
                : PrintItems.of(PrintFixtures.filled(l, PrintFixtures.longComment(3)), l, g);
        RenderedPdf r = new TutorialFormPdf(PrintSettings.DEFAULT.withLocale(Locale.UK)).render(item);

        // 1. The layout model: every box, in order.
        assertEquals(LABEL_OF.keySet().stream().toList(), TutorialFormPdf.BOX_ORDER);
        List<Region> firsts = new ArrayList<>();
        for (String box : TutorialFormPdf.BOX_ORDER) {
            firsts.add(r.regions().stream().filter(x -> x.box().equals(box)).findFirst()
                    .orElseThrow(() -> new AssertionError("box missing: " + box)));
        }
        for (int i = 1; i < firsts.size(); i++) {
            Region a = firsts.get(i - 1);
            Region b = firsts.get(i);
            assertTrue(b.page() > a.page() || (b.page() == a.page() && b.top() >= a.top() + a.height() - 0.5f),
                    b.box() + " comes after " + a.box() + ": " + a + " / " + b);
        }
        for (Region x : r.regions()) {
            assertTrue(x.x() >= FormCanvas.MARGIN_X - 0.5f && x.x() + x.width() <= FormCanvas.PAGE.getWidth() - FormCanvas.MARGIN_X + 0.5f
                    && x.top() >= FormCanvas.MARGIN_TOP - 0.5f && x.top() + x.height() <= FormCanvas.PAGE.getHeight() - FormCanvas.MARGIN_BOTTOM + 0.5f,
                    "inside the margins: " + x);
        }

        try (PDDocument doc = TutorialFormPdf.load(r.bytes())) {
            // 2. The printed labels: in order, each inside its box.
            List<Placed> placed = placedText(doc);
            int from = 0;
            int lastPage = 0;
            float lastY = -1f;
            for (int i = 0; i < firsts.size(); i++) {
                String label = LABELS.get(LABEL_OF.get(firsts.get(i).box()));
                String start = label.length() > 10 ? label.substring(0, 10) : label;
                int found = -1;
                for (int j = from; j < placed.size(); j++) {
                    if (placed.get(j).text().startsWith(start)) {
                        found = j;
                        break;
                    }
                }
                assertTrue(found >= 0, "label printed after the previous one: " + label);
                Placed p = placed.get(found);
                assertTrue(p.page() > lastPage || p.y() > lastY, "label " + label + " below the one before");
                Region box = firsts.get(i);
                assertEquals(box.page(), p.page(), "label " + label + " on its box's page");
                assertTrue(p.x() >= box.x() && p.x() <= box.x() + box.width()
                        && p.y() >= box.top() && p.y() <= box.top() + box.height() + 1f,
                        "label " + label + " at " + p + " inside " + box);
                from = found + 1;
                lastPage = p.page();
                lastY = p.y();
            }

            // 3. The rendered page: each box's top border is drawn where the model says.
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 72f, ImageType.GRAY);
            for (Region x : firsts) {
                if (x.page() != 0 || x.box().equals("header")) {
                    continue;
                }
                int y = Math.round(x.top());
                int dark = 0;
                int samples = 0;
                for (float px = x.x() + 3f; px < x.x() + x.width() - 3f; px += 7f) {
                    samples++;
                    int best = 255;
                    for (int dy = -1; dy <= 1; dy++) {
                        best = Math.min(best, page.getRaster().getSample(Math.round(px), y + dy, 0));
                    }
                    if (best < 140) {
                        dark++;
                    }
                }
                assertTrue(dark > samples * 0.9, "the top border of " + x.box() + " is drawn (" + dark + "/" + samples + ")");
            }
        }
    }

    private static List<Placed> placedText(PDDocument doc) throws IOException {
        List<Placed> out = new ArrayList<>();
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) throws IOException {
                if (!positions.isEmpty()) {
                    TextPosition first = positions.get(0);
                    out.add(new Placed(text, getCurrentPageNo() - 1, first.getXDirAdj(), first.getYDirAdj()));
                }
                super.writeString(text, positions);
            }
        };
        stripper.setSortByPosition(true);
        stripper.getText(doc);
        return out;
    }
}
