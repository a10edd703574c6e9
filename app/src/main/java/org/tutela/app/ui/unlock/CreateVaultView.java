package org.tutela.app.ui.unlock;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import org.tutela.app.domain.PassphraseRule.Strength;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Secrets;
import javafx.scene.layout.VBox;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.tutor.TutorDetailsFields;

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
        // Never greyed out for a reason it does not say: a refused Create shows each box's problem beside it.
        create.disableProperty().bind(model.busyProperty());
        create.setOnAction(e -> {
            if (model.readyToCreate()) {
                model.create(Secrets.take(passphrase), Secrets.take(confirmation));
            }
        });

        // While it works: what it is doing, a bar of how far it has got, and about how long is left.
        ProgressBar working = new ProgressBar();
        working.setId("create-progress");
        working.setMaxWidth(Double.MAX_VALUE);
        working.progressProperty().bind(model.progressProperty());
        working.setAccessibleText(Messages.plain("create.progress"));
        Label workingText = Controls.wrapWhole(new Label());
        workingText.setId("create-progress-text");
        workingText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> Formats.joined(" ",
                Messages.get(model.fillWithDemoProperty().get() ? "create.workingDemo" : "create.working"),
                model.progressTextProperty().get()), model.progressTextProperty(), model.fillWithDemoProperty()));
        VBox progressBox = new VBox(6, working, workingText);
        progressBox.visibleProperty().bind(model.busyProperty());
        progressBox.managedProperty().bind(model.busyProperty());
        HBox actions = new HBox(12, create);
        actions.setAlignment(Pos.CENTER_LEFT);

        passphrase.disableProperty().bind(model.busyProperty());
        confirmation.disableProperty().bind(model.busyProperty());

        javafx.scene.layout.GridPane you = TutorDetailsFields.create("create-tutor", model.tutor());
        you.disableProperty().bind(model.busyProperty());
        Label youHeading = new Label(Messages.get("create.aboutYou"));
        youHeading.getStyleClass().add("section");
        javafx.scene.layout.VBox card = Controls.card(
                Controls.heading("create.heading"),
                Controls.text("create.intro"),
                Controls.text("create.rule"),
                Controls.requiredLegend(),
                Controls.required(Controls.labelled("create.passphrase", passphrase)),
                strengthRow,
                Controls.required(Controls.labelled("create.confirm", confirmation)),
                hint,
                youHeading,
                Controls.text("tutor.intro"),
                you,
                demo,
                error,
                actions,
                progressBox);
        card.setMaxWidth(620);
        // A small screen scrolls to the Create button rather than hiding it.
        StackPane centred = new StackPane(card);
        centred.getStyleClass().add("screen");
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(centred);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("screen-scroll");
        root = new StackPane(scroll);
        // a red corner on the boxes to fill in, a warning sign on one with a problem (the lines and hint stay)
        org.tutela.app.ui.common.FieldChecks.problem(confirmation, model.mismatchProperty());
        org.tutela.app.ui.common.FieldChecks.attach(card);

        // While it works the passphrase boxes are empty (taken out of them): their strength and hint
        // would only mislead. What it is doing, at the foot of the card, is brought into view.
        strengthRow.visibleProperty().bind(model.busyProperty().not());
        strengthRow.managedProperty().bind(strengthRow.visibleProperty());
        hint.visibleProperty().unbind();
        hint.visibleProperty().bind(hint.textProperty().isNotEmpty().and(model.busyProperty().not()));
        model.busyProperty().addListener((o, was, now) -> {
            if (now) {
                javafx.application.Platform.runLater(() -> {
                    scroll.layout();
                    scroll.setVvalue(scroll.getVmax());
                });
            }
        });
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
