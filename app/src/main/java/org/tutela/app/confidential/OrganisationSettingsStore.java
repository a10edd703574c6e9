package org.tutela.app.confidential;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/** Loads and saves {@link OrganisationSettings} as one encrypted record (a fixed id, so it syncs as one). */
public final class OrganisationSettingsStore {
    public static final String KIND = "organisation-settings";
    public static final UUID RECORD_ID = UUID.nameUUIDFromBytes("tutela:organisation-settings".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private final Supplier<RecordStore> store;

    public OrganisationSettingsStore(Supplier<RecordStore> store) {
        this.store = Objects.requireNonNull(store);
    }

    /** The saved settings, or {@link OrganisationSettings#DEFAULTS} if none were saved (or they cannot be read). */
    public OrganisationSettings load() {
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
