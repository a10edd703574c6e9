package org.tutela.app.ui.shell;

import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** The change-passphrase dialog. State and rules live in {@link ChangePassphraseViewModel}. */
public final class ChangePassphraseDialog {
    private ChangePassphraseDialog() {
    }

    public static Dialog<Void> create(Window owner, ChangePassphraseViewModel model) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(Messages.plain("change.title"));
        dialog.setHeaderText(Messages.plain("change.title"));

        PasswordField current = Controls.passwordField("change-current", "change.current");
        PasswordField replacement = Controls.passwordField("change-new", "change.new");
        PasswordField confirmation = Controls.passwordField("change-confirm", "change.confirm");
        current.textProperty().bindBidirectional(model.currentProperty());
        replacement.textProperty().bindBidirectional(model.replacementProperty());
        confirmation.textProperty().bindBidirectional(model.confirmationProperty());
        Label message = Controls.messageLine("change-message", "hint");
        message.textProperty().bind(model.messageProperty());
        Label error = Controls.messageLine("change-error", "error");
        error.textProperty().bind(model.errorProperty());

        VBox content = new VBox(10,
                Controls.labelled("change.current", current),
                Controls.text("create.rule"),
                Controls.labelled("change.new", replacement),
                Controls.labelled("change.confirm", confirmation),
                message, error);
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);

        ButtonType changeType = new ButtonType(Messages.plain("change.button"), ButtonBar.ButtonData.OK_DONE);
        ButtonType closeType = new ButtonType(Messages.plain("change.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(changeType, closeType);
        Button change = (Button) dialog.getDialogPane().lookupButton(changeType);
        change.setId("change-button");
        change.setAccessibleText(Messages.plain("change.button"));
        change.disableProperty().bind(model.canChangeProperty().not());
        // Keep the dialog open while the change runs, and afterwards to show the outcome.
        change.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            event.consume();
            model.change();
        });
        Button close = (Button) dialog.getDialogPane().lookupButton(closeType);
        close.setId("change-close");
        close.setAccessibleText(Messages.plain("change.cancel"));
        current.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        replacement.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        confirmation.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        dialog.setOnShown(e -> current.requestFocus());
        return dialog;
    }
}
