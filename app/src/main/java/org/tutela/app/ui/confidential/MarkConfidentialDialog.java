package org.tutela.app.ui.confidential;

import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.confidential.ConfidentialEnvelope;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.OpenedTutorial;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;
import org.tutela.app.ui.common.TaskRunner;

/**
 * "Keep this tutorial confidential": the password twice, then seal. The dialog's result is the
 * sealed tutorial, still open for its author to go on writing (empty if cancelled: nothing
 * sealed); it closes itself once sealed. Whoever receives it closes it when done.
 */
public final class MarkConfidentialDialog {
    private MarkConfidentialDialog() {
    }

    /** The entry point: a dialog for this tutorial (sealing runs on the vault thread). */
    public static Dialog<OpenedTutorial> create(Window owner, ConfidentialTutorials tutorials, Tutorial tutorial) {
        return create(owner, new MarkConfidentialViewModel(tutorials, tutorial, TaskRunner.JOBS));
    }

    public static Dialog<OpenedTutorial> create(Window owner, MarkConfidentialViewModel model) {
        Dialog<OpenedTutorial> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(Messages.plain("confidential.mark.title"));
        dialog.setHeaderText(Messages.plain("confidential.mark.title"));

        PasswordField password = Controls.passwordField("confidential-mark-password", "confidential.mark.password");
        PasswordField confirm = Controls.passwordField("confidential-mark-confirm", "confidential.mark.confirm");
        Secrets.onChange(() -> model.typed(password.getCharacters(), confirm.getCharacters()), password, confirm);
        Label strength = Controls.messageLine("confidential-mark-strength", "hint");
        strength.textProperty().bind(model.strengthProperty());
        Label message = Controls.messageLine("confidential-mark-message", "hint");
        message.textProperty().bind(model.messageProperty());
        Label error = Controls.messageLine("confidential-mark-error", "error");
        error.textProperty().bind(model.errorProperty());

        VBox content = new VBox(10,
                Controls.text("confidential.mark.intro"),
                Controls.text("confidential.mark.rule"),
                Controls.labelled("confidential.mark.password", password),
                strength,
                Controls.labelled("confidential.mark.confirm", confirm),
                message, error);
        content.setPrefWidth(480);
        dialog.getDialogPane().setContent(content);
        // a message that appears later makes the dialog taller: its buttons stay in the window
        Controls.growWithContent(dialog);

        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "confidential-mark-seal", "confidential.mark.button",
                "confidential-mark-cancel", "confidential.mark.cancel",
                () -> model.seal(Secrets.take(password), Secrets.take(confirm)));
        buttons.action().disableProperty().bind(model.canSealProperty().not());
        buttons.close().disableProperty().bind(model.busyProperty());
        password.disableProperty().bind(model.busyProperty());
        confirm.disableProperty().bind(model.busyProperty());

        dialog.setResultConverter(type -> model.sealedProperty().get());
        model.sealedProperty().addListener((obs, old, opened) -> {
            if (opened != null) {
                dialog.setResult(opened);
                dialog.close();
            }
        });
        dialog.setOnShown(e -> password.requestFocus());
        return dialog;
    }
}
