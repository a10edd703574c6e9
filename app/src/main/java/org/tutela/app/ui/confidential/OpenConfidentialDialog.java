package org.tutela.app.ui.confidential;

import java.util.UUID;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Open a confidential tutorial: its password; wrong → the message and the delay; right → the
 * content, read only, until the dialog closes or the vault locks (then it is forgotten).
 */
public final class OpenConfidentialDialog {
    private OpenConfidentialDialog() {
    }

    /** The entry point (password checks run on the job pool, so a delay never holds up the vault). */
    public static Dialog<Void> create(Window owner, ConfidentialTutorials tutorials, UUID tutorialId) {
        return create(owner, new OpenConfidentialViewModel(tutorials, tutorialId, TaskRunner.JOBS));
    }

    public static Dialog<Void> create(Window owner, OpenConfidentialViewModel model) {
        Dialog<Void> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(Messages.plain("confidential.open.title"));
        dialog.setHeaderText(Messages.plain("confidential.open.title"));

        PasswordField password = Controls.passwordField("confidential-open-password", "confidential.open.password");
        Secrets.onChange(() -> model.typed(password.getCharacters()), password);
        Label message = Controls.messageLine("confidential-open-message", "hint");
        message.textProperty().bind(model.messageProperty());
        Label error = Controls.messageLine("confidential-open-error", "error");
        error.textProperty().bind(model.errorProperty());
        TextArea content = new TextArea();
        content.setId("confidential-open-content");
        content.setEditable(false);
        content.setWrapText(true);
        content.setPrefRowCount(14);
        content.textProperty().bind(model.contentProperty());
        VBox contentBox = Controls.labelled("confidential.open.content", content);
        contentBox.visibleProperty().bind(model.isOpenProperty());
        contentBox.managedProperty().bind(contentBox.visibleProperty());
        VBox passwordBox = Controls.labelled("confidential.open.password", password);
        passwordBox.visibleProperty().bind(model.isOpenProperty().not());
        passwordBox.managedProperty().bind(passwordBox.visibleProperty());
        Label intro = Controls.text("confidential.open.intro");

        VBox body = new VBox(10, intro, passwordBox, message, error, contentBox);
        body.setPrefWidth(560);
        dialog.getDialogPane().setContent(body);

        ButtonType openType = new ButtonType(Messages.plain("confidential.open.button"), ButtonBar.ButtonData.OK_DONE);
        ButtonType closeType = new ButtonType(Messages.plain("confidential.open.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(openType, closeType);
        Button open = (Button) dialog.getDialogPane().lookupButton(openType);
        open.setId("confidential-open-button");
        open.setAccessibleText(Messages.plain("confidential.open.button"));
        open.disableProperty().bind(model.canOpenProperty().not());
        open.visibleProperty().bind(model.isOpenProperty().not());
        open.managedProperty().bind(open.visibleProperty());
        open.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.open(Secrets.take(password));
        });
        Button close = (Button) dialog.getDialogPane().lookupButton(closeType);
        close.setId("confidential-open-close");
        close.setAccessibleText(Messages.plain("confidential.open.close"));
        password.disableProperty().bind(model.busyProperty());
        model.isOpenProperty().addListener((obs, was, now) -> {
            if (now) {
                content.requestFocus();
            }
        });

        // Forget the content when the dialog goes, and when the vault locks.
        Runnable onLock = () -> Platform.runLater(() -> {
            model.close();
            dialog.close();
        });
        model.tutorials().addCloseAllListener(onLock);
        dialog.setOnHidden(e -> {
            model.tutorials().removeCloseAllListener(onLock);
            model.close();
            password.clear();
        });
        dialog.setOnShown(e -> password.requestFocus());
        return dialog;
    }
}
