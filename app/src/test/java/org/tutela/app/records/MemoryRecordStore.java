package org.tutela.app.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordList;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/** A plain in-memory RecordStore for fast tests of the search and rules (the store round trip uses the real vault). */
final class MemoryRecordStore implements RecordStore {
    final Map<UUID, StoredRecord> records = new LinkedHashMap<>();
    final List<OutboxEntry> outbox = new ArrayList<>();
    private long seq;

    @Override
    public synchronized StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options) {
        StoredRecord old = records.get(id);
        Instant now = Instant.now();
        StoredRecord r = new StoredRecord(id, kind, old == null ? 1 : old.revision() + 1,
                old == null ? now : old.createdAt(), now, false, options.sealed(), body.clone());
        records.put(id, r);
        outbox.add(new OutboxEntry(++seq, id, old == null ? 0 : old.revision(), options.urgent(), r));
        return r;
    }

    @Override
    public synchronized StoredRecord delete(UUID id) {
        StoredRecord old = records.get(id);
        StoredRecord r = new StoredRecord(id, old.kind(), old.revision() + 1, old.createdAt(), Instant.now(), true,
                false, "{}".getBytes());
        records.put(id, r);
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
    public synchronized <T> T inTransaction(Function<RecordStore, T> work) {
        return work.apply(this);
    }

    @Override
    public void applyRemote(StoredRecord incoming) {
        records.put(incoming.id(), incoming);
    }

    @Override
    public synchronized void resend(UUID id, long baseRevision) {
        StoredRecord r = records.get(id);
        if (r == null) {
            throw new java.util.NoSuchElementException("There is no record " + id);
        }
        if (baseRevision < 0 || baseRevision >= r.revision()) {
            throw new IllegalArgumentException("base revision " + baseRevision);
        }
        outbox.add(new OutboxEntry(++seq, id, baseRevision, false, r));
    }

    @Override
    public List<OutboxEntry> pendingOutbox(int limit) {
        return outbox.stream().limit(limit).toList();
    }

    @Override
    public void acknowledge(List<Long> deviceSequences) {
        outbox.removeIf(e -> deviceSequences.contains(e.deviceSequence()));
    }

    @Override
    public Optional<String> localValue(String key) {
        return Optional.empty();
    }

    @Override
    public void putLocalValue(String key, String value) {
    }
}
