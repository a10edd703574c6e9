package org.tutela.app.ui.unlock;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Secrets;

/** The lock screen. Layout only: state lives in {@link UnlockViewModel}. */
public final class UnlockView {
    private final StackPane root;
    private final PasswordField passphrase;

    public UnlockView(UnlockViewModel model) {
        passphrase = Controls.passwordField("unlock-passphrase", "unlock.passphrase");
        Secrets.onChange(() -> model.typed(passphrase.getCharacters()), passphrase);
        passphrase.disableProperty().bind(model.busyProperty());

        Label notice = Controls.messageLine("unlock-notice", "hint");
        notice.textProperty().bind(model.noticeProperty());
        Label error = Controls.messageLine("unlock-error", "error");
        error.textProperty().bind(model.errorProperty());
        // Move focus back to the box after a failed try, so the tutor can type again at once.
        model.errorProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                passphrase.requestFocus();
            }
        });

        Button unlock = Controls.button("unlock-button", "unlock.button");
        unlock.setDefaultButton(true);
        unlock.disableProperty().bind(model.canUnlockProperty().not());
        unlock.setOnAction(e -> model.unlock(Secrets.take(passphrase)));

        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(22, 22);
        working.visibleProperty().bind(model.busyProperty());
        working.managedProperty().bind(model.busyProperty());
        HBox actions = new HBox(12, unlock, working);
        actions.setAlignment(Pos.CENTER_LEFT);

        root = new StackPane(Controls.card(
                Controls.heading("unlock.heading"),
                Controls.text("unlock.intro"),
                notice,
                Controls.labelled("unlock.passphrase", passphrase),
                error,
                actions));
        root.getStyleClass().add("screen");
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        passphrase.requestFocus();
    }
}
