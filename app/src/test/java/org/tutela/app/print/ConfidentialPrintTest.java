package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;

/** A confidential tutorial prints only its envelope label; its canary content is in no print, batch or saved PDF. */
class ConfidentialPrintTest {
    static final String CANARY = "CANARYzq7secretdisclosure";
    private static final FormLabels LABELS = new FormLabels(Locale.UK);

    /** A held confidential tutorial whose every free-text field holds the canary (content in memory). */
    static Tutorial confidential(Learner l) {
        Tutorial t = PrintFixtures.filled(l, "Comments " + CANARY);
        var form = t.form().toBuilder().learnerComments("Learner " + CANARY).tutorComments("Tutor " + CANARY)
                .agreedActions("Actions " + CANARY).levelWorkingTowards("Level " + CANARY)
                .newTargets(List.of(NewTarget.of("Target " + CANARY, PrintFixtures.HELD_ON.plusDays(30)))).build();
        return t.toBuilder().form(form).confidential(true).build();
    }

    private final org.tutela.app.domain.Group group = PrintFixtures.group();
    private final Learner learner = PrintFixtures.learner(group);
    private final Tutorial secret = confidential(learner);
    private final Tutorial open = PrintFixtures.filled(learner, "An ordinary open comment.");
    private final List<byte[]> printed = new ArrayList<>();
    private final FormPrinting printing = new FormPrinting(PrintSettings.DEFAULT.withLocale(Locale.UK),
            PrintSource.of(List.of(learner), List.of(group), List.of(), List.of(secret, open)),
            PdfPrinter.capturing((bytes, choice) -> printed.add(bytes)), null);

    @Test
    void itBecomesAnEnvelopeLabelThatCannotCarryTheContent() {
        PrintItem item = printing.itemFor(secret);
        EnvelopeLabel label = assertInstanceOf(EnvelopeLabel.class, item);
        assertEquals(List.of("tutorialId", "date", "learnerName", "tutor"),
                java.util.Arrays.stream(EnvelopeLabel.class.getRecordComponents()).map(c -> c.getName()).toList());
        assertFalse(label.toString().contains(CANARY));
        Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learner.id(), group.id(), "Tutor Bexamund",
                TutorialPlan.on(PrintFixtures.HELD_ON, null, null)).withConfidential(true);
        assertInstanceOf(EnvelopeLabel.class, printing.itemFor(planned), "a planned confidential tutorial too");
    }

    @Test
    void theRenderedPdfIsOnlyTheOnePageLabel() {
        RenderedPdf pdf = printing.render(secret);
        assertEquals(1, pdf.pages());
        String text = PdfText.flat(PdfText.all(pdf.bytes()));
        assertTrue(text.contains(LABELS.get("envelope.title")), text);
        assertTrue(text.contains("11 March 2026"), text);
        assertTrue(text.contains("Gwenllŷan Quorthwŵck"), text);
        assertTrue(text.contains("Tutor Bexamund"), text);
        assertFalse(text.contains(LABELS.get("label.learnerComments")), "no form boxes: " + text);
        assertFalse(text.contains("Level"), "no form content at all: " + text);
        assertNoCanary(pdf.bytes());
        assertEquals(List.of("envelope"), pdf.regions().stream().map(Region::box).toList());
    }

    @Test
    void notInABatchPrintNorThePrinterNorASavedFile(@TempDir Path dir) throws Exception {
        RenderedPdf single = printing.render(secret);
        printing.print(single, PdfPrinter.Choice.defaultPrinter(), printing.itemFor(secret));
        BatchPrintJob job = printing.groupJob(group.id(), false);
        // The learner's latest held tutorial: make the batch hold both, the confidential one included.
        BatchPrintJob both = new BatchPrintJob(new TutorialFormPdf(PrintSettings.DEFAULT),
                List.of(printing.itemFor(open), printing.itemFor(secret)), printing.printer());
        both.run(PdfPrinter.Choice.defaultPrinter(), null);
        job.run(PdfPrinter.Choice.defaultPrinter(), null);
        assertEquals(3, printed.size());
        for (byte[] bytes : printed) {
            assertNoCanary(bytes);
        }
        String batchText = PdfText.flat(PdfText.all(printed.get(1)));
        assertTrue(batchText.contains("An ordinary open comment."), "the open tutorial prints in full");
        assertTrue(batchText.contains(LABELS.get("envelope.title")), "the confidential one as its label");

        Path saved = dir.resolve("saved.pdf");
        FormPrinting.saveAs(single, saved);
        assertNoCanary(Files.readAllBytes(saved));
    }

    private static void assertNoCanary(byte[] pdf) {
        assertFalse(new String(pdf, StandardCharsets.ISO_8859_1).contains(CANARY), "not in the raw bytes");
        assertFalse(PdfText.all(pdf).contains(CANARY), "not in the text");
    }
}
