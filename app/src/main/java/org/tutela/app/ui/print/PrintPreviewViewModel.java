package org.tutela.app.ui.print;

import org.tutela.app.ui.common.Failures;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.tutela.app.print.EnvelopeLabel;
import org.tutela.app.print.FormPrinting;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.print.PrintItem;
import org.tutela.app.print.RenderedPdf;
import org.tutela.app.print.TutorialFormPdf;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * The print preview's state: the form rendered in memory and its pages as pictures, then Print
 * (after the system's print dialog) or Save as PDF (after the not-encrypted warning). Rendering,
 * printing and saving run through the {@link TaskRunner}, off the UI thread in the app.
 */
public final class PrintPreviewViewModel {
    /** Pages are shown at this resolution. */
    static final float PREVIEW_DPI = 96f;

    private final FormPrinting printing;
    private final TaskRunner runner;
    private final ObservableList<BufferedImage> pages = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty ready = new SimpleBooleanProperty();
    private final BooleanProperty confidential = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final ObjectProperty<RenderedPdf> pdf = new SimpleObjectProperty<>();
    private PrintItem item;

    public PrintPreviewViewModel(FormPrinting printing, TaskRunner runner) {
        this.printing = printing;
        this.runner = runner;
    }

    /** Renders what {@code render} gives (a tutorial's form or a blank form) and its page pictures. */
    public void load(Supplier<PrintItem> what) {
        busy.set(true);
        ready.set(false);
        error.set("");
        status.set(Messages.get("print.preview.rendering"));
        runner.run(() -> {
            PrintItem i = what.get();
            RenderedPdf r = printing.renderItem(i);
            return new Rendered(i, r, pictures(r));
        }, done -> {
            item = done.item();
            pdf.set(done.pdf());
            pages.setAll(done.pages());
            confidential.set(done.item() instanceof EnvelopeLabel);
            status.set(confidential.get() ? Messages.get("print.preview.confidential")
                    : Messages.get("print.preview.pages", done.pdf().pages()));
            busy.set(false);
            ready.set(true);
        }, this::failed);
    }

    private record Rendered(PrintItem item, RenderedPdf pdf, List<BufferedImage> pages) {
    }

    static List<BufferedImage> pictures(RenderedPdf r) throws java.io.IOException {
        List<BufferedImage> out = new ArrayList<>();
        try (PDDocument doc = TutorialFormPdf.load(r.bytes())) {
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                out.add(renderer.renderImageWithDPI(i, PREVIEW_DPI, ImageType.RGB));
            }
        }
        return out;
    }

    /** Prints to the printer chosen in the dialog (null: the default printer), then registers the copies. */
    public void print(PdfPrinter.Choice choice) {
        RenderedPdf current = pdf.get();
        if (current == null) {
            return;
        }
        busy.set(true);
        error.set("");
        status.set(Messages.get("print.sending"));
        runner.run(() -> {
            printing.print(current, choice, item);
            return Boolean.TRUE;
        }, ok -> {
            busy.set(false);
            status.set(Messages.get("print.sent"));
        }, this::failedPrinting);
    }

    /** The print dialog could not be shown: say so; nothing goes to a printer nobody chose. */
    public void printDialogFailed(Throwable failure) {
        failedPrinting(failure);
    }

    /** The user closed the print dialog without printing. */
    public void printDialogCancelled() {
        status.set(Messages.get("print.cancelledDialog"));
    }

    /** The warning shown before Save as PDF: the file will not be encrypted. */
    public String saveWarning() {
        return Messages.get("print.save.warning");
    }

    /** Saves the PDF to the file the user chose, after they confirmed the not-encrypted warning. */
    public void saveTo(Path file) {
        RenderedPdf current = pdf.get();
        if (current == null || file == null) {
            return;
        }
        busy.set(true);
        error.set("");
        runner.run(() -> {
            FormPrinting.saveAs(current, file);
            return file;
        }, saved -> {
            busy.set(false);
            status.set(Messages.get("print.saved", saved.toString()));
        }, failure -> {
            busy.set(false);
            error.set(Messages.get("print.saveFailed", Failures.text(failure)));
        });
    }

    /** Forgets the rendered form (when the dialog closes or the vault locks). */
    public void clear() {
        pages.clear();
        pdf.set(null);
        item = null;
        ready.set(false);
    }

    private void failed(Throwable t) {
        busy.set(false);
        error.set(Failures.text(t));
    }

    private void failedPrinting(Throwable t) {
        busy.set(false);
        status.set("");
        error.set(Messages.get("print.failed", Failures.text(t)));
    }

    public PdfPrinter printer() {
        return printing.printer();
    }

    public RenderedPdf pdf() {
        return pdf.get();
    }

    public ReadOnlyObjectProperty<RenderedPdf> pdfProperty() {
        return pdf;
    }

    public PrintItem item() {
        return item;
    }

    public ObservableList<BufferedImage> pages() {
        return pages;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready;
    }

    public ReadOnlyBooleanProperty confidentialProperty() {
        return confidential;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }
}
