package org.tutela.app.vault;

import static org.tutela.app.vault.EnvelopeStore.instant;
import static org.tutela.app.vault.EnvelopeStore.nowMicros;
import static org.tutela.app.vault.EnvelopeStore.requireKind;
import static org.tutela.app.vault.RecordStore.ANY_REVISION;

import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.crypto.ContentHash;

/**
 * The tutor's changes in an {@link EnvelopeStore}: a record saved or deleted here. Each writes, in
 * one transaction, the record's next revision and its outbox entry and, if the record changed
 * since the tutor opened it, keeps the version they never saw as a conflict.
 */
final class LocalChanges {
    /** The store's logger: these log lines are the vault store's, as they always were. */
    private static final Logger log = LoggerFactory.getLogger(EnvelopeStore.class);

    private final EnvelopeStore store;
    private final RecordEnvelopes envelopes;
    private final HeadOfficeVersions headOfficeVersions;
    private final Outbox outbox;

    LocalChanges(EnvelopeStore store, RecordEnvelopes envelopes, HeadOfficeVersions headOfficeVersions, Outbox outbox) {
        this.store = store;
        this.envelopes = envelopes;
        this.headOfficeVersions = headOfficeVersions;
        this.outbox = outbox;
    }

    StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options, long openedRevision) {
        requireKind(kind);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        WriteOptions opts = options == null ? WriteOptions.NORMAL : options;
        byte[] copy = body.clone();
        return store.write(() -> {
            RecordEnvelopes.Meta existing = envelopes.meta(id);
            if (existing != null && !existing.kind().equals(kind)) {
                throw new IllegalArgumentException("Record " + id + " is a " + existing.kind() + ", not a " + kind);
            }
            long now = nowMicros();
            if (existing != null) {
                keepHeadHash(id, existing);
                if (openedRevision != ANY_REVISION && openedRevision != existing.revision() && store.conflict(id).isEmpty()) {
                    // changed since the tutor opened it: keep the version they never saw beside theirs
                    StoredRecord unseen = store.get(id).orElseThrow();
                    store.putConflict(new Conflict(id, kind, Conflict.Origin.CHANGED_WHILE_OPEN, instant(now), unseen, store.headVersion(id)));
                    log.info("Record {} changed while it was open; both versions kept", id);
                }
            }
            long base = existing == null ? 0 : existing.revision();
            long created = existing == null ? now : existing.createdMicros();
            StoredRecord stored = envelopes.store(id, kind, base + 1, created, Math.max(now, created), false, opts.sealed(), copy);
            outbox.queue(id, opts.urgent(), now);
            if (existing != null && opts.sealed() && !existing.sealed()) {
                store.eraseAtCommit(); // the open version must not outlive its sealing
            }
            return stored;
        });
    }

    StoredRecord delete(UUID id, long openedRevision) {
        Objects.requireNonNull(id, "id");
        return store.write(() -> {
            RecordEnvelopes.Meta existing = envelopes.meta(id);
            if (existing == null) {
                throw new java.util.NoSuchElementException("There is no record " + id);
            }
            if (existing.deleted()) {
                return store.get(id).orElseThrow();
            }
            long now = nowMicros();
            keepHeadHash(id, existing);
            if (openedRevision != ANY_REVISION && openedRevision != existing.revision() && store.conflict(id).isEmpty()) {
                // changed since the tutor was shown it: keep the version they never saw beside the deletion
                StoredRecord unseen = store.get(id).orElseThrow();
                store.putConflict(new Conflict(id, existing.kind(), Conflict.Origin.CHANGED_WHILE_OPEN, instant(now), unseen, store.headVersion(id)));
                log.info("Record {} changed before it was deleted; both kept", id);
            }
            byte[] routing = Tombstones.bodyFor(store.get(id).orElseThrow().body(), existing.sealed());
            StoredRecord stored = envelopes.store(id, existing.kind(), existing.revision() + 1, existing.createdMicros(),
                    Math.max(now, existing.createdMicros()), true, existing.sealed(), routing);
            outbox.queue(id, false, now);
            store.eraseAtCommit();
            return stored;
        });
    }

    /**
     * A record last written before head versions were kept knows head office's revision but not
     * the hash of that version. While nothing has changed it here, its content is that version:
     * note the hash before a local change overwrites it.
     */
    private void keepHeadHash(UUID id, RecordEnvelopes.Meta existing) {
        HeadVersion head = headOfficeVersions.readHeadVersion(id);
        if (!head.exists() || head.hash() != null || existing.revision() != head.revision() || outbox.waitingSequence(id) != null) {
            return;
        }
        StoredRecord current = store.get(id).orElseThrow();
        headOfficeVersions.writeHead(id, new HeadVersion(head.revision(), ContentHash.of(current.deleted(), current.body())));
    }
}
