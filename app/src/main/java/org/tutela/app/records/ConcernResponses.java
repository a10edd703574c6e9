package org.tutela.app.records;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;

/** Head office's answers to concerns, read straight from the vault (for the safeguarding watch, which runs without a caseload). */
public final class ConcernResponses {
    private ConcernResponses() {
    }

    /** The concerns the safeguarding lead has seen. An answer that does not open is left out (its concern stays watched). */
    public static Set<java.util.UUID> seenByLead(RecordStore store) {
        Set<java.util.UUID> seen = new HashSet<>();
        for (StoredRecord r : store.list(RecordKinds.CONCERN_RESPONSE).records()) {
            try {
                ConcernResponse answer = RecordJson.read(r.body(), ConcernResponse.class);
                if (answer.seen()) {
                    seen.add(answer.concernId());
                }
            } catch (IOException | RuntimeException e) {
                // damaged: the watch keeps the concern, which errs on the side of phoning the lead
            }
        }
        return seen;
    }
}
