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

/**
 * The connect-to-head-office dialog. State and rules live in {@link EnrolViewModel}; the same
 * model is shown again if the dialog is closed and opened, so nothing typed is lost but the
 * password, which is never kept.
 */
public final class EnrolDialog {
    private EnrolDialog() {
    }

    public static Dialog<Void> create(Window owner, EnrolViewModel model) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(Messages.plain("enrol.title"));
        dialog.setHeaderText(Messages.plain("enrol.title"));
        dialog.setResizable(true);

        TextField url = text("enrol-url", model.serverUrlProperty());
        url.setPromptText(Messages.plain("enrol.urlPrompt"));
        TextField fingerprint = text("enrol-fingerprint", model.fingerprintProperty());
        TextField username = text("enrol-username", model.usernameProperty());
        PasswordField password = Controls.passwordField("enrol-password", "enrol.password");
        Secrets.onChange(() -> model.passwordTyped(password.getCharacters()), password);
        TextField device = text("enrol-device", model.deviceNameProperty());
        Label error = Controls.messageLine("enrol-error", "error");
        error.textProperty().bind(model.errorProperty());
        Label done = Controls.messageLine("enrol-done", "hint");
        model.doneProperty().addListener((obs, was, now) -> done.setText(!now ? "" : model.tutorNameProperty().get().isEmpty()
                ? Messages.get("enrol.done") : Messages.get("enrol.done") + " " + Messages.get("enrol.tutorName", model.tutorNameProperty().get())));

        VBox content = new VBox(10,
                Controls.text("enrol.intro"),
                Controls.requiredLegend(),
                Controls.required(Controls.labelled("enrol.url", url, problem("enrol-url-problem", url, model.urlProblemProperty(), model))),
                Controls.required(Controls.labelled("enrol.fingerprint", fingerprint,
                        problem("enrol-fingerprint-problem", fingerprint, model.fingerprintProblemProperty(), model))),
                Controls.required(Controls.labelled("enrol.username", username,
                        problem("enrol-username-problem", username, model.usernameProblemProperty(), model))),
                Controls.required(Controls.labelled("enrol.password", password,
                        problem("enrol-password-problem", password, model.passwordProblemProperty(), model))),
                Controls.labelled("enrol.device", device),
                error, done);
        content.setPrefWidth(560);
        // the boxes' marks are drawn in the dialog's own pane (see FieldChecks)
        dialog.getDialogPane().setContent(org.tutela.app.ui.common.FieldChecks.host(content));
        org.tutela.app.ui.common.FieldChecks.attach(content);

        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "enrol-button", "enrol.button",
                "enrol-close", "enrol.close", () -> {
                    if (model.readyToEnrol()) {
                        model.enrol(Secrets.take(password));
                    }
                });
        // Never greyed out for a reason it does not say: Connect with a box to correct shows what is wrong beside it.
        buttons.action().disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        for (var field : java.util.List.of(url, fingerprint, username, password, device)) {
            field.disableProperty().bind(model.busyProperty().or(model.doneProperty()));
        }
        // A message that appears makes the dialog taller rather than being cut off.
        Controls.growWithContent(dialog);
        dialog.setOnShown(e -> {
            url.requestFocus();
            url.end(); // after the "https://" already there, so typing the address keeps it
        });
        return dialog;
    }

    private static Label problem(String id, javafx.scene.control.Control field, javafx.beans.value.ObservableStringValue problem,
                                 EnrolViewModel model) {
        return Controls.problemLine(id, field, problem, model.showProblemsProperty());
    }

    private static TextField text(String id, javafx.beans.property.StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(property);
        return field;
    }
}
