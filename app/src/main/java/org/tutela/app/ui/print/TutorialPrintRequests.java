package org.tutela.app.ui.print;

import org.tutela.app.ui.common.Failures;
import java.awt.GraphicsEnvironment;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
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
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * What the screens call to print: the implementation of their print hook
 * ({@code org.tutela.app.ui.tutorial.PrintRequests}: {@link #printTutorial(Window, Tutorial, Learner)}
 * and {@link #printGroup(Window, Group, List)}), plus a blank form for a learner and a tutorial's
 * copies register. Called on the JavaFX thread; rendering and printing run off it.
 *
 * <p>Wiring: the unlocked session's composition root builds one with {@link #create} for each
 * caseload it loads.
 */
public final class TutorialPrintRequests implements org.tutela.app.ui.tutorial.PrintRequests {
    private final FormPrinting printing;

    public TutorialPrintRequests(FormPrinting printing) {
        this.printing = printing;
    }

    /**
     * The app's wiring: printing with the organisation's settings (name, logo, language), the
     * caseload as the source of learners, groups and targets, and the copies register in the open vault.
     */
    public static TutorialPrintRequests create(PrintSettings settings, PrintSource source, CopiesRegister register) {
        return new TutorialPrintRequests(new FormPrinting(settings, source, new PdfPrinter(), register));
    }

    public FormPrinting printing() {
        return printing;
    }

    /**
     * The Print… button of the tutorial form: the print preview (planned: the pre-filled blank
     * form; held: filled; confidential: the envelope label only), with Print…, Save as PDF… and
     * the copies register.
     *
     * @param learner the tutorial's learner if the caller has it (may be null)
     */
    public void printTutorial(Window owner, Tutorial tutorial, Learner learner) {
        openPreview(owner, tutorial, learner);
    }

    Stage openPreview(Window owner, Tutorial tutorial, Learner learner) {
        PrintPreviewViewModel model = new PrintPreviewViewModel(printing, TaskRunner.JOBS);
        String title = org.tutela.app.ui.common.Formats.date(tutorial.date());
        Stage stage = PrintPreviewDialog.create(owner, model, title,
                printing.register().isPresent() ? () -> showCopiesRegister(owner, tutorial) : null);
        model.load(() -> printing.itemFor(tutorial, learner));
        stage.show();
        return stage;
    }

    /** The print preview of a blank form for the learner, pre-filled with what is known. */
    public Stage printBlankForm(Window owner, Learner learner, LocalDate date, String tutor) {
        PrintPreviewViewModel model = new PrintPreviewViewModel(printing, TaskRunner.JOBS);
        Stage stage = PrintPreviewDialog.create(owner, model, learner.displayName(), null);
        model.load(() -> printing.blankItem(learner, date, tutor));
        stage.show();
        return stage;
    }

    /**
     * "Print group forms…": asks blank (pre-filled, for the visit) or filled (each learner's latest
     * held tutorial), then the printer (the system's print dialog), then prints all the forms as
     * one job with progress and Cancel.
     */
    public void printGroup(Window owner, Group group, List<Learner> learners) {
        Optional<Boolean> blank = askBlankOrFilled(owner, group, learners.size());
        if (blank.isEmpty()) {
            return;
        }
        if (GraphicsEnvironment.isHeadless()) {
            startBatch(owner, group, learners, blank.get(), PdfPrinter.Choice.defaultPrinter());
            return;
        }
        java.awt.Rectangle over = PrintPreviewDialog.bounds(owner);
        BackgroundWork.asJob(() -> printing.printer().choose(null, over),
                (Optional<PdfPrinter.Choice> choice) -> choice.ifPresent(c -> startBatch(owner, group, learners, blank.get(), c)),
                failure -> {
                    // Never fall back to a printer nobody chose: say what went wrong instead.
                    Alert problem = new Alert(Alert.AlertType.ERROR, Messages.get("print.failed", Failures.text(failure)));
                    problem.initOwner(owner);
                    problem.setHeaderText(null);
                    problem.show();
                });
    }

    private static Optional<Boolean> askBlankOrFilled(Window owner, Group group, int count) {
        ButtonType blankType = new ButtonType(Messages.plain("print.batch.blank"), ButtonBar.ButtonData.YES);
        ButtonType filledType = new ButtonType(Messages.plain("print.batch.filled"), ButtonBar.ButtonData.NO);
        ButtonType cancelType = new ButtonType(Messages.plain("print.save.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION,
                Messages.get("print.batch.heading", count, group.name()), blankType, filledType, cancelType);
        ask.initOwner(owner);
        ask.setTitle(Messages.plain("print.batch.title"));
        ask.setHeaderText(Messages.plain("print.batch.title"));
        ask.getDialogPane().setId("print-batch-ask");
        Optional<ButtonType> answer = ask.showAndWait();
        if (answer.isEmpty() || answer.get() == cancelType) {
            return Optional.empty();
        }
        return Optional.of(answer.get() == blankType);
    }

    Stage startBatch(Window owner, Group group, List<Learner> learners, boolean blank, PdfPrinter.Choice choice) {
        BatchPrintViewModel model = new BatchPrintViewModel(printing, TaskRunner.JOBS, Platform::runLater);
        model.start(group, learners, blank, choice);
        Stage stage = BatchPrintDialog.create(owner, model, group.name(), model.size());
        stage.show();
        return stage;
    }

    /** The tutorial's copies register, with ticks for copies handed over. */
    public Stage showCopiesRegister(Window owner, Tutorial tutorial) {
        CopiesRegister register = printing.register().orElseThrow();
        CopiesRegisterViewModel model = new CopiesRegisterViewModel(register, TaskRunner.VAULT_THREAD, ZoneId.systemDefault());
        model.load(tutorial);
        Stage stage = CopiesRegisterView.window(owner, model);
        stage.show();
        return stage;
    }
}
