package org.tutela.app.print;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.TargetReview;

/**
 * Renders the Progress Review / Tutorial Form (the appendix of the Herefordshire manual) to PDF
 * with Apache PDFBox, on A4, every box in the pro forma's order: filled from a tutorial, or blank
 * for handwriting. A confidential tutorial renders as its envelope label only.
 *
 * <p>Rendering happens in memory: PDFBox's scratch storage is memory-only and the result is a
 * byte array, so no plaintext reaches the disk unless the user saves it. Long text wraps and flows
 * onto the next page rather than being cut. Thread-safe: each call builds its own document.
 */
public final class TutorialFormPdf {
    /** The form's boxes, in the order they print. */
    public static final List<String> BOX_ORDER = List.of(
            "header", "learnerName", "school", "formTutor", "attendance", "punctuality", "level",
            "comments", "learnerComments", "tutorComments", "targets", "previousTargets", "newTargets",
            "agreedActions", "nextTutorial", "signedLearner", "signedTutor", "copiesTo");

    private static final float BLANK_COMMENTS = 150f;
    private static final float BLANK_SHORT = 80f;
    private static final float BLANK_ACTIONS = 50f;
    private static final float ROW_MIN = 20f;

    static {
        // ImageIO (used by PDFBox for images, e.g. a JPEG logo in the preview) would otherwise
        // cache streams in temp files.
        javax.imageio.ImageIO.setUseCache(false);
    }

    private final PrintSettings settings;
    private final FormLabels labels;

    public TutorialFormPdf(PrintSettings settings) {
        this.settings = settings == null ? PrintSettings.DEFAULT : settings;
        this.labels = new FormLabels(this.settings.locale());
    }

    public PrintSettings settings() {
        return settings;
    }

    /** One tutorial's form (or envelope label) as a PDF in memory. */
    public RenderedPdf render(PrintItem item) {
        return renderAll(List.of(item), null, null);
    }

    /**
     * Several forms in one PDF (one print job), each starting on a new page with its own page
     * numbers.
     *
     * @param progress told the number of items rendered so far, after each; may be null
     * @param cancelled asked before each item; when it answers true rendering stops and
     *     {@link java.util.concurrent.CancellationException} is thrown; may be null
     */
    public RenderedPdf renderAll(List<? extends PrintItem> items, IntConsumer progress, BooleanSupplier cancelled) {
        List<Region> regions = new ArrayList<>();
        try (PDDocument doc = newDocument()) {
            PdfFonts fonts = PdfFonts.load(doc);
            PDImageXObject logo = settings.logoBytes() == null ? null
                    : PDImageXObject.createFromByteArray(doc, settings.logoBytes(), "logo");
            FormCanvas canvas = new FormCanvas(doc, fonts, regions);
            int done = 0;
            for (PrintItem item : items) {
                if (cancelled != null && cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("Printing was cancelled");
                }
                int first = canvas.page() + 1;
                if (item instanceof EnvelopeLabel label) {
                    drawEnvelope(canvas, label, logo);
                } else {
                    drawForm(canvas, (FormContent) item, logo);
                }
                canvas.closePage();
                numberPages(doc, fonts, first, canvas.page());
                done++;
                if (progress != null) {
                    progress.accept(done);
                }
            }
            if (doc.getNumberOfPages() == 0) {
                doc.addPage(new PDPage(FormCanvas.PAGE));
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(labels.get("form.title"));
            info.setCreator("Tutela");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            doc.save(bytes);
            return new RenderedPdf(bytes.toByteArray(), doc.getNumberOfPages(), regions);
        } catch (IOException e) {
            throw new UncheckedIOException("The form could not be rendered", e);
        }
    }

    /** A new document whose scratch storage stays in memory (never a temp file). */
    public static PDDocument newDocument() {
        return new PDDocument(IOUtils.createMemoryOnlyStreamCache());
    }

    /** Loads a rendered PDF for printing or preview, with memory-only scratch storage. */
    public static PDDocument load(byte[] pdf) {
        try {
            return org.apache.pdfbox.Loader.loadPDF(pdf, "", null, null, IOUtils.createMemoryOnlyStreamCache());
        } catch (IOException e) {
            throw new UncheckedIOException("The PDF could not be read", e);
        }
    }

    // ---- the form ----

    private void drawForm(FormCanvas c, FormContent f, PDImageXObject logo) throws IOException {
        PdfFonts fonts = c.fonts;
        c.onContinuationPage(() -> continuationHeader(c, f.header().learnerName()));
        c.newPage(false);
        header(c, f, logo);

        float w = FormCanvas.WIDTH;
        float x = FormCanvas.MARGIN_X;
        float l1 = 112f;
        float v1 = 150f;
        float l2 = 112f;
        float v2 = w - l1 - v1 - l2;
        row(c, "learnerName", label(c, l1, labels.get("label.learnerName")), value(c, v1, f.header().learnerName()),
                label(c, l2, labels.get("label.courseTutor")), value(c, v2, f.header().courseTutor()));
        row(c, "school", label(c, l1, labels.get("label.school")), value(c, v1, f.header().school()),
                label(c, l2, labels.get("label.course")), value(c, v2, f.header().course()));
        row(c, "formTutor", label(c, l1, labels.get("label.formTutor")), value(c, v1, f.header().formTutor()),
                label(c, l2, labels.get("label.yearOfCourse")),
                value(c, v2, f.header().yearOfCourse() == null ? null : String.valueOf(f.header().yearOfCourse())));
        String lessons = f.form().attendance() == null ? "" : String.valueOf(f.form().attendance().lessons());
        String absences = f.form().attendance() == null ? "" : String.valueOf(f.form().attendance().absences());
        float half = (w - l1) / 2f;
        row(c, "attendance", label(c, l1, labels.get("label.attendance")),
                labelledValue(c, half, labels.get("label.lessons"), lessons),
                labelledValue(c, w - l1 - half, labels.get("label.absences"), absences));

        List<Cell> punctuality = new ArrayList<>();
        punctuality.add(label(c, l1, labels.get("label.punctuality")));
        Punctuality[] kinds = Punctuality.values();
        float each = (w - l1) / kinds.length;
        for (Punctuality p : kinds) {
            punctuality.add(options(c, each, List.of(labels.get("punctuality." + p.name())), p == f.form().punctuality() ? 0 : -1));
        }
        row(c, "punctuality", punctuality.toArray(Cell[]::new));

        int yesNo = f.form().onTargetToAchieve() == null ? -1 : f.form().onTargetToAchieve() ? 0 : 1;
        row(c, "level", label(c, l1, labels.get("label.level")), value(c, v1, f.form().levelWorkingTowards()),
                label(c, l2, labels.get("label.onTarget")),
                options(c, v2, List.of(labels.get("answer.yes"), labels.get("answer.no")), yesNo));

        flowBox(c, "comments", labels.get("label.comments"), labels.get("label.comments.short"), f.form().comments(),
                f.blank() ? BLANK_COMMENTS : 0f, true);
        flowBox(c, "learnerComments", labels.get("label.learnerComments"), null, f.form().learnerComments(),
                f.blank() ? BLANK_SHORT : 0f, false);
        flowBox(c, "tutorComments", labels.get("label.tutorComments"), null, f.form().tutorComments(),
                f.blank() ? BLANK_SHORT : 0f, false);

        // Targets: the previous ones reviewed, then the new SMART targets with "by when".
        c.ensure(ROW_MIN * 4);
        row(c, "targets", section(c, w, labels.get("label.targets")));
        float yn = 92f;
        int overall = overallMet(f.form().previousTargets());
        row(c, "previousTargets", label(c, w - yn, labels.get("label.previousTargets")),
                options(c, yn, List.of(labels.get("answer.yes"), labels.get("answer.no")), overall));
        float tw = 250f;
        for (TargetReview r : f.form().previousTargets()) {
            String text = r.text() + (r.byWhen() == null ? "" : " (" + labels.get("label.byWhen") + ": " + labels.date(r.byWhen()) + ")");
            int met = r.met() == null ? -1 : r.met() ? 0 : 1;
            row(c, "previousTarget", value(c, tw, text),
                    options(c, yn, List.of(labels.get("answer.yes"), labels.get("answer.no")), met),
                    labelledValue(c, w - tw - yn, labels.get("label.whyNot"), r.whyNot(), f.blank() ? 26f : 0f));
        }
        if (f.form().previousTargets().isEmpty() && f.blank()) {
            for (int i = 0; i < 2; i++) {
                row(c, "previousTarget", blankCell(c, tw, 24f),
                        options(c, yn, List.of(labels.get("answer.yes"), labels.get("answer.no")), -1),
                        labelledValue(c, w - tw - yn, labels.get("label.whyNot"), null, 24f));
            }
        }
        float by = 120f;
        c.ensure(ROW_MIN + 26f);
        row(c, "newTargets", label(c, w - by, labels.get("label.target")), label(c, by, labels.get("label.byWhen")));
        // When the table goes on over a page break, its header row is repeated.
        Runnable header = () -> {
            try {
                row(c, "newTargets-continued", label(c, w - by, labels.get("label.target")), label(c, by, labels.get("label.byWhen")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        for (NewTarget t : f.form().newTargets()) {
            tableRow(c, header, "newTarget", value(c, w - by, t.text()), value(c, by, labels.date(t.byWhen())));
        }
        int emptyRows = f.blank() ? Math.max(0, 4 - f.form().newTargets().size()) : f.form().newTargets().isEmpty() ? 1 : 0;
        for (int i = 0; i < emptyRows; i++) {
            tableRow(c, header, "newTarget", blankCell(c, w - by, 26f), blankCell(c, by, 26f));
        }

        flowBox(c, "agreedActions", labels.get("label.agreedActions"), null, f.form().agreedActions(),
                f.blank() ? BLANK_ACTIONS : 0f, false);
        float nl = 200f;
        row(c, "nextTutorial", label(c, nl, labels.get("label.nextTutorial")),
                value(c, w - nl, labels.date(f.form().nextTutorialDate())));

        float sl = 112f;
        float dl = 50f;
        float dv = 120f;
        c.ensure(2 * 36f + 24f);
        row(c, "signedLearner", label(c, sl, labels.get("label.signedLearner")), signature(c, w - sl - dl - dv, f.extras().learnerSignature()),
                label(c, dl, labels.get("label.date")),
                value(c, dv, f.extras().learnerSignature() == null ? null : labels.date(f.extras().learnerSignature().date())));
        row(c, "signedTutor", label(c, sl, labels.get("label.signedTutor")), signature(c, w - sl - dl - dv, f.extras().tutorSignature()),
                label(c, dl, labels.get("label.date")),
                value(c, dv, f.extras().tutorSignature() == null ? null : labels.date(f.extras().tutorSignature().date())));
        c.gap(8f);
        float cl = 140f;
        row(c, "copiesTo", label(c, cl, labels.get("label.copiesTo")), checkboxes(c, w - cl, f));
    }

    private static int overallMet(List<TargetReview> reviews) {
        if (reviews.isEmpty() || reviews.stream().anyMatch(r -> r.met() == null)) {
            return -1;
        }
        return reviews.stream().allMatch(TargetReview::met) ? 0 : 1;
    }

    private void header(FormCanvas c, FormContent f, PDImageXObject logo) throws IOException {
        String meta = f.extras().date() == null
                ? labels.get("form.meta.blank", nz(f.extras().tutor()))
                : labels.get("form.meta", labels.date(f.extras().date()), nz(f.extras().tutor()));
        if (f.extras().groupName() != null) {
            meta = meta + " · " + f.extras().groupName();
        }
        drawTitleBlock(c, labels.get("form.title"), meta, logo);
    }

    private void drawTitleBlock(FormCanvas c, String title, String meta, PDImageXObject logo) throws IOException {
        PdfFonts fonts = c.fonts;
        float top = c.y();
        float x = FormCanvas.MARGIN_X;
        float logoH = 0f;
        if (logo != null) {
            float maxW = 120f;
            float maxH = 42f;
            float scale = Math.min(maxW / logo.getWidth(), maxH / logo.getHeight());
            float lw = logo.getWidth() * scale;
            logoH = logo.getHeight() * scale;
            c.image(logo, FormCanvas.MARGIN_X + FormCanvas.WIDTH - lw, top, lw, logoH);
        }
        float textW = FormCanvas.WIDTH - (logo == null ? 0f : 130f);
        float y = top;
        if (settings.organisationName() != null) {
            for (String line : c.wrap(settings.organisationName(), fonts.bold, 11f, textW)) {
                y += 11f;
                c.text(fonts.bold, 11f, x, y, line);
                y += 3f;
            }
            y += 4f;
        }
        for (String line : c.wrap(title, fonts.bold, 15f, textW)) {
            y += 15f;
            c.text(fonts.bold, 15f, x, y, line);
            y += 3f;
        }
        for (String line : c.wrap(meta, fonts.regular, FormCanvas.LABEL_SIZE, textW)) {
            y += 11f;
            c.text(fonts.regular, FormCanvas.LABEL_SIZE, x, y, line);
        }
        y = Math.max(y + 8f, top + logoH + 6f);
        c.region("header", x, top, FormCanvas.WIDTH, y - top, false);
        c.gap(y - top);
    }

    private void continuationHeader(FormCanvas c, String learnerName) {
        try {
            String text = c.fonts.clean(labels.get("form.title") + (learnerName == null ? "" : " – " + learnerName));
            c.text(c.fonts.bold, FormCanvas.LABEL_SIZE, FormCanvas.MARGIN_X, c.y() + 9f, text);
            c.line(FormCanvas.MARGIN_X, c.y() + 13f, FormCanvas.MARGIN_X + FormCanvas.WIDTH, c.y() + 13f, 0.5f, 0.4f);
            c.gap(20f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "Page n of m" at the foot of each page of one form. */
    private void numberPages(PDDocument doc, PdfFonts fonts, int first, int last) throws IOException {
        int count = last - first + 1;
        for (int i = first; i <= last; i++) {
            PDPage page = doc.getPage(i);
            String text = fonts.clean(labels.get("form.page", i - first + 1, count));
            float tw = PdfFonts.width(fonts.regular, FormCanvas.SMALL_SIZE, text);
            try (PDPageContentStream out = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                out.beginText();
                out.setFont(fonts.regular, FormCanvas.SMALL_SIZE);
                out.newLineAtOffset(FormCanvas.MARGIN_X + FormCanvas.WIDTH - tw, 24f);
                out.showText(text);
                out.endText();
            }
        }
    }

    // ---- the envelope label of a confidential tutorial ----

    private void drawEnvelope(FormCanvas c, EnvelopeLabel e, PDImageXObject logo) throws IOException {
        PdfFonts fonts = c.fonts;
        c.onContinuationPage(() -> { });
        c.newPage(false);
        if (settings.organisationName() != null || logo != null) {
            drawTitleBlock(c, "", "", logo);
        }
        float x = FormCanvas.MARGIN_X + 20f;
        float w = FormCanvas.WIDTH - 40f;
        float top = c.y() + 20f;
        float h = 230f;
        c.strokeRect(x, top, w, h);
        c.strokeRect(x + 4f, top + 4f, w - 8f, h - 8f);
        float y = top + 50f;
        c.text(fonts.bold, 24f, x + 24f, y, fonts.clean(labels.get("envelope.title")));
        y += 40f;
        String[][] lines = {
                {labels.get("envelope.date"), labels.date(e.date())},
                {labels.get("envelope.learner"), nz(e.learnerName())},
                {labels.get("envelope.tutor"), nz(e.tutor())}};
        for (String[] line : lines) {
            c.text(fonts.bold, 13f, x + 24f, y, fonts.clean(line[0]));
            c.text(fonts.regular, 13f, x + 110f, y, fonts.clean(line[1]));
            y += 24f;
        }
        y += 8f;
        for (String note : c.wrap(labels.get("envelope.note"), fonts.regular, FormCanvas.SMALL_SIZE, w - 48f)) {
            c.text(fonts.regular, FormCanvas.SMALL_SIZE, x + 24f, y, note);
            y += 10f;
        }
        c.region("envelope", x, top, w, h, false);
        c.gap(h + 20f);
    }

    // ---- rows and cells ----

    /** A cell of a row: its width, the height it needs, and how to paint it at a given height. */
    private interface Cell {
        float width();

        float height();

        void paint(float x, float top, float h) throws IOException;
    }

    private void row(FormCanvas c, String box, Cell... cells) throws IOException {
        float h = ROW_MIN;
        for (Cell cell : cells) {
            h = Math.max(h, cell.height());
        }
        c.ensure(h);
        float top = c.y();
        float x = FormCanvas.MARGIN_X;
        for (Cell cell : cells) {
            cell.paint(x, top, h);
            x += cell.width();
        }
        c.region(box, FormCanvas.MARGIN_X, top, x - FormCanvas.MARGIN_X, h, false);
        c.gap(h);
    }

    /** A table row; on a new page the table's header row is drawn first. */
    private void tableRow(FormCanvas c, Runnable header, String box, Cell... cells) throws IOException {
        float h = ROW_MIN;
        for (Cell cell : cells) {
            h = Math.max(h, cell.height());
        }
        if (h > c.remaining()) {
            c.newPage(true);
            header.run();
        }
        row(c, box, cells);
    }

    private Cell label(FormCanvas c, float w, String text) {
        boolean longText = text.length() > 60;
        PDType0Font font = longText ? c.fonts.regular : c.fonts.bold;
        float size = longText ? FormCanvas.SMALL_SIZE : FormCanvas.LABEL_SIZE;
        return textCell(c, w, text, font, size, FormCanvas.LABEL_FILL, 0f);
    }

    private Cell section(FormCanvas c, float w, String text) {
        return textCell(c, w, text, c.fonts.bold, FormCanvas.LABEL_SIZE + 1f, FormCanvas.SECTION_FILL, 0f);
    }

    private Cell value(FormCanvas c, float w, String text) {
        return textCell(c, w, text, c.fonts.regular, FormCanvas.VALUE_SIZE, -1f, 0f);
    }

    private Cell blankCell(FormCanvas c, float w, float h) {
        return textCellOf(c, w, List.of(), c.fonts.regular, FormCanvas.VALUE_SIZE, -1f, h);
    }

    private Cell textCell(FormCanvas c, float w, String text, PDType0Font font, float size, float fill, float minH) {
        List<String> lines = c.wrap(text, font, size, w - 2 * FormCanvas.PAD);
        return textCellOf(c, w, lines, font, size, fill, minH);
    }

    private Cell textCellOf(FormCanvas c, float w, List<String> lines, PDType0Font font, float size, float fill, float minH) {
        float lh = FormCanvas.lineHeight(size);
        return new Cell() {
            public float width() {
                return w;
            }

            public float height() {
                return Math.max(minH, lines.size() * lh + 2 * FormCanvas.PAD + 2f);
            }

            public void paint(float x, float top, float h) throws IOException {
                FormCanvas canvas = c;
                if (fill >= 0f) {
                    canvas.fillRect(x, top, w, h, fill);
                }
                canvas.strokeRect(x, top, w, h);
                float y = top + FormCanvas.PAD + size;
                for (String line : lines) {
                    canvas.text(font, size, x + FormCanvas.PAD, y, line);
                    y += lh;
                }
            }
        };
    }

    /** A small label at the top of the cell and a value (or writing room) beside or below it. */
    private Cell labelledValue(FormCanvas c, float w, String label, String value) {
        return labelledValue(c, w, label, value, 0f);
    }

    private Cell labelledValue(FormCanvas c, float w, String label, String value, float minH) {
        PdfFonts fonts = c.fonts;
        String l = fonts.clean(label);
        float lw = PdfFonts.width(fonts.regular, FormCanvas.SMALL_SIZE, l) + 6f;
        boolean inline = lw < w * 0.6f;
        float valueW = inline ? w - lw - 2 * FormCanvas.PAD : w - 2 * FormCanvas.PAD;
        List<String> lines = c.wrap(value, fonts.regular, FormCanvas.VALUE_SIZE, valueW);
        float lh = FormCanvas.lineHeight(FormCanvas.VALUE_SIZE);
        return new Cell() {
            public float width() {
                return w;
            }

            public float height() {
                float text = lines.size() * lh + 2 * FormCanvas.PAD + 2f + (inline ? 0f : 11f);
                return Math.max(minH, text);
            }

            public void paint(float x, float top, float h) throws IOException {
                c.strokeRect(x, top, w, h);
                c.text(fonts.regular, FormCanvas.SMALL_SIZE, x + FormCanvas.PAD, top + FormCanvas.PAD + FormCanvas.SMALL_SIZE + 1f, l);
                float vx = inline ? x + FormCanvas.PAD + lw : x + FormCanvas.PAD;
                float y = top + FormCanvas.PAD + FormCanvas.VALUE_SIZE + (inline ? 0f : 11f);
                for (String line : lines) {
                    c.text(fonts.regular, FormCanvas.VALUE_SIZE, vx, y, line);
                    y += lh;
                }
            }
        };
    }

    /** Options printed side by side ("please circle"); the chosen one is circled and bold. */
    private Cell options(FormCanvas c, float w, List<String> opts, int chosen) {
        PdfFonts fonts = c.fonts;
        List<String> cleaned = opts.stream().map(fonts::clean).toList();
        return new Cell() {
            public float width() {
                return w;
            }

            public float height() {
                return ROW_MIN;
            }

            public void paint(float x, float top, float h) throws IOException {
                c.strokeRect(x, top, w, h);
                float slot = w / cleaned.size();
                for (int i = 0; i < cleaned.size(); i++) {
                    String s = cleaned.get(i);
                    PDType0Font font = i == chosen ? fonts.bold : fonts.regular;
                    float tw = PdfFonts.width(font, FormCanvas.LABEL_SIZE, s);
                    float cx = x + slot * i + slot / 2f;
                    float baseline = top + h / 2f + FormCanvas.LABEL_SIZE / 2f - 1.5f;
                    c.text(font, FormCanvas.LABEL_SIZE, cx - tw / 2f, baseline, s);
                    if (i == chosen) {
                        c.ellipse(cx, top + h / 2f, Math.min(tw / 2f + 7f, slot / 2f - 1f), Math.min(8.5f, h / 2f - 1f));
                        c.region("circled:" + s, cx - tw / 2f, top, tw, h, false);
                    }
                }
            }
        };
    }

    private Cell checkboxes(FormCanvas c, float w, FormContent f) {
        PdfFonts fonts = c.fonts;
        CopyRecipient[] all = CopyRecipient.values();
        return new Cell() {
            public float width() {
                return w;
            }

            public float height() {
                return rows() * 16f + 2 * FormCanvas.PAD;
            }

            private int rows() {
                float x = 0f;
                int rows = 1;
                for (CopyRecipient r : all) {
                    float iw = itemWidth(r);
                    if (x + iw > w - 2 * FormCanvas.PAD && x > 0f) {
                        rows++;
                        x = 0f;
                    }
                    x += iw;
                }
                return rows;
            }

            private float itemWidth(CopyRecipient r) {
                return 14f + PdfFonts.width(fonts.regular, FormCanvas.LABEL_SIZE, fonts.clean(labels.get("copy." + r.name()))) + 14f;
            }

            public void paint(float x0, float top, float h) throws IOException {
                c.strokeRect(x0, top, w, h);
                float x = 0f;
                float y = top + FormCanvas.PAD + 3f;
                for (CopyRecipient r : all) {
                    float iw = itemWidth(r);
                    if (x + iw > w - 2 * FormCanvas.PAD && x > 0f) {
                        x = 0f;
                        y += 16f;
                    }
                    float bx = x0 + FormCanvas.PAD + x;
                    c.strokeRect(bx, y, 9f, 9f);
                    boolean on = f.form().copiesTo().contains(r);
                    if (on) {
                        c.line(bx + 1.5f, y + 1.5f, bx + 7.5f, y + 7.5f, 1.2f, 0f);
                        c.line(bx + 1.5f, y + 7.5f, bx + 7.5f, y + 1.5f, 1.2f, 0f);
                        c.region("ticked:" + r.name(), bx, y, 9f, 9f, false);
                    }
                    c.text(on ? fonts.bold : fonts.regular, FormCanvas.LABEL_SIZE, bx + 13f, y + 8.5f,
                            fonts.clean(labels.get("copy." + r.name())));
                    x += iw;
                }
            }
        };
    }

    /** A signature: the drawn strokes, or the typed name; empty for handwriting. */
    private Cell signature(FormCanvas c, float w, Signature s) {
        PdfFonts fonts = c.fonts;
        return new Cell() {
            public float width() {
                return w;
            }

            public float height() {
                return 34f;
            }

            public void paint(float x, float top, float h) throws IOException {
                c.strokeRect(x, top, w, h);
                if (s == null) {
                    return;
                }
                if (s.method() == Signature.Method.DRAWN && !s.strokes().isEmpty()) {
                    float ix = x + 6f;
                    float iy = top + 3f;
                    float iw = w - 12f;
                    float ih = h - 6f;
                    for (Signature.Stroke stroke : s.strokes()) {
                        float[] xs = new float[stroke.points().size()];
                        float[] ys = new float[xs.length];
                        for (int i = 0; i < xs.length; i++) {
                            Signature.Point p = stroke.points().get(i);
                            xs[i] = ix + clamp(p.x()) * iw;
                            ys[i] = iy + clamp(p.y()) * ih;
                        }
                        c.polyline(xs, ys);
                    }
                    c.text(fonts.regular, 6.5f, x + w - 4f - PdfFonts.width(fonts.regular, 6.5f, fonts.clean(s.name())),
                            top + h - 3f, fonts.clean(s.name()));
                } else {
                    c.text(fonts.regular, 12f, x + FormCanvas.PAD + 2f, top + h / 2f + 5f, fonts.clean(s.name()));
                }
            }
        };
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    /**
     * A box with a label above free text (comments): the text wraps and, when it does not fit,
     * continues on the next page under "label (continued)". A blank form gets ruled writing room.
     */
    private void flowBox(FormCanvas c, String box, String label, String shortLabel, String text, float blankHeight,
                         boolean longLabel) throws IOException {
        PdfFonts fonts = c.fonts;
        float w = FormCanvas.WIDTH;
        float x = FormCanvas.MARGIN_X;
        float inner = w - 2 * FormCanvas.PAD;
        List<String> lines = c.wrap(text, fonts.regular, FormCanvas.VALUE_SIZE, inner);
        float lh = FormCanvas.lineHeight(FormCanvas.VALUE_SIZE);
        boolean first = true;
        int next = 0;
        do {
            String heading = first ? label : labels.get("form.continued", shortLabel != null ? shortLabel : label);
            Cell head = first && longLabel ? label(c, w, heading)
                    : textCell(c, w, heading, fonts.bold, FormCanvas.LABEL_SIZE, FormCanvas.LABEL_FILL, 0f);
            float headH = Math.max(ROW_MIN - 4f, head.height());
            if (blankHeight > 0f && lines.isEmpty()) {
                c.ensure(headH + blankHeight);
                float top = c.y();
                head.paint(x, top, headH);
                c.strokeRect(x, top + headH, w, blankHeight);
                for (float ly = top + headH + 20f; ly < top + headH + blankHeight - 4f; ly += 20f) {
                    c.line(x + 8f, ly, x + w - 8f, ly, 0.3f, 0.75f);
                }
                c.region(box, x, top, w, headH + blankHeight, false);
                c.gap(headH + blankHeight);
                return;
            }
            int wanted = lines.size() - next;
            float minBody = lines.isEmpty() ? 24f : Math.min(wanted, 2) * lh + 2 * FormCanvas.PAD;
            c.ensure(headH + minBody);
            float avail = c.remaining() - headH - 2 * FormCanvas.PAD;
            int fit = Math.max(1, (int) Math.floor(avail / lh));
            int take = Math.min(fit, wanted);
            float bodyH = lines.isEmpty() ? Math.max(24f, blankHeight) : Math.max(take * lh + 2 * FormCanvas.PAD + 2f, blankHeight);
            bodyH = Math.min(bodyH, Math.max(c.remaining() - headH, take * lh + 2 * FormCanvas.PAD));
            float top = c.y();
            head.paint(x, top, headH);
            c.strokeRect(x, top + headH, w, bodyH);
            float y = top + headH + FormCanvas.PAD + FormCanvas.VALUE_SIZE;
            for (int i = next; i < next + take; i++) {
                c.text(fonts.regular, FormCanvas.VALUE_SIZE, x + FormCanvas.PAD, y, lines.get(i));
                y += lh;
            }
            c.region(box, x, top, w, headH + bodyH, !first);
            c.gap(headH + bodyH);
            next += take;
            first = false;
            if (next < lines.size()) {
                c.newPage(true);
            }
        } while (next < lines.size());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
