package org.tutela.app.records;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.tutela.app.domain.ConcernResponse;

/** Head office's answers to concerns, read straight from the vault (for the safeguarding watch, which runs without a caseload). */
public final class ConcernResponses {
    private ConcernResponses() {
    }

    /**
     * The concerns the safeguarding lead has seen. An answer that does not open is left out (its
     * concern stays watched, which errs on the side of phoning the lead).
     */
    public static Set<UUID> seenByLead(TypedStore store) {
        Set<UUID> seen = new HashSet<>();
        for (ConcernResponse answer : store.all(RecordKind.CONCERN_RESPONSE)) {
            if (answer.seen()) {
                seen.add(answer.concernId());
            }
        }
        return seen;
    }
}
