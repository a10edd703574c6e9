package org.tutela.app.confidential;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.tutela.app.domain.Organisation;
import org.tutela.app.records.OrganisationRecord;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/**
 * Loads and saves {@link OrganisationSettings} as one encrypted record (a fixed id; it never
 * leaves the laptop). Once head office has sent the organisation record (an enrolled laptop, an
 * organisation head office has set up), its name, logo, safeguarding phone and escrow key take
 * the place of the local ones, which the tutor can no longer change; only the local time allowed
 * for an urgent concern to reach head office stays the laptop's own.
 */
public final class OrganisationSettingsStore {
    public static final String KIND = "organisation-settings";
    public static final UUID RECORD_ID = UUID.nameUUIDFromBytes("tutela:organisation-settings".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private final Supplier<RecordStore> store;

    public OrganisationSettingsStore(Supplier<RecordStore> store) {
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

    /** The organisation as head office set it up, when this laptop has received it. */
    public Optional<Organisation> headOffice() {
        return OrganisationRecord.read(store.get());
    }

    /** Keeps the laptop's own time allowed for an urgent concern, whoever sets the rest. */
    public void saveUrgentSyncThreshold(Duration threshold) {
        OrganisationSettings local = loadLocal();
        save(new OrganisationSettings(local.leadPublicKey(), local.dslPhone(), threshold, local.organisationName(), local.logo()));
    }

    /** The laptop's own saved settings, or {@link OrganisationSettings#DEFAULTS} if none were saved (or they cannot be read). */
    public OrganisationSettings loadLocal() {
        Optional<StoredRecord> record = store.get().get(RECORD_ID);
        if (record.isEmpty() || record.get().deleted()) {
            return OrganisationSettings.DEFAULTS;
        }
        try {
            Stored s = Json.MAPPER.readValue(record.get().body(), Stored.class);
            return new OrganisationSettings(s.leadPublicKey(), s.dslPhone(),
                    s.urgentSyncThresholdMinutes() <= 0 ? null : Duration.ofMinutes(s.urgentSyncThresholdMinutes()),
                    s.organisationName(), s.logo());
        } catch (IOException | IllegalArgumentException e) {
            return OrganisationSettings.DEFAULTS;
        }
    }

    /** Saves the laptop's own settings (in force while head office has sent none). */
    public void save(OrganisationSettings settings) {
        Stored s = new Stored(settings.leadPublicKey(), settings.dslPhone(), settings.urgentSyncThreshold().toMinutes(),
                settings.organisationName(), settings.logo());
        try {
            store.get().save(KIND, RECORD_ID, Json.MAPPER.writeValueAsBytes(s), WriteOptions.NORMAL);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fields added later (name, logo) are simply absent from older records. */
    private record Stored(String leadPublicKey, String dslPhone, long urgentSyncThresholdMinutes,
                          String organisationName, byte[] logo) {
    }
}
