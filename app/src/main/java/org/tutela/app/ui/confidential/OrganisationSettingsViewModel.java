package org.tutela.app.ui.confidential;

import org.tutela.app.ui.common.Failures;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.confidential.OrganisationSettings;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Organisation;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * The organisation's safeguarding settings: the lead's public key, the DSL's phone number, the
 * urgent-sync threshold. Once head office has sent the organisation, what it set is shown and
 * cannot be changed here ({@link #managedByHeadOfficeProperty()}); only the threshold can.
 */
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
    private final BooleanProperty managedByHeadOffice = new SimpleBooleanProperty(false);
    private final StringProperty leadName = new SimpleStringProperty("");
    private final StringProperty termDates = new SimpleStringProperty("");
    private final StringProperty entitlement = new SimpleStringProperty("");
    private final StringProperty attendanceThreshold = new SimpleStringProperty("");

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
        runner.run(() -> new Loaded(store.load(), store.headOffice()), loaded -> {
            busy.set(false);
            OrganisationSettings settings = loaded.settings();
            showHeadOffice(loaded.headOffice().orElse(null));
            publicKey.set(settings.leadPublicKey() == null ? "" : settings.leadPublicKey());
            phone.set(settings.dslPhone() == null ? "" : settings.dslPhone());
            organisationName.set(settings.organisationName() == null ? "" : settings.organisationName());
            useLogo(settings.logo());
            double hours = settings.urgentSyncThreshold().toMinutes() / 60.0;
            thresholdHours.set(hours == Math.rint(hours) ? String.valueOf((long) hours) : String.valueOf(hours));
            message.set("");
        }, failure -> {
            busy.set(false);
            error.set(Failures.text(failure));
        });
    }

    private record Loaded(OrganisationSettings settings, Optional<Organisation> headOffice) {
    }

    private void showHeadOffice(Organisation o) {
        managedByHeadOffice.set(o != null);
        if (o == null) {
            leadName.set("");
            termDates.set("");
            entitlement.set("");
            attendanceThreshold.set("");
            return;
        }
        leadName.set(o.safeguardingLeadName() == null ? "" : o.safeguardingLeadName());
        termDates.set(o.termDates().isEmpty() ? Messages.get("orgsettings.standardTerms") : o.termDates().stream()
                .map(t -> Messages.get("orgsettings.termYear", new AcademicYear(t.academicYear()).label(),
                        t.halfTermStarts().stream().map(Formats::date).collect(Collectors.joining(", "))))
                .collect(Collectors.joining("\n")));
        entitlement.set(Messages.get("orgsettings.entitlementValue", o.defaultEntitlement().oneToOneReviews(),
                o.defaultEntitlement().groupSessions()));
        attendanceThreshold.set(o.attendanceThreshold() == null ? "" : Messages.get("orgsettings.attendanceValue", o.attendanceThreshold()));
    }

    /** Validates and saves; returns false (with the message in {@link #errorProperty()}) if a field is wrong. */
    public boolean save() {
        error.set("");
        if (managedByHeadOffice.get()) {
            return saveThresholdOnly();
        }
        String key = publicKey.get() == null ? "" : publicKey.get().strip();
        if (!key.isEmpty()) {
            try {
                OrganisationSettings.keyIdOf(key);
            } catch (IllegalArgumentException e) {
                error.set(Messages.get("orgsettings.badKey"));
                return false;
            }
        }
        Duration threshold = threshold();
        if (threshold == null) {
            return false;
        }
        OrganisationSettings settings;
        try {
            settings = new OrganisationSettings(key, phone.get(), threshold, organisationName.get(), logo);
        } catch (IllegalArgumentException e) {
            error.set(Messages.get("orgsettings.badPhone"));
            return false;
        }
        return inBackground(() -> store.save(settings));
    }

    /** Head office set the rest: only the laptop's own threshold is saved. */
    private boolean saveThresholdOnly() {
        Duration threshold = threshold();
        if (threshold == null) {
            return false;
        }
        return inBackground(() -> store.saveUrgentSyncThreshold(threshold));
    }

    /** Saves off the UI thread, then says so (or what went wrong). */
    private boolean inBackground(Runnable save) {
        busy.set(true);
        runner.run(() -> {
            save.run();
            return Boolean.TRUE;
        }, saved -> {
            busy.set(false);
            message.set(Messages.get("orgsettings.saved"));
        }, failure -> {
            busy.set(false);
            error.set(Failures.text(failure));
        });
        return true;
    }

    /** The threshold typed, or null (with the message in {@link #errorProperty()}). */
    private Duration threshold() {
        try {
            double hours = Double.parseDouble(thresholdHours.get().strip().replace(',', '.'));
            if (!(hours >= 0.1 && hours <= 168)) {
                throw new NumberFormatException();
            }
            return Duration.ofMinutes(Math.round(hours * 60));
        } catch (NumberFormatException | NullPointerException e) {
            error.set(Messages.get("orgsettings.badThreshold"));
            return null;
        }
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

    /** True once head office has sent the organisation: its settings are shown, not edited. */
    public BooleanProperty managedByHeadOfficeProperty() {
        return managedByHeadOffice;
    }

    public StringProperty leadNameProperty() {
        return leadName;
    }

    public StringProperty termDatesProperty() {
        return termDates;
    }

    public StringProperty entitlementProperty() {
        return entitlement;
    }

    public StringProperty attendanceThresholdProperty() {
        return attendanceThreshold;
    }
}
