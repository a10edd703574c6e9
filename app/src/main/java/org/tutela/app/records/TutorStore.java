package org.tutela.app.records;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.tutela.app.domain.Tutor;
import org.tutela.app.vault.RecordStore;

/**
 * Keeps the details of the tutor using this laptop ({@link Tutor}) in the vault, encrypted, as a
 * local value: they belong to this laptop's user and are not sent to head office (head office
 * keeps its own record of its tutors, and sends the name at enrolment).
 */
public final class TutorStore {
    private static final String KEY = "tutor.details";
    private final Supplier<RecordStore> store;

    public TutorStore(Supplier<RecordStore> store) {
        this.store = Objects.requireNonNull(store);
    }

    /** The tutor's details, or empty when they have not been given yet (a vault from before they were asked). */
    public Optional<Tutor> load() {
        Optional<String> text = store.get().localValue(KEY);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordJson.read(text.get().getBytes(StandardCharsets.UTF_8), Tutor.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: asked again, as if never given
        }
    }

    public void save(Tutor tutor) {
        store.get().putLocalValue(KEY, new String(RecordJson.write(Objects.requireNonNull(tutor)), StandardCharsets.UTF_8));
    }
}
