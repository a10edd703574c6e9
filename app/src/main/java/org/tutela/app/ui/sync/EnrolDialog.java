package org.tutela.app.ui.sync;

import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;

/** The connect-to-head-office dialog. State and rules live in {@link EnrolViewModel}. */
public final class EnrolDialog {
    private EnrolDialog() {
    }

    public static Dialog<Void> create(Window owner, EnrolViewModel model) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(Messages.plain("enrol.title"));
        dialog.setHeaderText(Messages.plain("enrol.title"));

        TextField url = text("enrol-url", model.serverUrlProperty());
        TextField fingerprint = text("enrol-fingerprint", model.fingerprintProperty());
        TextField username = text("enrol-username", model.usernameProperty());
        PasswordField password = Controls.passwordField("enrol-password", "enrol.password");
        Secrets.onChange(() -> model.passwordTyped(password.getCharacters()), password);
        TextField device = text("enrol-device", model.deviceNameProperty());
        Label error = Controls.messageLine("enrol-error", "error");
        error.textProperty().bind(model.errorProperty());
        Label done = Controls.messageLine("enrol-done", "hint");
        model.doneProperty().addListener((obs, was, now) -> done.setText(now ? Messages.get("enrol.done") : ""));

        VBox content = new VBox(10,
                Controls.text("enrol.intro"),
                Controls.labelled("enrol.url", url),
                Controls.labelled("enrol.fingerprint", fingerprint),
                Controls.labelled("enrol.username", username),
                Controls.labelled("enrol.password", password),
                Controls.labelled("enrol.device", device),
                error, done);
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);

        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "enrol-button", "enrol.button",
                "enrol-close", "enrol.close", () -> model.enrol(Secrets.take(password)));
        buttons.action().disableProperty().bind(model.canEnrolProperty().not());
        for (var field : java.util.List.of(url, fingerprint, username, password, device)) {
            field.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        }
        dialog.setOnShown(e -> {
            url.requestFocus();
            url.end(); // after the "https://" already there, so typing the address keeps it
        });
        return dialog;
    }

    private static TextField text(String id, javafx.beans.property.StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(property);
        return field;
    }
}
