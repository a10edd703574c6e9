package org.tutela.app.print;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.tutela.app.domain.CopiesRecord;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TypedStore;

/**
 * The copies register, kept in the vault as encrypted records of kind
 * {@link RecordKind#COPIES_REGISTER} (one per tutorial, so it syncs like any other record). It says
 * which agreed copies of each tutorial were printed and handed over, and when. It holds no content
 * of the tutorial, only its id.
 */
public final class CopiesRegister {
    private final TypedStore store;
    private final Clock clock;

    public CopiesRegister(TypedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The record id of a tutorial's register entry (derived, so it never collides with the tutorial's own id). */
    public static UUID recordId(UUID tutorialId) {
        return UUID.nameUUIDFromBytes((RecordKind.COPIES_REGISTER.name() + ":" + tutorialId).getBytes(StandardCharsets.UTF_8));
    }

    public CopiesRecord get(UUID tutorialId) {
        return store.find(RecordKind.COPIES_REGISTER, recordId(tutorialId)).orElse(CopiesRecord.empty(tutorialId));
    }

    /** Every tutorial's register entry. */
    public List<CopiesRecord> all() {
        return store.all(RecordKind.COPIES_REGISTER);
    }

    /** Records that the tutorial's form was printed now, {@code count} copies for these recipients. */
    public CopiesRecord recordPrinted(UUID tutorialId, int count, Collection<CopyRecipient> recipients) {
        return update(tutorialId, r -> r.printed(clock.instant(), count, recipients));
    }

    /** Ticks or unticks a recipient's copy as handed over (now). */
    public CopiesRecord setHandedOver(UUID tutorialId, CopyRecipient recipient, boolean handed) {
        return update(tutorialId, r -> r.handedOver(recipient, handed, clock.instant()));
    }

    private CopiesRecord update(UUID tutorialId, UnaryOperator<CopiesRecord> change) {
        return store.update(RecordKind.COPIES_REGISTER, recordId(tutorialId), () -> CopiesRecord.empty(tutorialId), change);
    }
}
