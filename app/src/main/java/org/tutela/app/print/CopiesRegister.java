package org.tutela.app.print;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/**
 * The copies register, kept in the vault as encrypted records of kind {@value #KIND} (one per
 * tutorial, so it syncs like any other record). It says which agreed copies of each tutorial were
 * printed and handed over, and when. It holds no content of the tutorial, only its id.
 */
public final class CopiesRegister {
    public static final String KIND = org.tutela.sync.protocol.RecordKinds.COPIES_REGISTER;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Supplier<RecordStore> store;
    private final Clock clock;

    /** @param store the open vault's records (asked each time, so a locked vault fails cleanly) */
    public CopiesRegister(Supplier<RecordStore> store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The record id of a tutorial's register entry (derived, so it never collides with the tutorial's own id). */
    public static UUID recordId(UUID tutorialId) {
        return UUID.nameUUIDFromBytes((KIND + ":" + tutorialId).getBytes(StandardCharsets.UTF_8));
    }

    public CopiesRecord get(UUID tutorialId) {
        return store.get().get(recordId(tutorialId))
                .filter(r -> !r.deleted())
                .map(CopiesRegister::read)
                .orElse(CopiesRecord.empty(tutorialId));
    }

    /** Every tutorial's register entry. */
    public List<CopiesRecord> all() {
        List<CopiesRecord> out = new ArrayList<>();
        for (StoredRecord r : store.get().list(KIND).records()) {
            out.add(read(r));
        }
        return out;
    }

    /** Records that the tutorial's form was printed now, {@code count} copies for these recipients. */
    public CopiesRecord recordPrinted(UUID tutorialId, int count, Collection<CopyRecipient> recipients) {
        return update(tutorialId, r -> r.printed(clock.instant(), count, recipients));
    }

    /** Ticks or unticks a recipient's copy as handed over (now). */
    public CopiesRecord setHandedOver(UUID tutorialId, CopyRecipient recipient, boolean handed) {
        return update(tutorialId, r -> r.handedOver(recipient, handed, clock.instant()));
    }

    private CopiesRecord update(UUID tutorialId, java.util.function.UnaryOperator<CopiesRecord> change) {
        return store.get().inTransaction(s -> {
            CopiesRecord current = s.get(recordId(tutorialId)).filter(r -> !r.deleted()).map(CopiesRegister::read)
                    .orElse(CopiesRecord.empty(tutorialId));
            CopiesRecord next = change.apply(current);
            s.save(KIND, recordId(tutorialId), write(next), WriteOptions.NORMAL);
            return next;
        });
    }

    private static CopiesRecord read(StoredRecord r) {
        try {
            return JSON.readValue(r.body(), CopiesRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("A copies register entry could not be read", e);
        }
    }

    private static byte[] write(CopiesRecord r) {
        try {
            return JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
