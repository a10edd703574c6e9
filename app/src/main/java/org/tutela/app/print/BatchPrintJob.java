package org.tutela.app.print;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints the forms (filled or blank) of a whole group in one print job: renders them one after
 * another into a single PDF in memory, reporting progress, then sends it to the printer once.
 * Cancelling stops it between two forms; once cancelled, nothing is sent. Plain Java: run it off
 * the UI thread and show its progress.
 */
public final class BatchPrintJob {

    /** What the job is doing. */
    public enum Phase { RENDERING, SENDING, DONE }

    /** Told after each form and when the phase changes (on the job's thread). */
    @FunctionalInterface
    public interface Progress {
        void update(Phase phase, int done, int total);
    }

    /** What was printed. */
    public record Result(int forms, int pages) {
    }

    private final TutorialFormPdf renderer;
    private final List<? extends PrintItem> items;
    private final PdfPrinter printer;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** @param printer may be null when only {@link #renderOnly} is used */
    public BatchPrintJob(TutorialFormPdf renderer, List<? extends PrintItem> items, PdfPrinter printer) {
        this.renderer = renderer;
        this.items = List.copyOf(items);
        this.printer = printer;
    }

    public List<? extends PrintItem> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    /** Asks the job to stop; safe from any thread. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Renders every form into one PDF without printing it (for a preview or the benchmark). */
    public RenderedPdf renderOnly() {
        return renderOnly(null);
    }

    /**
     * @throws CancellationException when cancelled
     */
    public RenderedPdf renderOnly(Progress progress) {
        int total = items.size();
        if (progress != null) {
            progress.update(Phase.RENDERING, 0, total);
        }
        RenderedPdf pdf = renderer.renderAll(items,
                done -> {
                    if (progress != null) {
                        progress.update(Phase.RENDERING, done, total);
                    }
                },
                cancelled::get);
        if (cancelled.get()) {
            throw new CancellationException("Printing was cancelled");
        }
        return pdf;
    }

    /**
     * Renders every form and prints them as one job.
     *
     * @throws CancellationException when cancelled before the job was sent (nothing printed)
     * @throws PdfPrinter.PrintFailedException when the printer refused it
     */
    public Result run(PdfPrinter.Choice choice, Progress progress) {
        if (printer == null) {
            throw new IllegalStateException("No printer given");
        }
        RenderedPdf pdf = renderOnly(progress);
        if (progress != null) {
            progress.update(Phase.SENDING, items.size(), items.size());
        }
        if (cancelled.get()) {
            throw new CancellationException("Printing was cancelled");
        }
        printer.print(pdf, choice);
        if (progress != null) {
            progress.update(Phase.DONE, items.size(), items.size());
        }
        return new Result(items.size(), pdf.pages());
    }
}
