package org.tutela.app.ui.print;

import org.tutela.app.ui.common.Failures;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.print.BatchPrintJob;
import org.tutela.app.print.FormPrinting;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * A batch print of a group's forms: runs the {@link BatchPrintJob} as a long job, shows its
 * progress, and cancels it on request (nothing is sent to the printer once cancelled).
 */
public final class BatchPrintViewModel {
    private final FormPrinting printing;
    private final TaskRunner jobs;
    private final Executor ui;
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty finished = new SimpleBooleanProperty();
    private volatile BatchPrintJob job;
    private volatile boolean cancelRequested;
    private volatile int size;

    /**
     * @param jobs runs the job off the UI thread (a long-job pool in the app, inline in tests)
     * @param ui runs progress updates on the UI thread ({@code Platform::runLater} in the app)
     */
    public BatchPrintViewModel(FormPrinting printing, TaskRunner jobs, Executor ui) {
        this.printing = printing;
        this.jobs = jobs;
        this.ui = ui;
    }

    /**
     * Starts printing the forms of these learners of the group (in this order), blank or filled,
     * as one job to the chosen printer. The forms are gathered (which reads every learner's
     * tutorials) in the job too, not on the caller's thread.
     */
    public void start(org.tutela.app.domain.Group group, java.util.List<org.tutela.app.domain.Learner> learners,
                      boolean blank, PdfPrinter.Choice choice) {
        if (running.get()) {
            return;
        }
        job = null;
        cancelRequested = false;
        size = learners.size();
        running.set(true);
        finished.set(false);
        error.set("");
        progress.set(0);
        status.set(Messages.get("print.batch.rendering", 0, size));
        jobs.run(() -> {
                    BatchPrintJob j = printing.groupJob(group, learners, blank);
                    job = j;
                    if (cancelRequested) {
                        j.cancel();
                    }
                    return printing.runBatch(j, choice, (phase, done, total) -> ui.execute(() -> show(phase, done, total)));
                },
                result -> {
                    running.set(false);
                    finished.set(true);
                    progress.set(1);
                    status.set(Messages.get("print.batch.done", result.forms(), result.pages()));
                },
                failure -> {
                    running.set(false);
                    finished.set(true);
                    if (failure instanceof CancellationException) {
                        status.set(Messages.get("print.batch.cancelled"));
                    } else {
                        status.set("");
                        error.set(Messages.get("print.failed", Failures.text(failure)));
                    }
                });
    }

    private void show(BatchPrintJob.Phase phase, int done, int total) {
        if (!running.get()) {
            return;
        }
        switch (phase) {
            case RENDERING -> {
                progress.set(total == 0 ? 1 : 0.95 * done / total);
                status.set(Messages.get("print.batch.rendering", Math.min(done + 1, total), total));
            }
            case SENDING -> {
                progress.set(0.97);
                status.set(Messages.get("print.batch.sending", total));
            }
            case DONE -> progress.set(1);
        }
    }

    /** Asks the job to stop before the next form (or before the first, if still gathering them); nothing is printed. */
    public void cancel() {
        cancelRequested = true;
        BatchPrintJob j = job;
        if (j != null) {
            j.cancel();
        }
    }

    /** How many forms the batch prints. */
    public int size() {
        return size;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished;
    }
}
