package org.tutela.app.ui.confidential;

import java.time.Duration;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.confidential.OrganisationSettings;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** The organisation's safeguarding settings: the lead's public key, the DSL's phone number, the urgent-sync threshold. */
public final class OrganisationSettingsViewModel {
    private final OrganisationSettingsStore store;
    private final TaskRunner runner;
    private final StringProperty publicKey = new SimpleStringProperty("");
    private final StringProperty phone = new SimpleStringProperty("");
    private final StringProperty thresholdHours = new SimpleStringProperty("4");
    private final StringProperty keyInfo = new SimpleStringProperty("");
    private final StringProperty organisationName = new SimpleStringProperty("");
    private final StringProperty logoInfo = new SimpleStringProperty("");
    private byte[] logo;
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    public OrganisationSettingsViewModel(OrganisationSettingsStore store, TaskRunner runner) {
        this.store = store;
        this.runner = runner;
        publicKey.addListener((obs, old, now) -> describeKey());
        phone.addListener((obs, old, now) -> message.set(""));
        thresholdHours.addListener((obs, old, now) -> message.set(""));
        describeKey();
    }

    /** Loads the saved settings into the fields. */
    public void load() {
        busy.set(true);
        runner.run(store::load, settings -> {
            busy.set(false);
            publicKey.set(settings.leadPublicKey() == null ? "" : settings.leadPublicKey());
            phone.set(settings.dslPhone() == null ? "" : settings.dslPhone());
            organisationName.set(settings.organisationName() == null ? "" : settings.organisationName());
            useLogo(settings.logo());
            double hours = settings.urgentSyncThreshold().toMinutes() / 60.0;
            thresholdHours.set(hours == Math.rint(hours) ? String.valueOf((long) hours) : String.valueOf(hours));
            message.set("");
        }, failure -> {
            busy.set(false);
            error.set(Messages.get("error.unexpected", String.valueOf(failure.getMessage())));
        });
    }

    /** Validates and saves; returns false (with the message in {@link #errorProperty()}) if a field is wrong. */
    public boolean save() {
        error.set("");
        String key = publicKey.get() == null ? "" : publicKey.get().strip();
        if (!key.isEmpty()) {
            try {
                OrganisationSettings.keyIdOf(key);
            } catch (IllegalArgumentException e) {
                error.set(Messages.get("orgsettings.badKey"));
                return false;
            }
        }
        Duration threshold;
        try {
            double hours = Double.parseDouble(thresholdHours.get().strip().replace(',', '.'));
            if (!(hours >= 0.1 && hours <= 168)) {
                throw new NumberFormatException();
            }
            threshold = Duration.ofMinutes(Math.round(hours * 60));
        } catch (NumberFormatException | NullPointerException e) {
            error.set(Messages.get("orgsettings.badThreshold"));
            return false;
        }
        OrganisationSettings settings;
        try {
            settings = new OrganisationSettings(key, phone.get(), threshold, organisationName.get(), logo);
        } catch (IllegalArgumentException e) {
            error.set(Messages.get("orgsettings.badPhone"));
            return false;
        }
        busy.set(true);
        runner.run(() -> {
            store.save(settings);
            return settings;
        }, saved -> {
            busy.set(false);
            message.set(Messages.get("orgsettings.saved"));
        }, failure -> {
            busy.set(false);
            error.set(Messages.get("error.unexpected", String.valueOf(failure.getMessage())));
        });
        return true;
    }

    /** Takes the picture for the printed form's header (not saved until Save), or says why not. */
    public void chooseLogo(java.nio.file.Path file) {
        error.set("");
        try {
            byte[] image = java.nio.file.Files.size(file) > OrganisationSettings.MAX_LOGO_BYTES ? new byte[0]
                    : java.nio.file.Files.readAllBytes(file);
            if (!OrganisationSettings.isPngOrJpeg(image)) {
                error.set(Messages.get("orgsettings.badLogo"));
                return;
            }
            useLogo(image);
        } catch (java.io.IOException e) {
            error.set(Messages.get("orgsettings.badLogo"));
        }
    }

    public void removeLogo() {
        useLogo(null);
    }

    private void useLogo(byte[] image) {
        logo = image;
        logoInfo.set(image == null ? Messages.get("orgsettings.noLogo")
                : Messages.get("orgsettings.logoInfo", Math.max(1, image.length / 1024)));
    }

    public StringProperty organisationNameProperty() {
        return organisationName;
    }

    public StringProperty logoInfoProperty() {
        return logoInfo;
    }

    private void describeKey() {
        String key = publicKey.get() == null ? "" : publicKey.get().strip();
        message.set("");
        if (key.isEmpty()) {
            keyInfo.set(Messages.get("orgsettings.noKey"));
            return;
        }
        try {
            keyInfo.set(Messages.get("orgsettings.keyId", OrganisationSettings.keyIdOf(key)));
        } catch (IllegalArgumentException e) {
            keyInfo.set(Messages.get("orgsettings.badKey"));
        }
    }

    public StringProperty publicKeyProperty() {
        return publicKey;
    }

    public StringProperty phoneProperty() {
        return phone;
    }

    public StringProperty thresholdHoursProperty() {
        return thresholdHours;
    }

    public StringProperty keyInfoProperty() {
        return keyInfo;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }
}
