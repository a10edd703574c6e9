package org.tutela.app.ui.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.print.FormPrinting;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.print.PrintFixtures;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.print.PrintSource;

/** The preview window through the real (headless) toolkit: pages shown, Print prints, Save as PDF warns first. */
@ExtendWith(ApplicationExtension.class)
class PrintPreviewDialogTest {
    private final List<byte[]> printed = new CopyOnWriteArrayList<>();
    private Stage owner;

    @Start
    void start(Stage stage) {
        owner = stage;
        stage.setScene(new javafx.scene.Scene(new VBox(), 200, 100));
        stage.show();
    }

    @Test
    void previewPrintAndTheUnencryptedWarning(FxRobot robot) throws Exception {
        var g = PrintFixtures.group();
        var l = PrintFixtures.learner(g);
        var t = PrintFixtures.filled(l, PrintFixtures.longComment(30));
        TutorialPrintRequests requests = new TutorialPrintRequests(new FormPrinting(PrintSettings.DEFAULT,
                PrintSource.of(List.of(l), List.of(g), List.of(), List.of(t)),
                PdfPrinter.capturing((b, c) -> printed.add(b)), null));
        robot.interact(() -> requests.printTutorial(owner, t, l));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#print-pages").tryQueryAs(VBox.class).map(v -> v.getChildren().size() >= 2).orElse(false));
        int pages = robot.lookup("#print-pages").queryAs(VBox.class).getChildren().size();
        assertTrue(pages >= 2, "pages shown: " + pages);

        String look = System.getProperty("print.look");
        if (look != null) {
            robot.interact(() -> {
                var scene = robot.lookup("#print-pages").queryAs(VBox.class).getScene();
                var image = scene.snapshot(null);
                try {
                    java.nio.file.Files.createDirectories(java.nio.file.Path.of(look));
                    javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png",
                            java.nio.file.Path.of(look, "preview-dialog.png").toFile());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        robot.clickOn("#print-print");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> printed.size() == 1);

        robot.clickOn("#print-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#print-save-warning").tryQuery().isPresent());
        DialogPane warning = robot.lookup("#print-save-warning").queryAs(DialogPane.class);
        assertTrue(warning.getContentText().contains("NOT encrypted"), warning.getContentText());
        Button cancel = robot.lookup("#print-save-cancel").queryButton();
        assertTrue(cancel.isDefaultButton(), "Cancel is the default");
        assertTrue(!robot.lookup("#print-save-confirm").queryButton().isDefaultButton(), "saving unencrypted is never the default");
        // Enter, pressed in a hurry, cancels: nothing is saved and no file chooser opens.
        robot.interact(() -> {
            warning.getScene().getWindow().requestFocus();
            cancel.requestFocus();
        });
        robot.press(javafx.scene.input.KeyCode.ENTER).release(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#print-save-warning").tryQuery().isEmpty());
        assertEquals(1, printed.size());
        robot.clickOn("#print-close");
    }

    @Test
    void saveAsPdfAsksInTheDocumentsFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
        String realHome = System.getProperty("user.home");
        try {
            System.setProperty("user.home", home.toString());
            java.nio.file.Path documents = java.nio.file.Files.createDirectories(home.resolve("Documents"));
            assertEquals(documents.toFile(), PrintPreviewDialog.saveChooser().getInitialDirectory());
            // A desktop in another language names its documents folder in ~/.config/user-dirs.dirs.
            java.nio.file.Path dogfennau = java.nio.file.Files.createDirectories(home.resolve("Dogfennau"));
            java.nio.file.Files.createDirectories(home.resolve(".config"));
            java.nio.file.Files.writeString(home.resolve(".config/user-dirs.dirs"), "XDG_DOCUMENTS_DIR=\"$HOME/Dogfennau\"\n");
            assertEquals(dogfennau.toFile(), PrintPreviewDialog.saveChooser().getInitialDirectory());
            assertEquals("tutorial-form.pdf", PrintPreviewDialog.saveChooser().getInitialFileName());
        } finally {
            System.setProperty("user.home", realHome);
        }
    }

    @Test
    void aGroupPrintsInOneJobAfterChoosingBlankForms(FxRobot robot) throws Exception {
        var g = PrintFixtures.group();
        var learners = List.of(PrintFixtures.learner(g, "Aneira", "Zellwyn"), PrintFixtures.learner(g, "Bryvor", "Tallquist"));
        TutorialPrintRequests requests = new TutorialPrintRequests(new FormPrinting(PrintSettings.DEFAULT,
                PrintSource.of(learners, List.of(g), List.of(), List.of()),
                PdfPrinter.capturing((b, c) -> printed.add(b)), null));
        // printGroup asks first (a modal question): start it without waiting for it to return.
        javafx.application.Platform.runLater(() -> requests.printGroup(owner, g, learners));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#print-batch-ask").tryQuery().isPresent());
        DialogPane ask = robot.lookup("#print-batch-ask").queryAs(DialogPane.class);
        robot.interact(((Button) ask.lookupButton(ask.getButtonTypes().get(0)))::fire);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> printed.size() == 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#print-batch-status").tryQueryAs(javafx.scene.control.Label.class)
                .map(x -> x.getText().startsWith("Printed 2 forms")).orElse(false));
        String text = new org.apache.pdfbox.text.PDFTextStripper().getText(org.tutela.app.print.TutorialFormPdf.load(printed.get(0)));
        assertTrue(text.contains("Aneira Zellwyn") && text.contains("Bryvor Tallquist"), text);
        robot.clickOn("#print-batch-close");
    }
}
