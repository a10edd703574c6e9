package org.tutela.app.print;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialOutcome;

/**
 * What the app's print buttons call (plain Java, no JavaFX): render a tutorial or a blank form
 * for preview, print it (then note it in the copies register), save it as a PDF file when the
 * user explicitly asks, and build a batch job for a whole group.
 */
public final class FormPrinting {
    private final TutorialFormPdf renderer;
    private final PrintSource source;
    private final PdfPrinter printer;
    private final CopiesRegister register;

    /** @param register may be null when no vault is open (nothing is registered then) */
    public FormPrinting(PrintSettings settings, PrintSource source, PdfPrinter printer, CopiesRegister register) {
        this.renderer = new TutorialFormPdf(settings);
        this.source = source;
        this.printer = printer;
        this.register = register;
    }

    public PdfPrinter printer() {
        return printer;
    }

    public Optional<CopiesRegister> register() {
        return Optional.ofNullable(register);
    }

    /** What prints for this tutorial (its envelope label if confidential). */
    public PrintItem itemFor(Tutorial t) {
        return itemFor(t, null);
    }

    /** As {@link #itemFor(Tutorial)}, with the tutorial's learner when the caller has it at hand. */
    public PrintItem itemFor(Tutorial t, Learner known) {
        Learner learner = known != null && known.id().equals(t.learnerId()) ? known
                : t.learnerId() == null ? null : source.learner(t.learnerId()).orElse(null);
        Group group = t.groupId() == null ? null : source.group(t.groupId()).orElse(null);
        if (t.outcome() == TutorialOutcome.PLANNED && learner != null) {
            return PrintItems.blankFor(t, learner, group, source.targetsOf(learner.id()));
        }
        return PrintItems.of(t, learner, group);
    }

    /** Renders one item (see {@link #itemFor}, {@link #blankItem}). */
    public RenderedPdf renderItem(PrintItem item) {
        return renderer.render(item);
    }

    /** A blank form for the learner, pre-filled with what is known now. */
    public PrintItem blankItem(Learner learner, LocalDate date, String tutor) {
        Group group = learner.primaryGroupId() == null ? null : source.group(learner.primaryGroupId()).orElse(null);
        return PrintItems.blank(learner, group, date, tutor, source.targetsOf(learner.id()));
    }

    /** The tutorial's form (planned: a pre-filled blank form; held: filled; confidential: envelope label). */
    public RenderedPdf render(Tutorial t) {
        return renderer.render(itemFor(t));
    }

    /** A blank form for the learner, pre-filled with what is known now. */
    public RenderedPdf renderBlank(Learner learner, LocalDate date, String tutor) {
        return renderer.render(blankItem(learner, date, tutor));
    }

    /**
     * Prints without a dialog (what the Print button calls after the print dialog), then notes in
     * the copies register that the tutorial's agreed copies were printed.
     *
     * @param item what {@code pdf} was rendered from (see {@link #itemFor}); null for none
     * @return the print system's job id, when it gives one
     */
    public String print(RenderedPdf pdf, PdfPrinter.Choice choice, PrintItem item) {
        String job = printer.print(pdf, choice);
        registerPrinted(item, choice);
        return job;
    }

    /**
     * The forms of a whole group, one per learner, for one print job: {@code blank} gives each
     * learner a pre-filled blank form (for their next planned tutorial if there is one); otherwise
     * each learner's latest held tutorial prints filled (a blank form if they have none).
     */
    public BatchPrintJob groupJob(UUID groupId, boolean blank) {
        return groupJob(source.group(groupId).orElse(null), source.learnersIn(groupId), blank);
    }

    /** As {@link #groupJob(UUID, boolean)} for these learners of the group, in this order. */
    public BatchPrintJob groupJob(Group group, List<Learner> learners, boolean blank) {
        List<PrintItem> items = new ArrayList<>();
        for (Learner l : learners) {
            List<Tutorial> tutorials = source.tutorialsOf(l.id()).stream()
                    .filter(t -> l.id().equals(t.learnerId())).toList();
            if (blank) {
                Optional<Tutorial> next = tutorials.stream().filter(t -> t.outcome() == TutorialOutcome.PLANNED)
                        .min(Comparator.comparing(Tutorial::date));
                items.add(next.isPresent() ? PrintItems.blankFor(next.get(), l, group, source.targetsOf(l.id()))
                        : PrintItems.blank(l, group, null, group == null ? null : group.tutor(), source.targetsOf(l.id())));
            } else {
                Optional<Tutorial> latest = tutorials.stream().filter(Tutorial::held).max(Comparator.comparing(Tutorial::date));
                items.add(latest.isPresent() ? PrintItems.of(latest.get(), l, group)
                        : PrintItems.blank(l, group, null, group == null ? null : group.tutor(), source.targetsOf(l.id())));
            }
        }
        return new BatchPrintJob(renderer, items, printer);
    }

    /**
     * Runs a batch job (on the caller's thread: call it off the UI thread) and notes each printed
     * tutorial in the copies register.
     */
    public BatchPrintJob.Result runBatch(BatchPrintJob job, PdfPrinter.Choice choice, BatchPrintJob.Progress progress) {
        BatchPrintJob.Result result = job.run(choice, progress);
        for (PrintItem item : job.items()) {
            registerPrinted(item, choice);
        }
        return result;
    }

    private void registerPrinted(PrintItem item, PdfPrinter.Choice choice) {
        if (register == null || item == null || item.tutorialId() == null) {
            return;
        }
        int copies = choice == null ? 1 : choice.copies();
        if (item instanceof FormContent f && !f.blank()) {
            register.recordPrinted(f.tutorialId(), copies, f.form().copiesTo());
        } else if (item instanceof EnvelopeLabel e) {
            register.recordPrinted(e.tutorialId(), copies, List.of());
        }
    }

    /**
     * Writes the PDF to a file the user chose. The file is NOT encrypted: the UI says so before
     * calling this. Written next to the target and moved into place, so a failed save leaves no
     * half-written file.
     */
    public static void saveAs(RenderedPdf pdf, Path file) {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.write(partial, pdf.bytes());
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new UncheckedIOException("The PDF could not be saved: " + e.getMessage(), e);
        }
    }
}
