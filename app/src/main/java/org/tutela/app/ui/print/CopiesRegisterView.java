package org.tutela.app.ui.print;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** The copies register of one tutorial: a line per recipient with a "Handed over" tick. State in {@link CopiesRegisterViewModel}. */
public final class CopiesRegisterView {
    private CopiesRegisterView() {
    }

    public static VBox build(CopiesRegisterViewModel model) {
        Label heading = new Label();
        heading.getStyleClass().add("heading");
        heading.textProperty().bind(model.headingProperty());
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(8);
        int row = 0;
        for (CopiesRegisterViewModel.Row r : model.rows()) {
            Label name = new Label(r.name());
            Label agreed = new Label(Messages.get(r.agreed() ? "print.register.agreed" : "print.register.notAgreed"));
            Label printed = new Label();
            printed.textProperty().bind(r.printedProperty());
            CheckBox handed = new CheckBox(Messages.get("print.register.handedOver"));
            handed.setId("print-register-" + r.recipient().name());
            handed.setAccessibleText(r.name() + " " + Messages.plain("print.register.handedOver"));
            handed.setSelected(r.handedOverProperty().get());
            r.handedOverProperty().addListener((o, was, is) -> handed.setSelected(is));
            handed.setOnAction(e -> model.setHandedOver(r, handed.isSelected()));
            Label when = new Label();
            when.textProperty().bind(r.handedOverAtProperty());
            for (javafx.scene.control.Labeled l : java.util.List.of(name, agreed, printed, handed, when)) {
                l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "not agre..."
            }
            grid.addRow(row++, name, agreed, printed, handed, when);
        }
        Label summary = new Label();
        summary.textProperty().bind(model.summaryProperty());
        Label error = Controls.messageLine("print-register-error", "error");
        error.textProperty().bind(model.errorProperty());
        VBox box = new VBox(12, heading, summary, grid, error);
        box.setPadding(new Insets(18));
        return box;
    }

    public static Stage window(Window owner, CopiesRegisterViewModel model) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(Messages.plain("print.register.title"));
        VBox content = build(model);
        Button close = Controls.button("print-register-close", "print.close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        content.getChildren().add(new HBox(close));
        Scene scene = new Scene(content);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        // The rows fill in after it opens: the window grows to show them whole.
        Controls.growWithContent(stage);
        return stage;
    }
}
