package org.tutela.app.ui.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.print.CopiesRegister;
import org.tutela.app.print.FormPrinting;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.print.PrintFixtures;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.print.PrintSource;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/** The print view models, run inline without a screen. */
class PrintViewModelsTest {
    private final org.tutela.app.domain.Group group = PrintFixtures.group();
    private final org.tutela.app.domain.Learner learner = PrintFixtures.learner(group);
    private final org.tutela.app.domain.Tutorial tutorial = PrintFixtures.filled(learner, PrintFixtures.longComment(30));
    private final List<byte[]> printed = new ArrayList<>();

    private FormPrinting printing(CopiesRegister register) {
        return new FormPrinting(PrintSettings.DEFAULT, PrintSource.of(List.of(learner), List.of(group), List.of(), List.of(tutorial)),
                PdfPrinter.capturing((b, c) -> printed.add(b)), register);
    }

    @Test
    void previewShowsThePagesThenPrintsAndSavesOnlyWhenAsked(@TempDir Path dir) {
        PrintPreviewViewModel model = new PrintPreviewViewModel(printing(null), TaskRunner.INLINE);
        model.load(() -> printing(null).itemFor(tutorial));
        assertTrue(model.readyProperty().get());
        assertEquals(model.pdf().pages(), model.pages().size());
        assertTrue(model.pages().size() >= 2);
        assertTrue(model.pages().get(0).getWidth() > 700, "A4 at 96 dpi is about 794 pixels wide");
        assertEquals(0, printed.size(), "previewing prints nothing");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "previewing saves nothing");
        }  catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        model.print(PdfPrinter.Choice.defaultPrinter());
        assertEquals(1, printed.size());
        assertEquals(Messages.get("print.sent"), model.statusProperty().get());

        assertTrue(model.saveWarning().contains("NOT encrypted"), model.saveWarning());
        Path file = dir.resolve("form.pdf");
        model.saveTo(file);
        assertTrue(Files.exists(file));
        assertTrue(model.statusProperty().get().contains("not encrypted"), model.statusProperty().get());

        model.clear();
        assertTrue(model.pages().isEmpty());
        assertFalse(model.readyProperty().get());
    }

    @Test
    void aConfidentialTutorialPreviewsAsItsLabel() {
        var secret = tutorial.toBuilder().confidential(true).build();
        PrintPreviewViewModel model = new PrintPreviewViewModel(printing(null), TaskRunner.INLINE);
        model.load(() -> printing(null).itemFor(secret));
        assertTrue(model.confidentialProperty().get());
        assertEquals(1, model.pages().size());
        assertEquals(Messages.get("print.preview.confidential"), model.statusProperty().get());
    }

    @Test
    void aPrinterFailureIsShownNotThrown() {
        FormPrinting failing = new FormPrinting(PrintSettings.DEFAULT, PrintSource.of(List.of(learner), List.of(group), List.of(), List.of()),
                PdfPrinter.capturing((b, c) -> {
                    throw PdfPrinter.PrintFailedException.noPrinter();
                }), null);
        PrintPreviewViewModel model = new PrintPreviewViewModel(failing, TaskRunner.INLINE);
        model.load(() -> failing.itemFor(tutorial));
        model.print(null);
        assertTrue(model.errorProperty().get().contains("no printer"), model.errorProperty().get());
        assertFalse(model.busyProperty().get());
    }

    @Test
    void batchShowsProgressAndCancelStopsIt() {
        var others = List.of(learner, PrintFixtures.learner(group, "Aneira", "Zellwyn"), PrintFixtures.learner(group, "Bryvor", "Tallquist"));
        FormPrinting p = new FormPrinting(PrintSettings.DEFAULT, PrintSource.of(others, List.of(group), List.of(), List.of()),
                PdfPrinter.capturing((b, c) -> printed.add(b)), null);
        List<Double> progress = new ArrayList<>();
        BatchPrintViewModel model = new BatchPrintViewModel(p, TaskRunner.INLINE, Runnable::run);
        model.progressProperty().addListener((o, was, is) -> progress.add(is.doubleValue()));
        model.start(group, others, true, null);
        assertEquals(1, printed.size());
        assertEquals(1.0, model.progressProperty().get());
        assertTrue(progress.size() >= 4, "progress moved: " + progress);
        assertTrue(model.statusProperty().get().startsWith("Printed 3 forms"), model.statusProperty().get());

        BatchPrintViewModel cancelled = new BatchPrintViewModel(p, TaskRunner.INLINE, runnable -> {
            runnable.run();
            // Cancel as soon as the first progress arrives.
        });
        cancelled.progressProperty().addListener((o, was, is) -> cancelled.cancel());
        cancelled.start(group, others, true, null);
        assertEquals(1, printed.size(), "a cancelled batch sends nothing");
        assertEquals(3, cancelled.size());
        assertEquals(Messages.get("print.batch.cancelled"), cancelled.statusProperty().get());
        assertFalse(cancelled.runningProperty().get());
    }

    @Test
    void copiesHandedOverAreTickedAndKept(@TempDir Path dir) {
        try (Vault vault = Vault.create(dir.resolve("v.tutela"), "invented test passphrase 41".toCharArray(), Argon2Params.FLOOR)) {
            CopiesRegister register = new CopiesRegister(new TypedStore(vault::records), Clock.fixed(PrintFixtures.HELD_ON.atTime(9, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
            FormPrinting p = printing(register);
            p.print(p.render(tutorial), null, p.itemFor(tutorial));
            CopiesRegisterViewModel model = new CopiesRegisterViewModel(register, TaskRunner.INLINE, ZoneOffset.UTC);
            model.load(tutorial);
            var student = model.rows().stream().filter(r -> r.recipient() == CopyRecipient.STUDENT).findFirst().orElseThrow();
            var home = model.rows().stream().filter(r -> r.recipient() == CopyRecipient.HOME_SCHOOL).findFirst().orElseThrow();
            assertTrue(student.agreed());
            assertFalse(home.agreed());
            assertEquals("printed 11 Mar 2026 09:00", student.printedProperty().get());
            assertFalse(student.handedOverProperty().get());
            model.setHandedOver(student, true);
            assertTrue(register.get(tutorial.id()).copy(CopyRecipient.STUDENT).orElseThrow().handedOver());
            CopiesRegisterViewModel again = new CopiesRegisterViewModel(register, TaskRunner.INLINE, ZoneOffset.UTC);
            again.load(tutorial);
            assertTrue(again.rows().get(0).handedOverProperty().get());
            assertEquals("handed over 11 Mar 2026 09:00", again.rows().get(0).handedOverAtProperty().get());
            assertTrue(again.summaryProperty().get().startsWith("Last printed 11 Mar 2026 09:00"), again.summaryProperty().get());
        }
    }
}
