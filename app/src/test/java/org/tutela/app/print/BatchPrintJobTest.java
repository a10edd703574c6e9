package org.tutela.app.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;

class BatchPrintJobTest {
    private final org.tutela.app.domain.Group group = PrintFixtures.group();
    private final List<Learner> learners = List.of(
            PrintFixtures.learner(group, "Aneira", "Zellwyn"),
            PrintFixtures.learner(group, "Bryvor", "Tallquist"),
            PrintFixtures.learner(group, "Cadwy", "Ormsleigh"),
            PrintFixtures.learner(group, "Dellyn", "Pravost"));
    private final Tutorial held = PrintFixtures.filled(learners.get(0), "Held and filled for Zellwyn.");
    private final Tutorial planned = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, learners.get(1).id(), group.id(),
            "Tutor Bexamund", TutorialPlan.on(PrintFixtures.HELD_ON.plusDays(7), null, "Room 2"));
    private final List<byte[]> printed = new ArrayList<>();
    private final FormPrinting printing = new FormPrinting(PrintSettings.DEFAULT,
            PrintSource.of(learners, List.of(group), List.of(PrintFixtures.openTarget(learners.get(2))), List.of(held, planned)),
            PdfPrinter.capturing((bytes, choice) -> printed.add(bytes)), null);

    @Test
    void aGroupsBlankFormsPrintInOneJobWithProgress() throws Exception {
        BatchPrintJob job = printing.groupJob(group.id(), true);
        assertEquals(4, job.size());
        List<String> progress = new ArrayList<>();
        BatchPrintJob.Result r = job.run(PdfPrinter.Choice.defaultPrinter(),
                (phase, done, total) -> progress.add(phase + " " + done + "/" + total));
        assertEquals(1, printed.size(), "one print job");
        assertEquals(List.of("RENDERING 0/4", "RENDERING 1/4", "RENDERING 2/4", "RENDERING 3/4", "RENDERING 4/4",
                "SENDING 4/4", "DONE 4/4"), progress);
        String text = PdfText.flat(PdfText.all(printed.get(0)));
        // In order of family name, each pre-filled; the planned tutorial's date is on Tallquist's form.
        int o = text.indexOf("Cadwy Ormsleigh");
        int p = text.indexOf("Dellyn Pravost");
        int t = text.indexOf("Bryvor Tallquist");
        int z = text.indexOf("Aneira Zellwyn");
        assertTrue(o >= 0 && o < p && p < t && t < z, text);
        assertTrue(text.contains("Tutorial on 18 March 2026"), "the planned date");
        assertTrue(text.contains("Finish the brake-disc logbook pages"), "Ormsleigh's open target");
        assertTrue(!text.contains("Held and filled for Zellwyn."), "blank forms carry no comments");
        try (var doc = TutorialFormPdf.load(printed.get(0))) {
            assertEquals(r.pages(), doc.getNumberOfPages());
            assertTrue(r.pages() >= 4, "each form on its own pages");
        }
    }

    @Test
    void filledFormsUseEachLearnersLatestHeldTutorial() {
        printing.groupJob(group.id(), false).run(null, null);
        String text = PdfText.flat(PdfText.all(printed.get(0)));
        assertTrue(text.contains("Held and filled for Zellwyn."), text);
    }

    @Test
    void cancellingStopsBetweenFormsAndPrintsNothing() {
        BatchPrintJob job = printing.groupJob(group.id(), true);
        List<Integer> seen = new ArrayList<>();
        assertThrows(CancellationException.class, () -> job.run(null, (phase, done, total) -> {
            seen.add(done);
            if (done == 2) {
                job.cancel();
            }
        }));
        assertEquals(List.of(0, 1, 2), seen, "stopped after the second form");
        assertEquals(0, printed.size(), "nothing sent to the printer");
        assertTrue(job.isCancelled());
    }
}
