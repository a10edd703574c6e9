package org.tutela.app.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.tutela.app.vault.Conflict;
import org.tutela.app.vault.HeadVersion;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordList;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Refusal;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/**
 * A plain in-memory RecordStore for fast tests of the search and rules (the store round trip, and
 * everything sync keeps, use the real vault: here they are kept as simply as will serve).
 */
public final class MemoryRecordStore implements RecordStore {
    final Map<UUID, StoredRecord> records = new LinkedHashMap<>();
    final List<OutboxEntry> outbox = new ArrayList<>();
    final Map<UUID, HeadVersion> heads = new LinkedHashMap<>();
    final Map<UUID, Conflict> conflicts = new LinkedHashMap<>();
    final Map<UUID, Refusal> refusals = new LinkedHashMap<>();
    private long seq;

    @Override
    public StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options) {
        return save(kind, id, body, options, ANY_REVISION);
    }

    @Override
    public synchronized StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options, long openedRevision) {
        StoredRecord old = records.get(id);
        if (old != null && openedRevision != ANY_REVISION && openedRevision != old.revision() && !conflicts.containsKey(id)) {
            conflicts.put(id, new Conflict(id, kind, Conflict.Origin.CHANGED_WHILE_OPEN, Instant.now(), old, headVersion(id)));
        }
        Instant now = Instant.now();
        StoredRecord r = new StoredRecord(id, kind, old == null ? 1 : old.revision() + 1,
                old == null ? now : old.createdAt(), now, false, options.sealed(), body.clone());
        records.put(id, r);
        requeue(id, options.urgent());
        return r;
    }

    @Override
    public StoredRecord delete(UUID id) {
        return delete(id, ANY_REVISION);
    }

    @Override
    public synchronized StoredRecord delete(UUID id, long openedRevision) {
        StoredRecord old = records.get(id);
        if (old != null && openedRevision != ANY_REVISION && openedRevision != old.revision() && !conflicts.containsKey(id)) {
            conflicts.put(id, new Conflict(id, old.kind(), Conflict.Origin.CHANGED_WHILE_OPEN, Instant.now(), old, headVersion(id)));
        }
        StoredRecord r = new StoredRecord(id, old.kind(), old.revision() + 1, old.createdAt(), Instant.now(), true,
                false, "{}".getBytes());
        records.put(id, r);
        requeue(id, false);
        return r;
    }

    @Override
    public synchronized Optional<StoredRecord> get(UUID id) {
        return Optional.ofNullable(records.get(id));
    }

    /** Runs before each {@link #list} (outside the store's lock), with the kind: lets a test hold a load up. */
    volatile java.util.function.Consumer<String> beforeList = kind -> { };

    @Override
    public RecordList list(String kind) {
        beforeList.accept(kind);
        synchronized (this) {
            return new RecordList(records.values().stream().filter(r -> r.kind().equals(kind) && !r.deleted()).toList(), List.of());
        }
    }

    @Override
    public synchronized RecordList tombstones(String kind) {
        return new RecordList(records.values().stream().filter(r -> r.kind().equals(kind) && r.deleted()).toList(), List.of());
    }

    @Override
    public synchronized <T> T inTransaction(Function<RecordStore, T> work) {
        return work.apply(this);
    }

    @Override
    public synchronized void applyRemote(StoredRecord incoming) {
        StoredRecord old = records.get(incoming.id());
        records.put(incoming.id(), new StoredRecord(incoming.id(), incoming.kind(), old == null ? 1 : old.revision() + 1,
                incoming.createdAt(), incoming.updatedAt(), incoming.deleted(), incoming.sealed(), incoming.body()));
        heads.put(incoming.id(), new HeadVersion(incoming.revision(), null));
    }

    @Override
    public synchronized HeadVersion headVersion(UUID id) {
        return heads.getOrDefault(id, HeadVersion.NONE);
    }

    @Override
    public synchronized void setHeadVersion(UUID id, HeadVersion version) {
        heads.put(id, version);
    }

    @Override
    public synchronized void requeue(UUID id, boolean urgent) {
        StoredRecord r = records.get(id);
        if (r == null) {
            throw new java.util.NoSuchElementException("There is no record " + id);
        }
        if (outbox.stream().noneMatch(e -> e.recordId().equals(id) && !e.inFlight())) {
            outbox.add(new OutboxEntry(++seq, id, urgent, r, headVersion(id), null, null));
        }
    }

    @Override
    public synchronized void discardWaiting(UUID id) {
        outbox.removeIf(e -> e.recordId().equals(id) && !e.inFlight());
    }

    @Override
    public synchronized List<OutboxEntry> pendingOutbox(int limit) {
        // an entry on its way keeps its record as it was sent (or its frozen copy); the others as they are now
        return outbox.stream().map(e -> e.inFlight() && e.sent() == null ? e
                : new OutboxEntry(e.deviceSequence(), e.recordId(), e.urgent(), records.get(e.recordId()),
                headVersion(e.recordId()), e.wireSequence(), e.sent())).limit(limit).toList();
    }

    @Override
    public synchronized void markSent(long deviceSequence, long wireSequence, java.util.function.Supplier<byte[]> sent, long revision) {
        OutboxEntry entry = outbox.stream().filter(e -> e.deviceSequence() == deviceSequence).findFirst().orElseThrow();
        StoredRecord now = records.get(entry.recordId());
        boolean unchanged = now.revision() == revision;
        outbox.replaceAll(e -> e.deviceSequence() != deviceSequence ? e : unchanged
                ? new OutboxEntry(e.deviceSequence(), e.recordId(), e.urgent(), now, headVersion(e.recordId()), wireSequence, null)
                : new OutboxEntry(e.deviceSequence(), e.recordId(), e.urgent(), e.record(), e.base(), wireSequence, sent.get().clone()));
        if (!unchanged) {
            requeue(entry.recordId(), entry.urgent());
        }
    }

    @Override
    public synchronized java.util.Set<UUID> recordsInOutbox(boolean sentOnly) {
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        outbox.stream().filter(e -> !sentOnly || e.inFlight()).forEach(e -> ids.add(e.recordId()));
        return ids;
    }

    @Override
    public synchronized java.util.Set<UUID> recordsInConflict() {
        return new java.util.HashSet<>(conflicts.keySet());
    }

    @Override
    public synchronized void unsendAll() {
        outbox.replaceAll(e -> new OutboxEntry(e.deviceSequence(), e.recordId(), e.urgent(), e.record(), e.base(), null, null));
    }

    @Override
    public synchronized void acknowledge(List<Long> deviceSequences) {
        outbox.removeIf(e -> deviceSequences.contains(e.deviceSequence()));
    }

    @Override
    public synchronized void putConflict(Conflict conflict) {
        conflicts.put(conflict.recordId(), conflict);
    }

    @Override
    public synchronized Optional<Conflict> conflict(UUID id) {
        return Optional.ofNullable(conflicts.get(id));
    }

    @Override
    public synchronized List<Conflict> conflicts() {
        return List.copyOf(conflicts.values());
    }

    @Override
    public synchronized void removeConflict(UUID id) {
        conflicts.remove(id);
    }

    @Override
    public synchronized void putRefusal(Refusal refusal) {
        refusals.put(refusal.recordId(), refusal);
    }

    @Override
    public synchronized List<Refusal> refusals() {
        return List.copyOf(refusals.values());
    }

    @Override
    public synchronized void removeRefusal(UUID id) {
        refusals.remove(id);
    }

    @Override
    public Optional<String> localValue(String key) {
        return Optional.empty();
    }

    @Override
    public void putLocalValue(String key, String value) {
    }

    /** No snapshot is kept here: a caseload on this store always reads its records. */
    @Override
    public boolean keepSnapshot(int format, java.util.function.Supplier<byte[]> content, java.util.Set<String> kinds,
                                Map<UUID, Long> revisions) {
        return false;
    }

    @Override
    public Optional<java.nio.ByteBuffer> snapshot(int format) {
        return Optional.empty();
    }

    @Override
    public void dropSnapshot() {
    }
}
