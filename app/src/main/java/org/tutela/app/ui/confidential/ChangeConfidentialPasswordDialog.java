package org.tutela.app.ui.confidential;

import java.util.UUID;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;
import org.tutela.app.ui.common.TaskRunner;

/** Change a confidential tutorial's password (the content key is rewrapped; nothing else changes). */
public final class ChangeConfidentialPasswordDialog {
    private ChangeConfidentialPasswordDialog() {
    }

    public static Dialog<Void> create(Window owner, ConfidentialTutorials tutorials, UUID tutorialId) {
        return create(owner, new ChangeConfidentialPasswordViewModel(tutorials, tutorialId, TaskRunner.JOBS));
    }

    public static Dialog<Void> create(Window owner, ChangeConfidentialPasswordViewModel model) {
        Dialog<Void> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(Messages.plain("confidential.change.title"));
        dialog.setHeaderText(Messages.plain("confidential.change.title"));
        PasswordField current = Controls.passwordField("confidential-change-current", "confidential.change.current");
        PasswordField replacement = Controls.passwordField("confidential-change-new", "confidential.change.new");
        PasswordField confirmation = Controls.passwordField("confidential-change-confirm", "confidential.change.confirm");
        Secrets.onChange(() -> model.typed(current.getCharacters(), replacement.getCharacters(), confirmation.getCharacters()),
                current, replacement, confirmation);
        Label message = Controls.messageLine("confidential-change-message", "hint");
        message.textProperty().bind(model.messageProperty());
        Label error = Controls.messageLine("confidential-change-error", "error");
        error.textProperty().bind(model.errorProperty());
        VBox content = new VBox(10,
                Controls.labelled("confidential.change.current", current),
                Controls.text("confidential.mark.rule"),
                Controls.labelled("confidential.change.new", replacement),
                Controls.labelled("confidential.change.confirm", confirmation),
                message, error);
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);
        // a message that appears later makes the dialog taller: its buttons stay in the window
        Controls.growWithContent(dialog);

        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "confidential-change-button",
                "confidential.change.button", "confidential-change-close", "confidential.change.cancel",
                () -> model.change(Secrets.take(current), Secrets.take(replacement), Secrets.take(confirmation)));
        buttons.action().disableProperty().bind(model.canChangeProperty().not());
        current.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        replacement.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        confirmation.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        dialog.setOnShown(e -> current.requestFocus());
        return dialog;
    }
}
