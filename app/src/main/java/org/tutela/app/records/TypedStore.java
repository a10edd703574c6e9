package org.tutela.app.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.vault.DamagedRecordException;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/**
 * The one door to the vault for everything above the records layer that is not the caseload:
 * records read and written as their Java types ({@link RecordKind}), sealed tutorials as their
 * envelopes' bytes, and the vault's small encrypted local values. The copies register, the
 * organisation's settings, the safeguarding watch, confidential tutorials and the tutor's own
 * details keep their records through it and never see the vault.
 *
 * <p>What is written here without the caseload (a tutorial sealed as confidential, its sealed
 * draft saved) is told to the {@link #whenWritten listeners} once it is stored, so the caseload
 * takes it in and no screen keeps a cache in step by hand.
 *
 * <p>Thread-safe as the vault is (one lock, taken by each call).
 */
public final class TypedStore {
    private static final Logger LOG = LoggerFactory.getLogger(TypedStore.class);
    /** Urgent outbox entries come first: read a small page, a bigger one only while it is all urgent, up to this. */
    private static final int OUTBOX_SCAN = 100_000;

    private record Listener(RecordKind<?> kind, Consumer<UUID> then) {
    }

    private final Supplier<RecordStore> store;
    private final List<Listener> listeners;
    /** Inside {@link #inTransaction}: what was written, told once the transaction has committed. */
    private final List<Map.Entry<RecordKind<?>, UUID>> toTell;

    /** @param store the open vault's records (asked each time, so a locked vault fails cleanly) */
    public TypedStore(Supplier<RecordStore> store) {
        this(store, new CopyOnWriteArrayList<>(), null);
    }

    private TypedStore(Supplier<RecordStore> store, List<Listener> listeners, List<Map.Entry<RecordKind<?>, UUID>> toTell) {
        this.store = Objects.requireNonNull(store);
        this.listeners = listeners;
        this.toTell = toTell;
    }

    /** Calls {@code then} with the id of each record of this kind written through this store, once it is stored. */
    public void whenWritten(RecordKind<?> kind, Consumer<UUID> then) {
        listeners.add(new Listener(kind, then));
    }

    // ------------------------------------------------------------------ records

    /**
     * The live record of this kind with this id, or empty (none, deleted, or of another kind).
     *
     * @throws DamagedRecordException its envelope does not authenticate
     * @throws UncheckedIOException its body does not make a valid record
     */
    public <T> Optional<T> find(RecordKind<T> kind, UUID id) {
        Optional<StoredRecord> r = store.get().get(id);
        if (r.isEmpty() || r.get().deleted() || r.get().sealed() || !kind.is(r.get().kind())) {
            return Optional.empty();
        }
        return Optional.of(read(kind, r.get()));
    }

    /** {@link #find}, where a record that cannot be read counts as none (the caller falls back to its defaults). */
    public <T> Optional<T> findReadable(RecordKind<T> kind, UUID id) {
        try {
            return find(kind, id);
        } catch (DamagedRecordException | UncheckedIOException | IllegalArgumentException unreadable) {
            LOG.warn("A {} record could not be read; it counts as none", kind);
            return Optional.empty();
        }
    }

    /** Every live record of this kind that reads; one that does not is left out (and logged by id only). */
    public <T> List<T> all(RecordKind<T> kind) {
        List<T> out = new ArrayList<>();
        for (StoredRecord r : store.get().list(kind.name()).records()) {
            if (r.sealed()) {
                continue;
            }
            try {
                out.add(kind.read(r.body()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("A {} record could not be read: {}", kind, r.id());
            }
        }
        return out;
    }

    /** Writes the record as a local change (urgent when its kind says so), in the outbox to be sent. */
    public <T> T save(RecordKind<T> kind, UUID id, T record) {
        store.get().save(kind.name(), id, kind.write(record), kind.urgent(record) ? WriteOptions.URGENT : WriteOptions.NORMAL);
        told(kind, id);
        return record;
    }

    /**
     * Changes the record in one transaction: {@code change} is given the live record, or
     * {@code absent} when there is none; what it returns is saved and returned.
     */
    public <T> T update(RecordKind<T> kind, UUID id, Supplier<T> absent, UnaryOperator<T> change) {
        return inTransaction(s -> s.save(kind, id, change.apply(s.find(kind, id).orElseGet(absent))));
    }

    /** False when a record with this id is on this laptop and not deleted; a record that cannot be read counts as there. */
    public boolean isGone(UUID id) {
        try {
            Optional<StoredRecord> r = store.get().get(id);
            return r.isEmpty() || r.get().deleted();
        } catch (RuntimeException damaged) {
            return false;
        }
    }

    /**
     * Records of this kind that wait in the outbox urgently (not yet answered by head office), with
     * when each was last changed (one on its way: when the version sent was), urgent first as the
     * outbox lists them.
     */
    public Map<UUID, Instant> waitingUrgently(RecordKind<?> kind) {
        Map<UUID, Instant> waiting = new LinkedHashMap<>();
        for (int limit = 32; ; limit *= 4) {
            List<OutboxEntry> page = store.get().pendingOutbox(limit);
            waiting.clear();
            boolean allUrgent = true;
            for (OutboxEntry entry : page) {
                if (!entry.urgent()) {
                    if (entry.inFlight()) {
                        continue; // sent and awaiting an answer: listed first, whatever their urgency
                    }
                    allUrgent = false;
                    break;
                }
                if (kind.is(entry.record().kind())) {
                    waiting.putIfAbsent(entry.recordId(), entry.record().updatedAt());
                }
            }
            if (!allUrgent || page.size() < limit || limit >= OUTBOX_SCAN) {
                return waiting;
            }
        }
    }

    /** Runs the work as one transaction: all its writes are stored, or none; listeners hear of them after it commits. */
    public <R> R inTransaction(Function<TypedStore, R> work) {
        if (toTell != null) {
            return work.apply(this); // already inside one
        }
        List<Map.Entry<RecordKind<?>, UUID>> written = new ArrayList<>();
        R result = store.get().inTransaction(s -> work.apply(new TypedStore(() -> s, listeners, written)));
        written.forEach(w -> tell(w.getKey(), w.getValue()));
        return result;
    }

    // ------------------------------------------------------------------ sealed tutorials

    /** The envelope (its JSON) of a sealed tutorial, or empty if there is no such tutorial or it is not sealed. */
    public Optional<byte[]> sealedEnvelope(UUID tutorialId) {
        return store.get().get(tutorialId).filter(TypedStore::isSealedTutorial).map(StoredRecord::body);
    }

    /** Every sealed tutorial's envelope (its JSON). */
    public List<byte[]> sealedEnvelopes() {
        return store.get().list(RecordKind.TUTORIAL.name()).records().stream().filter(TypedStore::isSealedTutorial)
                .map(StoredRecord::body).toList();
    }

    /**
     * Stores a tutorial sealed: the envelope in place of whatever the tutorial held (the vault
     * erases the open version from its file and log as this commits).
     *
     * @param urgent true as it is first sealed: head office, and every laptop that pulled the open
     *     version, replaces it soon
     */
    public void saveSealed(UUID tutorialId, byte[] envelope, boolean urgent) {
        store.get().save(RecordKind.TUTORIAL.name(), tutorialId, envelope, urgent ? WriteOptions.SEALED_URGENT : WriteOptions.SEALED);
        told(RecordKind.TUTORIAL, tutorialId);
    }

    private static boolean isSealedTutorial(StoredRecord r) {
        return r.sealed() && RecordKind.TUTORIAL.is(r.kind()) && !r.deleted();
    }

    // ------------------------------------------------------------------ local values

    /** A small encrypted local value (never sent), as text. */
    public Optional<String> localText(String key) {
        return store.get().localValue(key);
    }

    /** Stores (or, with {@code null}, removes) a local value. */
    public void putLocalText(String key, String value) {
        store.get().putLocalValue(key, value);
    }

    /** A local value kept as JSON; empty when there is none or it cannot be read. */
    public <T> Optional<T> local(String key, Class<T> type) {
        return local(key, RecordJson.mapper().getTypeFactory().constructType(type));
    }

    /** {@link #local(String, Class)} for a generic type (a map, a list). */
    public <T> Optional<T> local(String key, TypeReference<T> type) {
        return local(key, RecordJson.mapper().getTypeFactory().constructType(type));
    }

    private <T> Optional<T> local(String key, JavaType type) {
        Optional<String> text = localText(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordJson.mapper().readValue(text.get(), type));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The local value {} could not be read; it counts as none", key);
            return Optional.empty();
        }
    }

    /** Stores a local value as JSON. */
    public void putLocal(String key, Object value) {
        putLocalText(key, new String(RecordJson.write(Objects.requireNonNull(value)), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ internals

    private static <T> T read(RecordKind<T> kind, StoredRecord r) {
        try {
            return kind.read(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("A " + kind + " record could not be read: " + r.id(), e);
        }
    }

    private void told(RecordKind<?> kind, UUID id) {
        if (toTell != null) {
            toTell.add(Map.entry(kind, id));
        } else {
            tell(kind, id);
        }
    }

    private void tell(RecordKind<?> kind, UUID id) {
        for (Listener l : listeners) {
            if (l.kind() == kind) {
                l.then().accept(id);
            }
        }
    }
}
