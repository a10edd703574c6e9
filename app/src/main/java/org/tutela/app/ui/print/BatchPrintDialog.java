package org.tutela.app.ui.print;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** The batch print window: a progress bar, what is happening, and Cancel. State in {@link BatchPrintViewModel}. */
public final class BatchPrintDialog {
    private BatchPrintDialog() {
    }

    public static Stage create(Window owner, BatchPrintViewModel model, String groupName, int forms) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(Messages.plain("print.batch.title"));
        Label heading = new Label(Messages.get("print.batch.heading", forms, groupName == null ? "" : groupName));
        heading.getStyleClass().add("heading");
        heading.setWrapText(true);
        ProgressBar bar = new ProgressBar();
        bar.setId("print-batch-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(model.progressProperty());
        bar.setAccessibleText(Messages.plain("print.batch.title"));
        Label status = Controls.messageLine("print-batch-status", "hint");
        status.textProperty().bind(model.statusProperty());
        Label error = Controls.messageLine("print-batch-error", "error");
        error.textProperty().bind(model.errorProperty());
        Button cancel = Controls.button("print-batch-cancel", "print.batch.cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button close = Controls.button("print-batch-close", "print.batch.close");
        close.disableProperty().bind(model.runningProperty());
        close.setOnAction(e -> stage.close());
        // Closing the window while it runs cancels the job.
        stage.setOnCloseRequest(e -> model.cancel());
        HBox buttons = new HBox(10, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(12, heading, bar, status, error, buttons);
        root.setPadding(new Insets(18));
        root.setPrefWidth(460);
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        return stage;
    }
}
