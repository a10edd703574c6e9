package org.tutela.app.records;

import java.util.Objects;
import java.util.Optional;
import org.tutela.app.domain.Tutor;

/**
 * Keeps the details of the tutor using this laptop ({@link Tutor}) in the vault, encrypted, as a
 * local value: they belong to this laptop's user and are not sent to head office (head office
 * keeps its own record of its tutors, and sends the name at enrolment).
 */
public final class TutorStore {
    private static final String KEY = "tutor.details";
    private final TypedStore store;

    public TutorStore(TypedStore store) {
        this.store = Objects.requireNonNull(store);
    }

    /** The tutor's details, or empty when they have not been given yet (or cannot be read: then they are asked again). */
    public Optional<Tutor> load() {
        return store.local(KEY, Tutor.class);
    }

    public void save(Tutor tutor) {
        store.putLocal(KEY, Objects.requireNonNull(tutor));
    }
}
