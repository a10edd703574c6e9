package org.tutela.app.ui.confidential;

import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** The organisation's safeguarding settings: lead public key, DSL phone number, urgent-sync threshold. */
public final class OrganisationSettingsDialog {
    private OrganisationSettingsDialog() {
    }

    public static Dialog<Void> create(Window owner, OrganisationSettingsStore store) {
        OrganisationSettingsViewModel model = new OrganisationSettingsViewModel(store, TaskRunner.VAULT_THREAD);
        model.load();
        return create(owner, model);
    }

    public static Dialog<Void> create(Window owner, OrganisationSettingsViewModel model) {
        Dialog<Void> dialog = new Dialog<>();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(Messages.plain("orgsettings.title"));
        dialog.setHeaderText(Messages.plain("orgsettings.title"));
        TextField key = new TextField();
        key.setId("orgsettings-public-key");
        key.textProperty().bindBidirectional(model.publicKeyProperty());
        TextField phone = new TextField();
        phone.setId("orgsettings-phone");
        phone.textProperty().bindBidirectional(model.phoneProperty());
        TextField hours = new TextField();
        hours.setId("orgsettings-threshold");
        hours.setPrefColumnCount(5);
        hours.textProperty().bindBidirectional(model.thresholdHoursProperty());
        TextField name = new TextField();
        name.setId("orgsettings-name");
        name.textProperty().bindBidirectional(model.organisationNameProperty());
        Label logoInfo = new Label();
        logoInfo.setId("orgsettings-logo-info");
        logoInfo.textProperty().bind(model.logoInfoProperty());
        javafx.scene.control.Button chooseLogo = Controls.button("orgsettings-choose-logo", "orgsettings.chooseLogo");
        chooseLogo.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(Messages.plain("orgsettings.chooseLogo"));
            chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("PNG, JPEG", "*.png", "*.jpg", "*.jpeg"));
            java.io.File file = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
            if (file != null) {
                model.chooseLogo(file.toPath());
            }
        });
        javafx.scene.control.Button removeLogo = Controls.button("orgsettings-remove-logo", "orgsettings.removeLogo");
        removeLogo.setOnAction(e -> model.removeLogo());
        javafx.scene.layout.HBox logoRow = new javafx.scene.layout.HBox(10, logoInfo, chooseLogo, removeLogo);
        logoRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label keyInfo = Controls.messageLine("orgsettings-key-info", "hint");
        keyInfo.textProperty().bind(model.keyInfoProperty());
        Label message = Controls.messageLine("orgsettings-message", "hint");
        message.textProperty().bind(model.messageProperty());
        Label error = Controls.messageLine("orgsettings-error", "error");
        error.textProperty().bind(model.errorProperty());
        VBox content = new VBox(10,
                Controls.labelled("orgsettings.name", name),
                logoRow,
                Controls.text("orgsettings.intro"),
                Controls.labelled("orgsettings.publicKey", key), keyInfo,
                Controls.labelled("orgsettings.phone", phone),
                Controls.labelled("orgsettings.threshold", hours),
                message, error);
        content.setPrefWidth(500);
        dialog.getDialogPane().setContent(content);
        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "orgsettings-save", "orgsettings.save",
                "orgsettings-close", "orgsettings.cancel", model::save);
        buttons.action().disableProperty().bind(model.busyProperty());
        dialog.setOnShown(e -> name.requestFocus());
        return dialog;
    }
}
