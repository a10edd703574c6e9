package org.tutela.app.ui.print;

import java.awt.GraphicsEnvironment;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.print.CopiesRegister;
import org.tutela.app.print.FormPrinting;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.print.PrintSource;
import org.tutela.app.ui.common.BackgroundWork;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.RecordStore;

/**
 * What the screens call to print (the implementation of their print hook): a tutorial's preview
 * with Print… and Save as PDF…, a blank form for a learner, a whole group's forms as one batch job
 * with progress and cancel, and a tutorial's copies register.
 */
public final class TutorialPrintRequests {
    /** Long jobs (rendering, printing) off the JavaFX thread; results back on it. */
    static final TaskRunner JOBS = new TaskRunner() {
        @Override
        public <T> void run(java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> onSuccess,
                            java.util.function.Consumer<Throwable> onError) {
            BackgroundWork.asJob(work, onSuccess, onError);
        }
    };

    private final FormPrinting printing;

    public TutorialPrintRequests(FormPrinting printing) {
        this.printing = printing;
    }

    /**
     * The app's wiring: printing with the organisation's settings, the caseload as the source of
     * learners and groups, and the copies register in the open vault.
     */
    public static TutorialPrintRequests create(PrintSettings settings, PrintSource source, Supplier<RecordStore> vault) {
        return new TutorialPrintRequests(new FormPrinting(settings, source, new PdfPrinter(),
                new CopiesRegister(vault, Clock.systemDefaultZone())));
    }

    public FormPrinting printing() {
        return printing;
    }

    /** Opens the print preview of the tutorial (planned: blank pre-filled form; held: filled; confidential: envelope label). */
    public Stage printTutorial(Window owner, Tutorial tutorial) {
        PrintPreviewViewModel model = new PrintPreviewViewModel(printing, JOBS);
        Stage stage = PrintPreviewDialog.create(owner, model,
                java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.MEDIUM).format(tutorial.date()));
        model.load(() -> printing.itemFor(tutorial));
        stage.show();
        return stage;
    }

    /** Opens the print preview of a blank form for the learner, pre-filled with what is known. */
    public Stage printBlankForm(Window owner, Learner learner, LocalDate date, String tutor) {
        PrintPreviewViewModel model = new PrintPreviewViewModel(printing, JOBS);
        Stage stage = PrintPreviewDialog.create(owner, model, learner.displayName());
        model.load(() -> printing.blankItem(learner, date, tutor));
        stage.show();
        return stage;
    }

    /**
     * Prints the forms of a whole group in one job: asks for the printer (system print dialog,
     * when there is a screen), then shows progress with Cancel.
     *
     * @param blank true: pre-filled blank forms for the visit; false: each learner's latest held tutorial
     */
    public void printGroup(Window owner, Group group, boolean blank) {
        if (GraphicsEnvironment.isHeadless()) {
            startBatch(owner, group, blank, PdfPrinter.Choice.defaultPrinter());
            return;
        }
        BackgroundWork.asJob(() -> printing.printer().choose(null),
                (Optional<PdfPrinter.Choice> choice) -> choice.ifPresent(c -> startBatch(owner, group, blank, c)),
                failure -> startBatch(owner, group, blank, PdfPrinter.Choice.defaultPrinter()));
    }

    Stage startBatch(Window owner, Group group, boolean blank, PdfPrinter.Choice choice) {
        BatchPrintViewModel model = new BatchPrintViewModel(printing, JOBS, Platform::runLater);
        model.start(group.id(), blank, choice);
        Stage stage = BatchPrintDialog.create(owner, model, group.name(), model.size());
        stage.show();
        return stage;
    }

    /** Shows the tutorial's copies register, with ticks for copies handed over. */
    public Stage showCopiesRegister(Window owner, Tutorial tutorial) {
        CopiesRegister register = printing.register().orElseThrow();
        CopiesRegisterViewModel model = new CopiesRegisterViewModel(register, TaskRunner.VAULT_THREAD, ZoneId.systemDefault());
        model.load(tutorial);
        Stage stage = CopiesRegisterView.window(owner, model);
        stage.show();
        return stage;
    }
}
