package org.tutela.app.records;

import java.io.IOException;
import java.util.Optional;
import org.tutela.app.domain.Organisation;
import org.tutela.app.vault.DamagedRecordException;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;

/** The organisation record head office sends every laptop (one record, a fixed id). */
public final class OrganisationRecord {
    private OrganisationRecord() {
    }

    /**
     * The organisation as head office set it up, or empty when this laptop has received none
     * (never enrolled, or head office has not set it up), or its record cannot be read: then the
     * laptop's own settings apply.
     */
    public static Optional<Organisation> read(RecordStore store) {
        Optional<StoredRecord> r;
        try {
            r = store.get(Organisation.RECORD_ID);
        } catch (DamagedRecordException e) {
            return Optional.empty();
        }
        if (r.isEmpty() || r.get().deleted() || !RecordKind.Names.ORGANISATION.equals(r.get().kind())) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordJson.read(r.get().body(), Organisation.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
