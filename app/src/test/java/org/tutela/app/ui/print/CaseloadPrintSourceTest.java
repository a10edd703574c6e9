package org.tutela.app.ui.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.records.TypedStore;
import org.tutela.app.print.BatchPrintJob;
import org.tutela.app.print.CopiesRegister;
import org.tutela.app.print.FormContent;
import org.tutela.app.print.FormPrinting;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.print.PdfText;
import org.tutela.app.print.PrintFixtures;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.records.Caseload;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/** Printing from the caseload kept in a real vault (the app's wiring). */
class CaseloadPrintSourceTest {

    @Test
    void theCaseloadFeedsTheFormsAndTheGroupBatch(@TempDir Path dir) {
        try (Vault vault = Vault.create(dir.resolve("c.tutela"), "invented test passphrase 41".toCharArray(), Argon2Params.FLOOR)) {
            Caseload caseload = Caseload.load(vault.records());
            var g = caseload.learnerWrites().save(PrintFixtures.group());
            var a = caseload.learnerWrites().save(PrintFixtures.learner(g, "Aneira", "Zellwyn"));
            var b = caseload.learnerWrites().save(PrintFixtures.learner(g, "Bryvor", "Tallquist"));
            var held = caseload.tutorialWrites().saveTutorial(PrintFixtures.filled(a, "Saved through the caseload."));
            List<byte[]> printed = new ArrayList<>();
            FormPrinting printing = new FormPrinting(PrintSettings.DEFAULT, CaseloadPrintSource.of(caseload),
                    PdfPrinter.capturing((bytes, c) -> printed.add(bytes)), new CopiesRegister(new TypedStore(vault::records), java.time.Clock.systemUTC()));

            FormContent form = assertInstanceOf(FormContent.class, printing.itemFor(caseload.tutorial(held.id()).orElseThrow()));
            assertEquals("Aneira Zellwyn", form.header().learnerName());
            assertEquals(g.name(), form.extras().groupName());

            BatchPrintJob job = printing.groupJob(g.id(), false);
            assertEquals(2, job.size());
            printing.runBatch(job, null, null);
            String text = PdfText.flat(PdfText.all(printed.get(0)));
            assertTrue(text.indexOf("Bryvor Tallquist") < text.indexOf("Aneira Zellwyn"), "by family name");
            assertTrue(text.contains("Saved through the caseload."), text);
            assertEquals(1, printing.register().orElseThrow().get(held.id()).printings().size(), "registered");
            assertTrue(printing.register().orElseThrow().get(b.id()).printings().isEmpty());
        }
    }
}
