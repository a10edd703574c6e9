package org.tutela.app.ui.print;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.tutela.app.print.PdfPrinter;
import org.tutela.app.ui.common.BackgroundWork;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/**
 * The print preview: the form's pages as pictures, then Print… (the system's print dialog) or
 * Save as PDF… (after a warning that the file is not encrypted). State in {@link PrintPreviewViewModel}.
 */
public final class PrintPreviewDialog {
    static final double PAGE_WIDTH = 620;

    private PrintPreviewDialog() {
    }

    /** @param showRegister opens the tutorial's copies register; null hides the button */
    public static Stage create(Window owner, PrintPreviewViewModel model, String title, Runnable showRegister) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(Messages.plain("print.preview.title"));

        VBox pages = new VBox(16);
        pages.setId("print-pages");
        pages.setAlignment(Pos.TOP_CENTER);
        pages.setPadding(new Insets(16));
        model.pages().addListener((ListChangeListener<BufferedImage>) change -> showPages(pages, model));
        showPages(pages, model);
        ScrollPane scroll = new ScrollPane(pages);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportWidth(PAGE_WIDTH + 40);
        // As tall as the screen allows (the pages scroll): Print, Save as PDF and Close stay in view.
        javafx.geometry.Rectangle2D screen = owner == null ? javafx.stage.Screen.getPrimary().getVisualBounds()
                : javafx.stage.Screen.getScreensForRectangle(owner.getX(), owner.getY(), Math.max(1, owner.getWidth()),
                        Math.max(1, owner.getHeight())).stream().findFirst().orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
        scroll.setPrefViewportHeight(Math.max(200, Math.min(700, screen.getHeight() - 170)));
        scroll.setPrefViewportWidth(Math.min(PAGE_WIDTH + 40, screen.getWidth() - 60));

        Label heading = new Label(Messages.get("print.preview.heading", title == null ? "" : title));
        heading.getStyleClass().add("heading");
        Label status = Controls.messageLine("print-status", "hint");
        status.textProperty().bind(model.statusProperty());
        Label error = Controls.messageLine("print-error", "error");
        error.textProperty().bind(model.errorProperty());

        Button print = Controls.button("print-print", "print.print");
        Button save = Controls.button("print-save", "print.saveAs");
        Button close = Controls.button("print-close", "print.close");
        print.setDefaultButton(true);
        close.setCancelButton(true);
        print.disableProperty().bind(model.readyProperty().not().or(model.busyProperty()));
        save.disableProperty().bind(model.readyProperty().not().or(model.busyProperty()));
        print.setOnAction(e -> print(stage, model));
        save.setOnAction(e -> save(stage, model));
        close.setOnAction(e -> stage.close());
        stage.setOnHidden(e -> model.clear());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(10, status, spacer);
        if (showRegister != null) {
            Button register = Controls.button("print-register", "print.copies");
            register.setOnAction(e -> showRegister.run());
            buttons.getChildren().add(register);
        }
        buttons.getChildren().addAll(save, print, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox top = new VBox(6, heading, error);
        BorderPane root = new BorderPane(scroll, top, null, buttons, null);
        BorderPane.setMargin(top, new Insets(12, 16, 8, 16));
        BorderPane.setMargin(buttons, new Insets(8, 16, 12, 16));
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnShown(e -> Controls.keepOnScreen(stage));
        return stage;
    }

    private static void showPages(VBox box, PrintPreviewViewModel model) {
        box.getChildren().clear();
        int n = 0;
        for (BufferedImage page : model.pages()) {
            ImageView view = new ImageView(SwingFXUtils.toFXImage(page, null));
            view.setPreserveRatio(true);
            view.setFitWidth(PAGE_WIDTH);
            view.setSmooth(true);
            view.getStyleClass().add("print-page");
            view.setAccessibleText(Messages.plain("print.preview.page", ++n));
            box.getChildren().add(view);
        }
    }

    /** Where a window is on the screen, for the system's print dialog to centre itself on; null for none. */
    static java.awt.Rectangle bounds(Window w) {
        return w == null ? null : new java.awt.Rectangle((int) w.getX(), (int) w.getY(), (int) w.getWidth(), (int) w.getHeight());
    }

    /** Print…: the system's print dialog, centred on {@code owner} (off the JavaFX thread), then print to what was chosen. */
    static void print(Window owner, PrintPreviewViewModel model) {
        if (GraphicsEnvironment.isHeadless()) {
            model.print(PdfPrinter.Choice.defaultPrinter());
            return;
        }
        var pdf = model.pdf();
        java.awt.Rectangle over = bounds(owner);
        BackgroundWork.asJob(() -> model.printer().choose(pdf, over),
                (Optional<PdfPrinter.Choice> choice) -> choice.ifPresentOrElse(model::print, model::printDialogCancelled),
                model::printDialogFailed);
    }

    /** Save as PDF…: warn that the file is not encrypted, then ask where. */
    static void save(Stage owner, PrintPreviewViewModel model) {
        if (!confirmUnencrypted(owner, model.saveWarning())) {
            return;
        }
        File file = saveChooser().showSaveDialog(owner);
        if (file != null) {
            model.saveTo(file.toPath());
        }
    }

    /** Where Save as PDF asks: the tutor's Documents folder (never the program's own folder), a PDF named for the form. */
    static FileChooser saveChooser() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Messages.plain("print.save.title"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.plain("print.save.filter"), "*.pdf"));
        chooser.setInitialFileName("tutorial-form.pdf");
        chooser.setInitialDirectory(documentsFolder().toFile());
        return chooser;
    }

    /**
     * The user's Documents folder: on Linux the one named in ~/.config/user-dirs.dirs
     * (XDG_DOCUMENTS_DIR, which may be in the user's language), else ~/Documents, else the home folder.
     */
    static java.nio.file.Path documentsFolder() {
        java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"));
        java.nio.file.Path dirs = home.resolve(".config").resolve("user-dirs.dirs");
        if (java.nio.file.Files.isReadable(dirs)) {
            try {
                for (String line : java.nio.file.Files.readAllLines(dirs)) {
                    String l = line.strip();
                    if (l.startsWith("XDG_DOCUMENTS_DIR=")) {
                        String value = l.substring(l.indexOf('=') + 1).replace("\"", "").replace("$HOME", home.toString());
                        java.nio.file.Path named = java.nio.file.Path.of(value);
                        if (java.nio.file.Files.isDirectory(named)) {
                            return named;
                        }
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // unreadable: the usual place below
            }
        }
        java.nio.file.Path documents = home.resolve("Documents");
        return java.nio.file.Files.isDirectory(documents) ? documents : home;
    }

    /** The not-encrypted warning; Cancel is the default (Enter, or a hurried click of the default, does not save). */
    static boolean confirmUnencrypted(Window owner, String warning) {
        ButtonType saveType = new ButtonType(Messages.plain("print.save.confirm"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancelType = new ButtonType(Messages.plain("print.save.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, warning, saveType, cancelType);
        alert.initOwner(owner);
        alert.setTitle(Messages.plain("print.save.warningTitle"));
        alert.setHeaderText(Messages.plain("print.save.warningTitle"));
        alert.getDialogPane().setId("print-save-warning");
        Button saveButton = (Button) alert.getDialogPane().lookupButton(saveType);
        Button cancelButton = (Button) alert.getDialogPane().lookupButton(cancelType);
        saveButton.setId("print-save-confirm");
        cancelButton.setId("print-save-cancel");
        saveButton.setDefaultButton(false);
        cancelButton.setDefaultButton(true);
        alert.setOnShown(e -> cancelButton.requestFocus());
        return alert.showAndWait().filter(b -> b == saveType).isPresent();
    }
}
