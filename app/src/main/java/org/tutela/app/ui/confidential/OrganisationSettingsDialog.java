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

/**
 * The organisation's safeguarding settings: lead public key, DSL phone number, urgent-sync
 * threshold; read-only, with a note, once head office has sent the organisation.
 */
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

        // Head office's settings are shown, not edited: fields stay in the tab order, read-only.
        javafx.beans.binding.BooleanBinding local = model.managedByHeadOfficeProperty().not();
        for (TextField f : java.util.List.of(name, key, phone)) {
            f.editableProperty().bind(local);
        }
        chooseLogo.disableProperty().bind(model.managedByHeadOfficeProperty());
        removeLogo.disableProperty().bind(model.managedByHeadOfficeProperty());
        Label headOfficeNote = Controls.messageLine("orgsettings-head-office", "hint");
        headOfficeNote.setText(Messages.plain("orgsettings.headOffice"));
        TextField leadName = readOnly("orgsettings-lead-name", model.leadNameProperty());
        javafx.scene.control.TextArea terms = new javafx.scene.control.TextArea();
        terms.setId("orgsettings-term-dates");
        terms.setEditable(false);
        terms.setWrapText(true);
        terms.setPrefRowCount(2);
        terms.textProperty().bind(model.termDatesProperty());
        TextField entitlement = readOnly("orgsettings-entitlement", model.entitlementProperty());
        TextField attendance = readOnly("orgsettings-attendance", model.attendanceThresholdProperty());
        headOfficeNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        headOfficeNote.setPrefWidth(884); // wraps across both columns
        VBox fromHeadOffice = new VBox(10,
                Controls.labelled("orgsettings.leadName", leadName),
                Controls.labelled("orgsettings.termDates", terms),
                Controls.labelled("orgsettings.entitlement", entitlement),
                Controls.labelled("orgsettings.attendance", attendance));
        fromHeadOffice.setPrefWidth(360);
        Label intro = Controls.text("orgsettings.intro");
        intro.visibleProperty().bind(local);
        intro.managedProperty().bind(local);
        VBox laptop = new VBox(10,
                Controls.labelled("orgsettings.name", name),
                logoRow,
                intro,
                Controls.labelled("orgsettings.publicKey", key), keyInfo,
                Controls.labelled("orgsettings.phone", phone),
                Controls.labelled("orgsettings.threshold", hours),
                message, error);
        laptop.setPrefWidth(500);
        // head office's column beside the rest, so the dialog still fits a 1024x600 screen
        for (javafx.scene.Node n : java.util.List.of(headOfficeNote, fromHeadOffice)) {
            n.visibleProperty().bind(model.managedByHeadOfficeProperty());
            n.managedProperty().bind(model.managedByHeadOfficeProperty());
        }
        headOfficeNote.visibleProperty().unbind();
        headOfficeNote.visibleProperty().bind(model.managedByHeadOfficeProperty());
        javafx.scene.layout.HBox columns = new javafx.scene.layout.HBox(24, fromHeadOffice, laptop);
        VBox content = new VBox(12, headOfficeNote, columns);
        model.managedByHeadOfficeProperty().addListener((o, was, now) -> {
            if (dialog.isShowing()) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
                if (now) {
                    hours.requestFocus(); // the one field the tutor can change
                }
            }
        });
        dialog.getDialogPane().setContent(content);
        // a message that appears later makes the dialog taller: its buttons stay in the window
        Controls.growWithContent(dialog);
        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "orgsettings-save", "orgsettings.save",
                "orgsettings-close", "orgsettings.cancel", model::save);
        buttons.action().disableProperty().bind(model.busyProperty());
        dialog.setOnShown(e -> (model.managedByHeadOfficeProperty().get() ? hours : name).requestFocus());
        return dialog;
    }

    private static TextField readOnly(String id, javafx.beans.property.StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setEditable(false);
        f.textProperty().bind(value);
        return f;
    }
}
