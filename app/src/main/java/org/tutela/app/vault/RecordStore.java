package org.tutela.app.vault;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one storage API that everything above the vault uses. Every record is an encrypted
 * envelope; the plaintext columns hold only id, kind, revision, timestamps and the deleted and
 * sealed flags. Bodies handed in and out here are the decrypted record JSON.
 *
 * <p>A local change ({@link #save}, {@link #delete}) writes the record and its outbox entry in
 * one SQLite transaction; a save that returned is on disk ({@code synchronous=FULL}).
 */
public interface RecordStore {

    /**
     * Writes a local change: revision becomes the previous revision + 1 (1 for a new record),
     * updatedAt is now, and an outbox entry (next device sequence number, base revision) is
     * written in the same transaction.
     */
    StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options);

    /**
     * Marks the record deleted (a tombstone that syncs), with its outbox entry. The tombstone is a
     * new revision whose body is {@code {}}: the content itself is not kept. Deleting a tombstone
     * again changes nothing and returns it.
     *
     * @throws java.util.NoSuchElementException there is no record with this id
     */
    StoredRecord delete(UUID id);

    /**
     * The record, or empty if there is none (tombstones are returned, with {@code deleted} set).
     *
     * @throws DamagedRecordException if its envelope does not authenticate
     */
    Optional<StoredRecord> get(UUID id);

    /**
     * Every live (not deleted) record of a kind, in no particular order; damaged envelopes are
     * reported, not thrown. Tombstones are read and checked too, so a record that was marked
     * deleted behind the vault's back is reported as damaged rather than silently hidden.
     */
    RecordList list(String kind);

    /** Runs several writes as one transaction: all of them are stored, or none. */
    <T> T inTransaction(Function<RecordStore, T> work);

    /**
     * Stores a record received from the server as it is (its revision and timestamps), without an
     * outbox entry. Used by sync's pull.
     */
    void applyRemote(StoredRecord incoming);

    /**
     * Queues a record, as it is now, to be sent again on top of the revision head office holds
     * ({@code 0}: head office has none). Used after head office was restored from a backup that
     * lacks this laptop's latest change.
     *
     * @throws java.util.NoSuchElementException there is no record with this id
     * @throws IllegalArgumentException {@code baseRevision} is not below the record's revision
     */
    void resend(UUID id, long baseRevision);

    /**
     * Pending outbox entries, urgent first, then in device-sequence order. Each entry carries the
     * record as it is now (two entries for one record carry the same, latest snapshot).
     *
     * @throws DamagedRecordException an entry's record does not authenticate (never skipped: the
     *     server expects a gap-free sequence)
     */
    List<OutboxEntry> pendingOutbox(int limit);

    /** Removes outbox entries the server has acknowledged (applied or duplicate). */
    void acknowledge(List<Long> deviceSequences);

    /**
     * A small encrypted key/value area for local state such as the sync cursor. Values are
     * AES-GCM envelopes bound to their key; the key names themselves are stored in plaintext.
     */
    Optional<String> localValue(String key);

    /** Stores (or, with {@code null}, removes) a local value. */
    void putLocalValue(String key, String value);
}
