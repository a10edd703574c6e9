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
 *
 * <p>Revisions here are the laptop's own: every write of a record, local or from head office,
 * raises it by one, so it tells whether a record changed since the tutor opened it. Head office's
 * version of the record is kept beside it ({@link #headVersion}): a change sent to head office is
 * based on that, never on a local revision (two laptops count their own revisions and could name
 * the same number for different versions).
 */
public interface RecordStore {

    /** {@link #save(String, UUID, byte[], WriteOptions, long)} without checking what the caller opened. */
    long ANY_REVISION = -1;

    /**
     * Writes a local change: the revision goes up by one (1 for a new record), updatedAt is now,
     * and the record waits in the outbox (one waiting entry a record: saving it again before it is
     * sent only updates what will be sent). Same as {@code save(kind, id, body, options, ANY_REVISION)}.
     */
    StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options);

    /**
     * Writes a local change made from the version the tutor opened ({@code openedRevision}: the
     * record's revision when it was read, 0 for a new record). If the record has changed since
     * (a sync brought another laptop's version meanwhile), the tutor's version is saved all the
     * same and the version they never saw is kept beside it as a {@link Conflict} of origin
     * {@link Conflict.Origin#CHANGED_WHILE_OPEN}, for the tutor to choose: nothing is overwritten
     * unseen, nothing is lost. {@link #ANY_REVISION} skips the check.
     */
    StoredRecord save(String kind, UUID id, byte[] body, WriteOptions options, long openedRevision);

    /**
     * Marks the record deleted (a tombstone that syncs), with its outbox entry. The tombstone is a
     * new revision whose body keeps only the record's routing ids (the learner and group it
     * belonged to, so head office can tell whose caseload the deletion is for): its content is
     * not kept. Deleting a tombstone again changes nothing and returns it.
     *
     * @throws java.util.NoSuchElementException there is no record with this id
     */
    StoredRecord delete(UUID id);

    /**
     * {@link #delete(UUID)} made from the version the tutor was shown ({@code openedRevision}, the
     * record's revision when it was read). If the record has changed since (a sync brought another
     * laptop's change meanwhile), it is deleted all the same and the version the tutor never saw is
     * kept beside it as a {@link Conflict} of origin {@link Conflict.Origin#CHANGED_WHILE_OPEN}: the
     * tutor chooses, nothing is deleted unseen. {@link #ANY_REVISION} skips the check.
     */
    StoredRecord delete(UUID id, long openedRevision);

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

    /** Every tombstone (deleted record) of a kind, in no particular order; damaged envelopes are reported. */
    RecordList tombstones(String kind);

    /** Runs several writes as one transaction: all of them are stored, or none. */
    <T> T inTransaction(Function<RecordStore, T> work);

    // ------------------------------------------------------------------ what sync keeps

    /**
     * Stores head office's version of a record (from a pull, or chosen in a conflict) as the
     * local record: its content and flags, a new local revision, and {@code incoming.revision()}
     * with the hash of its content as the record's {@link #headVersion}. No outbox entry.
     */
    void applyRemote(StoredRecord incoming);

    /** The head-office version the record's content is based on; {@link HeadVersion#NONE} if none (or no record). */
    HeadVersion headVersion(UUID id);

    /** Notes which head-office version the record is now based on (head office applied our change, or holds this one). */
    void setHeadVersion(UUID id, HeadVersion version);

    /**
     * Makes sure the record, as it is now, waits in the outbox to be sent (again) on top of its
     * head version: after head office refused it, lost it in a restore, or the tutor kept their
     * version in a conflict. Does nothing if it already waits unsent.
     *
     * @throws java.util.NoSuchElementException there is no record with this id
     */
    void requeue(UUID id, boolean urgent);

    /** Drops the record's waiting, unsent outbox entries (the tutor chose head office's version). Sent ones stay until answered. */
    void discardWaiting(UUID id);

    /**
     * Outbox entries: first those already sent and awaiting an answer (in the order they were
     * sent), then those waiting, urgent first, then in the order they were made.
     *
     * @throws DamagedRecordException an entry's record does not authenticate (never skipped)
     */
    List<OutboxEntry> pendingOutbox(int limit);

    /**
     * The outbox entries, in the order {@link #pendingOutbox(int)} gives them, handed to
     * {@code visitor} one at a time until it answers false, each read and decrypted only when it is
     * reached; those sent under one of the wire numbers {@code onTheirWay} (a batch head office is
     * answering now: the next batch is made ready meanwhile) are passed over unread. Nothing keeps an
     * entry but the visitor, so a push writes each into its request as it comes and a batch's records
     * are never all alive at once. The visitor must not write to the outbox while it visits (the
     * reading is still under way): it notes what to write, and writes when this returns.
     *
     * @throws DamagedRecordException an entry reached does not authenticate (never skipped)
     */
    default void eachPending(java.util.Set<Long> onTheirWay, java.util.function.Predicate<OutboxEntry> visitor) {
        for (OutboxEntry e : pendingOutbox(Integer.MAX_VALUE)) {
            if (!(e.inFlight() && onTheirWay.contains(e.wireSequence())) && !visitor.test(e)) {
                return;
            }
        }
    }

    /**
     * Notes that an entry was sent under {@code wireSequence} as {@code sent}, made from the record at
     * local revision {@code revision} (as {@link #pendingOutbox} gave it). Until the entry is answered,
     * {@link #pendingOutbox} gives it back with the record and head version as they were sent, kept
     * aside if anything overwrites them meanwhile; {@code sent} itself is asked for, and kept
     * (encrypted, given back in {@link OutboxEntry#sent()}), only if the record has been written since
     * it was read (a save landed after the outbox was read): that later change then waits in an entry
     * of its own, so it is sent too.
     */
    void markSent(long deviceSequence, long wireSequence, java.util.function.Supplier<byte[]> sent, long revision);

    /**
     * The ids of records with an outbox entry ({@code sentOnly}: one sent and not yet answered),
     * without reading the records themselves.
     */
    java.util.Set<UUID> recordsInOutbox(boolean sentOnly);

    /**
     * Makes every sent entry waiting again, without its number or what was kept as sent: head office lost
     * or never had those numbers (it was restored, or this vault was), and they are numbered anew.
     */
    void unsendAll();

    /** Removes outbox entries head office has answered. */
    void acknowledge(List<Long> deviceSequences);

    /** Keeps a conflict (replacing an earlier one for the same record with head office's newer version). */
    void putConflict(Conflict conflict);

    /** The record's unsettled conflict, if any. */
    Optional<Conflict> conflict(UUID id);

    /** Every unsettled conflict, oldest first. */
    List<Conflict> conflicts();

    /** The ids of records with an unsettled conflict, without reading the conflicts themselves. */
    java.util.Set<UUID> recordsInConflict();

    /** Removes a settled conflict. */
    void removeConflict(UUID id);

    /** Notes that head office refused the record's latest change (replacing an earlier refusal). */
    void putRefusal(Refusal refusal);

    /** Every refusal still standing, oldest first. */
    List<Refusal> refusals();

    /** Removes a refusal (the change was applied, or the tutor discarded it). */
    void removeRefusal(UUID id);

    /**
     * A small encrypted key/value area for local state such as the sync cursor. Values are
     * AES-GCM envelopes bound to their key; the key names themselves are stored in plaintext.
     */
    Optional<String> localValue(String key);

    /** Stores (or, with {@code null}, removes) a local value. */
    void putLocalValue(String key, String value);

    /**
     * Keeps {@code content}, encrypted, as the snapshot of what was derived from the live records of
     * {@code kinds} (the caseload's list, at lock), replacing any earlier one, if those records are
     * exactly {@code revisions} (the same ids, each at the same revision) at this moment; otherwise
     * keeps none. Any later change to any record drops it, so one still kept in this format is
     * still true and is left as it is: nothing is written, and {@code content} is not asked for.
     * A damaged one is dropped when read.
     *
     * @return whether it was kept
     */
    boolean keepSnapshot(int format, java.util.function.Supplier<byte[]> content, java.util.Set<String> kinds,
                         java.util.Map<UUID, Long> revisions);

    /**
     * The snapshot kept by {@link #keepSnapshot}, decrypted (its content from the buffer's position
     * to its limit), if there is one in this format and no record has changed since it was kept;
     * empty otherwise (none, another format, or damaged).
     */
    Optional<java.nio.ByteBuffer> snapshot(int format);

    /** Drops the snapshot (what was read from it did not make sense to its reader), so the next lock keeps a new one. */
    void dropSnapshot();
}
