package org.tutela.app.syncclient;

import static org.tutela.app.syncclient.SyncState.RESTORED;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.vault.Conflict;
import org.tutela.app.vault.HeadVersion;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Refusal;
import org.tutela.app.vault.StoredRecord;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;

/**
 * The push half of a round: the outbox read, numbered and sent batch by batch (a batch made ready
 * while the one before it is on its way), and head office's answers to each batch stored (applied,
 * conflicts, refusals), or everything waiting numbered anew when head office asks. A class of its
 * own because it is most of what a round does, and the part tuned hardest for time and memory.
 */
final class Push {
    /** The sync client's log, as it was before the push had a class of its own. */
    private static final Logger LOG = LoggerFactory.getLogger(SyncClient.class);
    /** The base hash sent when a record's base version is not known (see toWire): never a real hash. */
    private static final String UNKNOWN_BASE = "A".repeat(43);

    private final RecordStore store;
    private final ObjectMapper json = ProtocolJson.mapper();
    private final SyncState state;
    private final HeadOfficeConnection connection;
    /** The most entries a batch takes; fewer from when head office says it takes fewer (an older head office). */
    private int batchSize;

    /** The answer standing for head office's "fewer entries": the same entries go again, fewer at a time. */
    private static final PushResponse TOO_LARGE = new PushResponse(Protocol.PROTOCOL_VERSION, null, 0, List.of());
    /** A request's fields besides its entries, with room to spare. */
    private static final int REQUEST_HEAD_BYTES = 4096;
    /** An entry's fields besides its payload (about 400 bytes), with room to spare. */
    private static final int ENTRY_FIELDS_BYTES = 512;

    /**
     * A push of batches of at most {@code batchSize} entries, each request at most what head office
     * takes in one ({@link Protocol#MAX_BATCH_BYTES}, by {@link #bytesOf}'s reckoning).
     */
    Push(RecordStore store, SyncState state, HeadOfficeConnection connection, int batchSize) {
        this.store = store;
        this.state = state;
        this.connection = connection;
        this.batchSize = batchSize;
    }

    /** From now on, batches of at most {@code entries} entries. */
    void sendAtMost(int entries) {
        batchSize = entries;
    }

    /**
     * What an entry adds to a request, at most: a copy kept of what was sent, its length; otherwise the
     * entry's fields and the record's body escaped into its payload string, which at most doubles it
     * (a body is JSON text: its quotes and backslashes, and any tab or line break, take two bytes each,
     * and it holds no other control character), so a request never comes out longer than reckoned.
     */
    private static long bytesOf(OutboxEntry e) {
        if (e.inFlight() && e.sent() != null) {
            return e.sent().length + 1L;
        }
        StoredRecord r = e.record();
        return ENTRY_FIELDS_BYTES + (r.deleted() ? 0 : 2L * r.body().length);
    }

    /**
     * Sends everything waiting: first what was sent before and not answered (exactly as it was
     * sent), then the rest, urgent first. Records in conflict wait for the tutor's choice. Returns
     * false if cancelled.
     *
     * <p>Batches go one after another (head office takes a batch only after the one before it), but
     * the laptop does not wait idle: while head office applies a batch, the laptop stores the answers
     * to the batch before and numbers and freezes the next, leaving out every record in the batch on
     * its way (its next change must be based on the version head office is applying now).
     */
    boolean pushAll(HttpClient http, SyncProgress progress, BooleanSupplier cancelled, Round round) {
        int renumbered = 0;
        round.cursor = store.localValue(RESTORED).isPresent() ? null : state.account().orElseThrow().cursor();
        round.pullNeeded = true;
        Outgoing ready = store.inTransaction(s -> nextBatch(s, round, null, Set.of()));
        Answered previous = null; // answered by head office, answers not stored yet
        while (true) {
            boolean cancel = cancelled.getAsBoolean();
            if (ready == null || ready.entries().isEmpty() || cancel) {
                // nothing to send now (or the tutor cancelled): store the last answers, and look again
                boolean stop = cancel || ready == null && previous == null;
                Answered answers = previous;
                List<UUID> refused = new ArrayList<>();
                Outgoing next = store.inTransaction(s -> {
                    if (answers != null) {
                        storeAnswers(s, answers, refused);
                    }
                    return stop ? null : nextBatch(s, round, null, new HashSet<>(refused));
                });
                noteAnswers(answers, round, refused, progress);
                previous = null;
                if (stop) {
                    return !cancel;
                }
                ready = next;
                continue;
            }
            Outgoing flying = ready;
            Long after = round.cursor;
            CompletableFuture<HttpResponse<HeadOfficeConnection.Answer>> pending = HeadOfficeConnection.start(http, pushRequest(flying, after), round.answers);
            // while head office works on it: the answers before it stored, the next batch made ready
            Answered answers = previous;
            List<UUID> refused = new ArrayList<>();
            ready = store.inTransaction(s -> {
                if (answers != null) {
                    storeAnswers(s, answers, refused);
                }
                return nextBatch(s, round, flying, new HashSet<>(refused));
            });
            noteAnswers(answers, round, refused, progress);
            previous = null;
            PushResponse response = pushed(pending, flying);
            round.pullNeeded = true;
            if (response == TOO_LARGE) {
                // nothing of it was applied: the same entries again, under the same numbers, fewer at a time
                ready = store.inTransaction(s -> nextBatch(s, round, null, Set.of()));
                continue;
            }
            if (response == null) {
                round.cursor = null; // numbered anew, perhaps after a restore: the round pulls as usual
                // numbered anew (what was made ready too): start again from the outbox
                if (++renumbered > 2) {
                    // The server keeps naming another sequence: stop rather than ask again and again.
                    throw SyncException.refused(ErrorCodes.SEQUENCE_REUSED, null, "head office keeps refusing this laptop's sequence numbers", null);
                }
                ready = store.inTransaction(s -> nextBatch(s, round, null, Set.of()));
                continue;
            }
            round.pushesAnswered++;
            if (after != null && response.nextCursor() != null && response.hasMore() != null) {
                round.cursor = response.nextCursor();
                round.pullNeeded = response.hasMore();
            }
            // the request's JSON goes with it: only what storing the answers needs is kept
            previous = new Answered(flying.entries(), response, after, new ArrayList<>(), new int[1]);
        }
    }

    /** A batch head office answered (sent with the pull cursor {@code after}, or null), and what storing its answers found. */
    private record Answered(List<Sending> batch, PushResponse response, Long after, List<UUID> conflicts, int[] count) {
    }

    /** After the answers of a batch are stored: the round's counts and the progress shown. */
    private static void noteAnswers(Answered answers, Round round, List<UUID> refused, SyncProgress progress) {
        if (answers == null) {
            return;
        }
        round.conflicts.addAll(answers.conflicts());
        round.refused.addAll(refused);
        round.refusedNow.addAll(refused);
        round.sent += answers.count()[0];
        progress.update(SyncProgress.Phase.SENDING, round.sent, -1);
    }

    /**
     * A batch as it goes out: the account it was numbered under, each entry by wire number, in order,
     * and the request's body (null when there are no entries).
     */
    private record Outgoing(SyncAccount account, List<Sending> entries, HttpRequest.BodyPublisher body) {
    }

    /**
     * One entry of a batch: what its answer needs (the outbox entry's number, record and urgency; the
     * wire number, revision and content hash of what was sent). Nothing bigger is kept: a batch waits
     * for its answer across garbage collections, and what it holds then would be kept in the old
     * generation for long after.
     */
    private record Sending(long deviceSequence, UUID recordId, boolean urgent, long wireSequence, long revision, String hash) {
        static Sending of(OutboxEntry e, long wireSequence, long revision, String hash) {
            return new Sending(e.deviceSequence(), e.recordId(), e.urgent(), wireSequence, revision, hash);
        }
    }

    /**
     * The next batch, in one vault transaction (nothing can be saved between reading the outbox and
     * numbering it): kinds that never leave the laptop are cleared without a wire number, and each
     * entry not sent before gets its wire number, stored before the request goes out; until head
     * office answers, the vault gives the entry back with its record as it was sent, so a retry after
     * a lost answer repeats exactly the same change under the same number.
     * Null when nothing is left to send; no entries when only local kinds were cleared.
     */
    private Outgoing nextBatch(RecordStore s, Round round, Outgoing flying, Set<UUID> refusedJustNow) {
        SyncAccount account = state.account(s);
        Set<UUID> held = s.recordsInConflict();
        Set<UUID> flyingRecords = new HashSet<>();
        Set<Long> flyingNumbers = new HashSet<>();
        if (flying != null) {
            for (Sending e : flying.entries()) {
                flyingRecords.add(e.recordId());
                flyingNumbers.add(e.wireSequence());
            }
        }
        // read through the store as given (not the transaction's own view of it): the same store, so it
        // sees exactly what this transaction sees; the batch on its way is passed over unread (the next
        // one is made ready while head office answers it), and each entry is written into the request
        // as it is read, and let go
        Making batch = new Making(account, round);
        List<Long> localOnly = new ArrayList<>();
        store.eachPending(flyingNumbers, e -> {
            if (flyingRecords.contains(e.recordId())) {
                return true; // its next change waits for head office's answer to the one on its way
            } else if (e.inFlight()) {
                return batch.take(e);
            } else if (batch.resending()) {
                return false; // what was sent before goes again alone, as it was
            } else if (!RecordKinds.isKnown(e.record().kind())) {
                localOnly.add(e.deviceSequence()); // kinds that never leave the laptop: no wire number
                return true;
            } else if (held.contains(e.recordId()) || round.refusedNow.contains(e.recordId()) || refusedJustNow.contains(e.recordId())) {
                return true;
            }
            return batch.take(e);
        });
        s.acknowledge(localOnly);
        if (batch.out.isEmpty()) {
            return localOnly.isEmpty() ? null : new Outgoing(account, List.of(), null);
        }
        // marked only now: the outbox is not written while it is being read
        for (Marking m : batch.marks) {
            s.markSent(m.deviceSequence(), m.wireSequence(), m.written(), m.revision());
        }
        if (batch.next != account.nextWireSequence()) {
            account = account.withNextWireSequence(batch.next);
            state.putAccount(s, account);
        }
        return new Outgoing(account, batch.out, batch.body.finish());
    }

    /** An entry numbered in the batch being made, to be marked sent once the outbox has been read. */
    private record Marking(long deviceSequence, long wireSequence, java.util.function.Supplier<byte[]> written, long revision) {
    }

    /**
     * A batch as it is made: each entry taken is written into the request at once, so only what its
     * answer needs ({@link Sending}) and what marking it sent needs ({@link Marking}) is kept, not the
     * record. The request's array is taken from the round with the first entry: an empty batch takes
     * none, so the array of the batch on its way is never written over.
     */
    private final class Making {
        private final SyncAccount account;
        private final Round round;
        final List<Sending> out = new ArrayList<>();
        final List<Marking> marks = new ArrayList<>();
        PushBody body;
        long next;
        private long bytes = REQUEST_HEAD_BYTES;
        private boolean resending;

        Making(SyncAccount account, Round round) {
            this.account = account;
            this.round = round;
            this.next = account.nextWireSequence();
        }

        /** Whether the batch is of entries sent before and not answered (those go again alone). */
        boolean resending() {
            return resending;
        }

        /**
         * Writes {@code e} into the request; false when the batch is full (this one the last) or when
         * {@code e} would make the request larger than head office takes (it goes in the next).
         */
        boolean take(OutboxEntry e) {
            long more = bytesOf(e);
            if (!out.isEmpty() && bytes + more > Protocol.MAX_BATCH_BYTES) {
                return false;
            }
            if (body == null) {
                resending = e.inFlight();
                body = new PushBody(json, new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION,
                        account.deviceId(), account.serverEpoch(), List.of()), round.nextBuffer());
            }
            bytes += more;
            if (e.inFlight() && e.sent() != null) {
                // a copy was kept of what was sent: that again, as it was
                PushEntry sent = state.read(e.sent(), PushEntry.class);
                body.addAsWritten(e.sent());
                out.add(Sending.of(e, sent.deviceSequence(), sent.revision(), Versions.hash(Boolean.TRUE.equals(sent.deleted()), sent.payload())));
                return out.size() < batchSize;
            }
            // sent before and not answered: again under the same number, with the record as it was
            // sent (the vault gives it back so); otherwise numbered now
            long wire = e.inFlight() ? e.wireSequence() : next++;
            StoredRecord r = e.record();
            PushEntry entry = toWire(wire, e);
            java.util.function.Supplier<byte[]> written = body.add(entry, r.deleted() ? null : r.body());
            if (!e.inFlight()) {
                marks.add(new Marking(e.deviceSequence(), wire, written, r.revision()));
            }
            // the hash of the payload's bytes: a record's body is the UTF-8 of its JSON
            out.add(Sending.of(e, wire, entry.revision(), Versions.hash(r.deleted(), r.body())));
            return out.size() < batchSize;
        }
    }

    /** A push; with {@code after} (this laptop's pull cursor) head office's answer says whether a pull would bring anything. */
    private HttpRequest pushRequest(Outgoing batch, Long after) {
        return HeadOfficeConnection.authorised(batch.account(), Protocol.PATH_PUSH + (after == null ? "" : "?after=" + after))
                .header("Content-Type", "application/json")
                .POST(batch.body()).build();
    }

    /**
     * Head office's answer to a batch sent; null if it asked to number what waits again (which is
     * done); {@link #TOO_LARGE} if it takes fewer entries a batch than this one has (batches are that
     * size from then on).
     */
    private PushResponse pushed(CompletableFuture<HttpResponse<HeadOfficeConnection.Answer>> pending, Outgoing flying) {
        try {
            return connection.receive(pending, PushResponse.class);
        } catch (ServerRefusal refusal) {
            ErrorBody body = refusal.body;
            if (refusal.status == 413 && body != null && ErrorCodes.BATCH_TOO_LARGE.equals(body.code()) && "entries".equals(body.field())
                    && body.limit() != null && body.limit() > 0 && body.limit() < flying.entries().size()) {
                // an older head office, which takes fewer entries a batch (and says how many): that many from now on
                LOG.warn("Head office takes at most {} entries a batch; this one had {}: sending them again, that many at a time",
                        body.limit(), flying.entries().size());
                sendAtMost(body.limit().intValue());
                return TOO_LARGE;
            }
            if (refusal.status == 409 && body != null && body.expectedSequence() != null
                    && (ErrorCodes.SEQUENCE_GAP.equals(body.code()) || ErrorCodes.EPOCH_CHANGED.equals(body.code())
                    || ErrorCodes.SEQUENCE_REUSED.equals(body.code()))) {
                // Head office lost or never had what we numbered (it was restored, or a new enrolment), or
                // this vault was restored and numbered new changes again: number everything waiting anew
                // from where it says, and after a restore read head office whole.
                renumberFrom(body.expectedSequence(), body.serverEpoch(), !ErrorCodes.SEQUENCE_GAP.equals(body.code()));
                return null;
            }
            throw refusal.asSyncException();
        }
    }

    /**
     * Stores head office's answers to a batch, inside the caller's transaction; notes in
     * {@code answered} how many entries were answered and which conflict, in {@code refusedNow}
     * which were refused.
     */
    private void storeAnswers(RecordStore s, Answered answered, List<UUID> refusedNow) {
        PushResponse response = answered.response();
        List<UUID> conflictsNow = answered.conflicts();
        Map<Long, Sending> byWire = new HashMap<>();
        for (Sending e : answered.batch()) {
            byWire.put(e.wireSequence(), e);
        }
        Instant now = Instant.now();
        Set<UUID> refusedBefore = new HashSet<>();
        s.refusals().forEach(r -> refusedBefore.add(r.recordId()));
        // the answered entries leave the outbox first: a record on its way is kept aside as it was sent
        // when overwritten, and its head version is about to be
        List<Long> done = new ArrayList<>();
        for (EntryResult result : response.results()) {
            Sending sending = byWire.get(result.deviceSequence());
            if (sending != null) {
                done.add(sending.deviceSequence());
            }
        }
        s.acknowledge(done);
        for (EntryResult result : response.results()) {
            Sending sending = byWire.get(result.deviceSequence());
            if (sending == null) {
                continue;
            }
            UUID id = sending.recordId();
            EntryStatus status = result.status() == EntryStatus.DUPLICATE ? result.originalStatus() : result.status();
            if (status == EntryStatus.APPLIED) {
                s.setHeadVersion(id, new HeadVersion(sending.revision(), sending.hash()));
                if (refusedBefore.contains(id)) {
                    s.removeRefusal(id);
                }
            } else if (status == EntryStatus.CONFLICT && result.serverRecord() != null) {
                SyncRecord theirs = result.serverRecord();
                HeadVersion theirVersion = new HeadVersion(theirs.revision(), Versions.hash(theirs.deleted(), theirs.payload()));
                Optional<StoredRecord> mine = Pull.localRecord(s, id);
                if (theirVersion.hash().equals(sending.hash())) {
                    // head office already holds this very change (a record saved twice before a sync)
                    s.setHeadVersion(id, theirVersion);
                    s.removeRefusal(id);
                } else if (mine.isPresent() && theirVersion.hash().equals(Versions.hash(mine.get().deleted(), mine.get().body()))) {
                    s.setHeadVersion(id, theirVersion);
                    s.discardWaiting(id);
                    s.removeRefusal(id);
                } else {
                    s.putConflict(new Conflict(id, theirs.kind(), Conflict.Origin.HEAD_OFFICE, now, Pull.toLocal(theirs), theirVersion));
                    s.requeue(id, sending.urgent());
                    conflictsNow.add(id);
                }
            } else if (status == EntryStatus.REJECTED) {
                // kept waiting and visible, and offered again at the next sync (head office's answer may change)
                s.putRefusal(new Refusal(id, result.code() == null ? "REJECTED" : result.code(), now));
                s.requeue(id, sending.urgent());
                refusedNow.add(id);
            } else {
                // received before, with no answer kept: send it again as a new change, and let head office decide
                s.requeue(id, sending.urgent());
            }
        }
        SyncAccount current = state.account(s);
        SyncAccount updated = current;
        if (!Objects.equals(current.serverEpoch(), response.serverEpoch())) {
            updated = updated.withEpoch(response.serverEpoch());
        }
        if (answered.after() != null && response.nextCursor() != null && response.nextCursor() > answered.after()
                && current.cursor() == answered.after() && s.localValue(RESTORED).isEmpty()) {
            // only this laptop's own changes lie between: the cursor moves past them, as a pull would move it
            updated = updated.withCursor(response.nextCursor());
        }
        if (updated != current) {
            state.putAccount(s, updated);
        }
        answered.count()[0] = done.size();
    }

    private void renumberFrom(long expected, String epoch, boolean restored) {
        LOG.warn("Head office expects device sequence {} ({}); numbering waiting changes again", expected,
                restored ? "a restore" : "sequence gap");
        store.inTransaction(s -> {
            SyncAccount next = state.account(s).withNextWireSequence(expected);
            if (epoch != null) {
                next = next.withEpoch(epoch);
            }
            if (restored) {
                next = next.withCursor(0);
                s.putLocalValue(RESTORED, "restored");
            }
            s.unsendAll();
            state.putAccount(s, next);
            return null;
        });
    }

    /** The entry for {@code e} under {@code wireSequence}, without its payload (the record's body, which {@link PushBody} writes). */
    private PushEntry toWire(long wireSequence, OutboxEntry e) {
        StoredRecord r = e.record();
        UUID[] routing = Routing.of(r, id -> Pull.localRecord(store, id));
        HeadVersion base = e.base();
        // a record last written before head versions were kept, and changed since: its base is
        // unknown, so head office answers with a conflict instead of applying it unseen
        String baseHash = !base.exists() ? null : base.hash() != null ? base.hash() : UNKNOWN_BASE;
        return new PushEntry(wireSequence, r.id(), r.kind(), base.revision(), baseHash, base.revision() + 1, r.updatedAt(),
                r.deleted(), r.sealed(), e.urgent(), routing[0], routing[1], null);
    }
}
