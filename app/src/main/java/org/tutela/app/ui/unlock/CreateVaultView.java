package org.tutela.app.ui.unlock;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import org.tutela.app.domain.PassphraseRule.Strength;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Secrets;
import org.tutela.app.ui.common.Messages;

/** The first-start screen. Layout only: state and rules live in {@link CreateVaultViewModel}. */
public final class CreateVaultView {
    private final StackPane root;
    private final PasswordField passphrase;

    public CreateVaultView(CreateVaultViewModel model) {
        passphrase = Controls.passwordField("create-passphrase", "create.passphrase");
        PasswordField confirmation = Controls.passwordField("create-confirm", "create.confirm");
        Secrets.onChange(() -> model.typed(passphrase.getCharacters(), confirmation.getCharacters()), passphrase, confirmation);

        ProgressBar meter = new ProgressBar(0);
        meter.setId("create-strength-meter");
        meter.setMaxWidth(Double.MAX_VALUE);
        meter.setFocusTraversable(false);
        Label strengthLabel = new Label();
        strengthLabel.setId("create-strength");
        model.strengthProperty().addListener((obs, old, now) -> showStrength(meter, strengthLabel, now));
        showStrength(meter, strengthLabel, model.strengthProperty().get());
        HBox.setHgrow(meter, Priority.ALWAYS);
        HBox strengthRow = new HBox(10, meter, strengthLabel);
        strengthRow.setAlignment(Pos.CENTER_LEFT);

        Label hint = Controls.messageLine("create-hint", "hint");
        hint.textProperty().bind(model.hintProperty());
        Label error = Controls.messageLine("create-error", "error");
        error.textProperty().bind(model.errorProperty());

        CheckBox demo = new CheckBox(Messages.get("create.demo"));
        demo.setId("create-demo");
        demo.setMnemonicParsing(true);
        demo.setWrapText(true);
        demo.setAccessibleText(Messages.plain("create.demo"));
        demo.selectedProperty().bindBidirectional(model.fillWithDemoProperty());
        demo.disableProperty().bind(model.busyProperty());

        Button create = Controls.button("create-button", "create.button");
        create.setDefaultButton(true);
        create.disableProperty().bind(model.canCreateProperty().not());
        create.setOnAction(e -> model.create(Secrets.take(passphrase), Secrets.take(confirmation)));

        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(22, 22);
        working.visibleProperty().bind(model.busyProperty());
        Label workingText = new Label(Messages.get("create.working"));
        workingText.setWrapText(true);
        workingText.visibleProperty().bind(model.busyProperty());
        workingText.managedProperty().bind(model.busyProperty());
        working.managedProperty().bind(model.busyProperty());
        HBox actions = new HBox(12, create, working, workingText);
        actions.setAlignment(Pos.CENTER_LEFT);

        passphrase.disableProperty().bind(model.busyProperty());
        confirmation.disableProperty().bind(model.busyProperty());

        root = new StackPane(Controls.card(
                Controls.heading("create.heading"),
                Controls.text("create.intro"),
                Controls.text("create.rule"),
                Controls.labelled("create.passphrase", passphrase),
                strengthRow,
                Controls.labelled("create.confirm", confirmation),
                hint,
                demo,
                error,
                actions));
        root.getStyleClass().add("screen");
    }

    private static void showStrength(ProgressBar meter, Label label, Strength strength) {
        meter.setProgress((strength.ordinal() + 1) / (double) Strength.values().length);
        meter.getStyleClass().removeIf(s -> s.startsWith("strength-"));
        meter.getStyleClass().add("strength-" + strength.name().toLowerCase(java.util.Locale.ROOT));
        label.setText(Messages.get("create.strength", Messages.get("strength." + strength.name())));
        meter.setAccessibleText(label.getText());
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        passphrase.requestFocus();
    }
}
