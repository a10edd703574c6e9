package org.tutela.app.confidential;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.tutela.app.domain.Organisation;
import org.tutela.app.records.LaptopOrganisationSettings;
import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TypedStore;

/**
 * Loads and saves {@link OrganisationSettings} as one encrypted record (a fixed id; it never
 * leaves the laptop). Once head office has sent the organisation record (an enrolled laptop, an
 * organisation head office has set up), its name, logo, safeguarding phone and escrow key take
 * the place of the local ones, which the tutor can no longer change; only the local time allowed
 * for an urgent concern to reach head office stays the laptop's own.
 */
public final class OrganisationSettingsStore {
    public static final UUID RECORD_ID = UUID.nameUUIDFromBytes("tutela:organisation-settings".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private final TypedStore store;

    public OrganisationSettingsStore(TypedStore store) {
        this.store = Objects.requireNonNull(store);
    }

    /** The settings in force: head office's where it sent them, else the laptop's own. */
    public OrganisationSettings load() {
        OrganisationSettings local = loadLocal();
        Optional<Organisation> headOffice = headOffice();
        if (headOffice.isEmpty()) {
            return local;
        }
        Organisation o = headOffice.get();
        try {
            return new OrganisationSettings(o.escrowPublicKey(), o.safeguardingLeadPhone(), local.urgentSyncThreshold(), o.name(), o.logo());
        } catch (IllegalArgumentException unusable) {
            return local; // head office checks these with the same rules: only a damaged record gets here
        }
    }

    /**
     * The organisation as head office set it up, when this laptop has received it (empty too when
     * its record cannot be read: then the laptop's own settings apply).
     */
    public Optional<Organisation> headOffice() {
        return store.findReadable(RecordKind.ORGANISATION, Organisation.RECORD_ID);
    }

    /** Keeps the laptop's own time allowed for an urgent concern, whoever sets the rest. */
    public void saveUrgentSyncThreshold(Duration threshold) {
        OrganisationSettings local = loadLocal();
        save(new OrganisationSettings(local.leadPublicKey(), local.dslPhone(), threshold, local.organisationName(), local.logo()));
    }

    /** The laptop's own saved settings, or {@link OrganisationSettings#DEFAULTS} if none were saved (or they cannot be read). */
    public OrganisationSettings loadLocal() {
        Optional<LaptopOrganisationSettings> saved = store.findReadable(RecordKind.ORGANISATION_SETTINGS, RECORD_ID);
        if (saved.isEmpty()) {
            return OrganisationSettings.DEFAULTS;
        }
        LaptopOrganisationSettings s = saved.get();
        try {
            return new OrganisationSettings(s.leadPublicKey(), s.dslPhone(),
                    s.urgentSyncThresholdMinutes() <= 0 ? null : Duration.ofMinutes(s.urgentSyncThresholdMinutes()),
                    s.organisationName(), s.logo());
        } catch (IllegalArgumentException e) {
            return OrganisationSettings.DEFAULTS;
        }
    }

    /** Saves the laptop's own settings (in force while head office has sent none). */
    public void save(OrganisationSettings settings) {
        store.save(RecordKind.ORGANISATION_SETTINGS, RECORD_ID, new LaptopOrganisationSettings(settings.leadPublicKey(),
                settings.dslPhone(), settings.urgentSyncThreshold().toMinutes(), settings.organisationName(), settings.logo()));
    }
}
