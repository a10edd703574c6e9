package org.tutela.app.ui.shell;

import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;

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
        Secrets.onChange(() -> model.typed(current.getCharacters(), replacement.getCharacters(), confirmation.getCharacters()),
                current, replacement, confirmation);
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
        // a message that appears later makes the dialog taller: its buttons stay in the window
        Controls.growWithContent(dialog);

        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "change-button", "change.button",
                "change-close", "change.cancel",
                () -> model.change(Secrets.take(current), Secrets.take(replacement), Secrets.take(confirmation)));
        buttons.action().disableProperty().bind(model.canChangeProperty().not());
        current.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        replacement.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        confirmation.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        dialog.setOnShown(e -> current.requestFocus());
        return dialog;
    }
}
