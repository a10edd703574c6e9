package org.tutela.app.syncclient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.vault.Conflict;
import org.tutela.app.vault.HeadVersion;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Refusal;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.EnrolResponse;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.HealthResponse;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;

/**
 * The laptop's side of protocol v1 (docs/sync-protocol.md): enrol once, then sync rounds that
 * push the outbox first and pull second. Every step is stored before the next is asked for, so a
 * round can stop at any byte (network gone, laptop shut, the tutor cancels) and the next round
 * carries on where it left off without losing or doubling anything.
 *
 * <p>Device sequence numbers on the wire are gap-free for the server even though the local
 * outbox also holds entries of kinds that never leave the laptop (organisation settings, for
 * example): each entry sent gets its wire number when it is first sent, and that assignment is
 * stored before the request goes out, so a retry repeats exactly the same numbers.
 */
public final class SyncClient {
    private static final Logger LOG = LoggerFactory.getLogger(SyncClient.class);
    private static final String ACCOUNT = "sync.account";
    /** The code shown when head office's answer is not the protocol this laptop speaks (no code of head office's own). */
    private static final String NOT_PROTOCOL_V1 = "NOT_PROTOCOL_V1";
    /**
     * Set when head office, or this vault, turns out to have been restored from a backup, until
     * head office has been read whole and this laptop has re-sent what head office lacks.
     */
    private static final String RESTORED = "sync.restored";
    /** Where earlier versions of Tutela kept sync state in local values (carried over once). */
    private static final String OLD_WIRE = "sync.wire";
    private static final String OLD_CONFLICTS = "sync.conflicts";
    private static final String OLD_CONFLICT_PREFIX = "sync.conflict.";
    private static final String OLD_REJECTED = "sync.rejected";
    /** The base hash sent when a record's base version is not known (see toWire): never a real hash. */
    private static final String UNKNOWN_BASE = "A".repeat(43);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final RecordStore store;
    private final ObjectMapper json = ProtocolJson.mapper();
    private final int batchSize;
    private HttpClient http;
    private String httpPin;

    public SyncClient(RecordStore store) {
        this(store, Protocol.MAX_BATCH_ENTRIES);
    }

    /**
     * A client sending batches of at most {@code batchSize} entries (the protocol's largest at most):
     * smaller ones make a round of many batches, as the convergence suite has one of its laptops do.
     */
    public SyncClient(RecordStore store, int batchSize) {
        this.store = store;
        this.batchSize = Math.max(1, Math.min(batchSize, Protocol.MAX_BATCH_ENTRIES));
    }

    // ------------------------------------------------------------------ enrolment

    public Optional<SyncAccount> account() {
        return store.localValue(ACCOUNT).map(text -> read(text, SyncAccount.class));
    }

    /** The account as stored now, read inside a transaction (so nothing changes it before the transaction writes it). */
    private SyncAccount account(RecordStore s) {
        return s.localValue(ACCOUNT).map(text -> read(text, SyncAccount.class))
                .orElseThrow(() -> new SyncException(SyncException.Reason.NOT_ENROLLED, null));
    }

    public boolean isEnrolled() {
        return account().isPresent();
    }

    /**
     * Enrols this laptop with the tutor's head-office account. The password is sent once over the
     * pinned HTTPS connection and not kept; the device token that comes back is kept encrypted in
     * the vault. Head office may send the tutor's name with its answer ({@link Enrolment#tutorName()}).
     */
    public Enrolment enrol(String serverUrl, String certificateFingerprint, String username, char[] password, String deviceName) {
        try {
            return enrolOnce(serverUrl, certificateFingerprint, username, password, deviceName);
        } catch (ServerRefusal refusal) {
            throw refusal.asSyncException();
        }
    }

    private Enrolment enrolOnce(String serverUrl, String certificateFingerprint, String username, char[] password, String deviceName) {
        String base = normaliseUrl(serverUrl);
        String pin = PinnedTls.normalise(certificateFingerprint);
        HttpClient http = httpClient(pin);
        EnrolRequest request = new EnrolRequest(Protocol.PROTOCOL_VERSION, username, new String(password), deviceName);
        EnrolResponse response = send(http, HttpRequest.newBuilder(URI.create(base + Protocol.PATH_ENROL))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(request))).build(), EnrolResponse.class);
        SyncAccount account = new SyncAccount(base, pin, response.deviceId(), response.deviceToken(), username,
                response.serverEpoch(), 1, 0);
        store.inTransaction(s -> {
            putAccount(s, account);
            s.unsendAll();
            return null;
        });
        LOG.info("Enrolled with head office as device {}", response.deviceId());
        return new Enrolment(account, response.tutorName());
    }

    /** Forgets the enrolment (the laptop was revoked, or moves to another account). Local records stay. */
    public void forgetEnrolment() {
        store.inTransaction(s -> {
            s.putLocalValue(ACCOUNT, null);
            s.unsendAll();
            return null;
        });
    }

    // ------------------------------------------------------------------ a sync round

    /** One round: push everything waiting (urgent first), then pull everything new. */
    public SyncReport sync(SyncProgress progress, BooleanSupplier cancelled) {
        try {
            return syncOnce(progress, cancelled);
        } catch (ServerRefusal refusal) {
            throw refusal.asSyncException();
        }
    }

    private SyncReport syncOnce(SyncProgress progress, BooleanSupplier cancelled) {
        SyncAccount account = account().orElseThrow(() -> new SyncException(SyncException.Reason.NOT_ENROLLED, null));
        HttpClient http = httpClient(account.certificateFingerprint());
        progress.update(SyncProgress.Phase.CONNECTING, 0, -1);
        checkVersions(http, account);
        carryOverEarlierState();

        Round round = new Round();
        if (!pushAll(http, progress, cancelled, round)) {
            return round.report(false);
        }
        if (round.pushesAnswered > 0 && !round.pullNeeded && store.localValue(RESTORED).isEmpty()) {
            // head office said with the last push's answer that nothing but this laptop's own changes
            // came after the cursor (now stored past them): a pull would bring an empty page
            progress.update(SyncProgress.Phase.DONE, round.sent, 0);
            LOG.info("Sync round: {} sent, nothing new to receive, {} conflicts, {} refused", round.sent,
                    round.conflicts.size(), round.refused.size());
            return round.report(true);
        }
        // After a restore (of head office, or of this vault) head office is read whole, with this
        // laptop's own changes, before anything is sent again: a check cut short starts over from 0.
        if (store.localValue(RESTORED).isPresent() && account().orElseThrow().cursor() != 0) {
            putAccount(store, account().orElseThrow().withCursor(0));
        }
        Map<UUID, HeadVersion> headOffice = new HashMap<>();
        boolean restored = false;
        SyncAccount asking = account().orElseThrow();
        CompletableFuture<HttpResponse<byte[]>> next = start(http, pullRequest(asking));
        while (true) {
            if (cancelled.getAsBoolean()) {
                return round.report(false); // a page asked for and not stored is simply asked for again
            }
            PullResponse page = pulled(http, asking, next);
            if (!restored && store.localValue(RESTORED).isPresent()) {
                restored = true;
                headOffice.clear();
            }
            if (page.hasMore()) {
                // ask for the next page before storing this one, so head office reads it meanwhile; it is
                // asked after this page's cursor, which is stored with this page, so nothing is skipped
                asking = account().orElseThrow().withCursor(page.nextCursor()).withEpoch(page.serverEpoch());
                next = start(http, pullRequest(asking));
            }
            round.received += applyPage(page, restored ? headOffice : null, round);
            progress.update(SyncProgress.Phase.RECEIVING, round.received, -1);
            if (!page.hasMore()) {
                break;
            }
        }
        if (restored) {
            int queued = resendWhatHeadOfficeLacks(headOffice);
            LOG.info("Head office or this vault was restored from a backup: {} changes queued again", queued);
            if (!pushAll(http, progress, cancelled, round)) {
                return round.report(false);
            }
        }
        progress.update(SyncProgress.Phase.DONE, round.sent + round.received, 0);
        LOG.info("Sync round: {} sent, {} received, {} conflicts, {} refused", round.sent, round.received,
                round.conflicts.size(), round.refused.size());
        return round.report(true);
    }

    /** What a round has done so far. */
    private static final class Round {
        int sent;
        int received;
        final List<UUID> conflicts = new ArrayList<>();
        final List<UUID> refused = new ArrayList<>();
        /** Refused in this round: offered again at the next round, not over and over in this one. */
        final Set<UUID> refusedNow = new HashSet<>();
        /**
         * The pull cursor as head office's push answers have moved it past this laptop's own changes
         * (sent with each push as {@code after}); null when not followed (after a restore, or numbered anew).
         */
        Long cursor;
        /** Push requests answered in this round, and whether the last answer left something to pull. */
        int pushesAnswered;
        boolean pullNeeded = true;
        /**
         * The arrays push requests are written into, taken in turn: a batch is made ready while the
         * one before it is on its way, and only after head office answered the one before that.
         */
        private final PushBody.Buffer[] buffers = {new PushBody.Buffer(), new PushBody.Buffer()};
        private int batchesMade;

        PushBody.Buffer nextBuffer() {
            return buffers[batchesMade++ % 2];
        }

        SyncReport report(boolean complete) {
            return new SyncReport(sent, List.copyOf(conflicts), List.copyOf(refused), received, complete);
        }
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
    private boolean pushAll(HttpClient http, SyncProgress progress, BooleanSupplier cancelled, Round round) {
        int renumbered = 0;
        round.cursor = store.localValue(RESTORED).isPresent() ? null : account().orElseThrow().cursor();
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
            CompletableFuture<HttpResponse<byte[]>> pending = start(http, pushRequest(flying, after));
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
            PushResponse response = pushed(pending);
            round.pullNeeded = true;
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
        SyncAccount account = account(s);
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
        // sees exactly what this transaction sees
        // the batch on its way is passed over unread (the next one is made ready while head office answers
        // it), and only as many entries are read (and decrypted) as a batch can take, unless some are passed over
        int limit = batchSize + held.size() + round.refusedNow.size() + refusedJustNow.size();
        List<OutboxEntry> batch = new ArrayList<>();
        List<Long> localOnly = new ArrayList<>();
        while (true) {
            List<OutboxEntry> page = store.pendingOutbox(limit, flyingNumbers);
            batch.clear();
            localOnly.clear();
            boolean readThrough = true;
            for (OutboxEntry e : page) {
                if (e.inFlight() && flyingNumbers.contains(e.wireSequence())) {
                    continue; // on its way now
                } else if (flyingRecords.contains(e.recordId())) {
                    continue; // its next change waits for head office's answer to the one on its way
                } else if (e.inFlight()) {
                    batch.add(e);
                } else if (!batch.isEmpty() && batch.get(0).inFlight()) {
                    readThrough = false;
                    break; // what was sent before goes again alone, as it was
                } else if (!RecordKinds.isKnown(e.record().kind())) {
                    localOnly.add(e.deviceSequence()); // kinds that never leave the laptop: no wire number
                } else if (!held.contains(e.recordId()) && !round.refusedNow.contains(e.recordId()) && !refusedJustNow.contains(e.recordId())) {
                    batch.add(e);
                }
                if (batch.size() == batchSize) {
                    readThrough = false;
                    break;
                }
            }
            if (!readThrough || page.size() < limit || limit == Integer.MAX_VALUE) {
                break;
            }
            limit = (int) Math.min(Integer.MAX_VALUE, 2L * limit); // more were passed over than allowed for (local kinds, changes waiting behind those on their way)
        }
        s.acknowledge(localOnly);
        if (batch.isEmpty()) {
            return localOnly.isEmpty() ? null : new Outgoing(account, List.of(), null);
        }
        long next = account.nextWireSequence();
        List<Sending> out = new ArrayList<>(batch.size());
        PushBody body = new PushBody(json, new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION,
                account.deviceId(), account.serverEpoch(), List.of()), round.nextBuffer(),
                PushBody.expectedBytes(batch.stream().mapToLong(e -> e.record().body().length).sum(), batch.size()));
        for (OutboxEntry e : batch) {
            if (e.inFlight() && e.sent() != null) {
                // a copy was kept of what was sent: that again, as it was
                PushEntry sent = read(e.sent(), PushEntry.class);
                body.addAsWritten(e.sent());
                out.add(Sending.of(e, sent.deviceSequence(), sent.revision(), Versions.hash(Boolean.TRUE.equals(sent.deleted()), sent.payload())));
                continue;
            }
            // sent before and not answered: again under the same number, with the record as it was
            // sent (the vault gives it back so); otherwise numbered now
            long wire = e.inFlight() ? e.wireSequence() : next++;
            StoredRecord r = e.record();
            PushEntry entry = toWire(wire, e);
            java.util.function.Supplier<byte[]> written = body.add(entry, r.deleted() ? null : r.body());
            if (!e.inFlight()) {
                s.markSent(e.deviceSequence(), wire, written, r.revision());
            }
            // the hash of the payload's bytes: a record's body is the UTF-8 of its JSON
            out.add(Sending.of(e, wire, entry.revision(), Versions.hash(r.deleted(), r.body())));
        }
        if (next != account.nextWireSequence()) {
            account = account.withNextWireSequence(next);
            putAccount(s, account);
        }
        return new Outgoing(account, out, body.finish());
    }

    /** A push; with {@code after} (this laptop's pull cursor) head office's answer says whether a pull would bring anything. */
    private HttpRequest pushRequest(Outgoing batch, Long after) {
        return authorised(batch.account(), Protocol.PATH_PUSH + (after == null ? "" : "?after=" + after))
                .header("Content-Type", "application/json")
                .POST(batch.body()).build();
    }

    /** Head office's answer to a batch sent; null if it asked to number what waits again (which is done). */
    private PushResponse pushed(CompletableFuture<HttpResponse<byte[]>> pending) {
        try {
            return receive(pending, PushResponse.class);
        } catch (ServerRefusal refusal) {
            ErrorBody body = refusal.body;
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
                Optional<StoredRecord> mine = localRecord(s, id);
                if (theirVersion.hash().equals(sending.hash())) {
                    // head office already holds this very change (a record saved twice before a sync)
                    s.setHeadVersion(id, theirVersion);
                    s.removeRefusal(id);
                } else if (mine.isPresent() && theirVersion.hash().equals(Versions.hash(mine.get().deleted(), mine.get().body()))) {
                    s.setHeadVersion(id, theirVersion);
                    s.discardWaiting(id);
                    s.removeRefusal(id);
                } else {
                    s.putConflict(new Conflict(id, theirs.kind(), Conflict.Origin.HEAD_OFFICE, now, toLocal(theirs), theirVersion));
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
        SyncAccount current = account(s);
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
            putAccount(s, updated);
        }
        answered.count()[0] = done.size();
    }

    private void renumberFrom(long expected, String epoch, boolean restored) {
        LOG.warn("Head office expects device sequence {} ({}); numbering waiting changes again", expected,
                restored ? "a restore" : "sequence gap");
        store.inTransaction(s -> {
            SyncAccount next = account(s).withNextWireSequence(expected);
            if (epoch != null) {
                next = next.withEpoch(epoch);
            }
            if (restored) {
                next = next.withCursor(0);
                s.putLocalValue(RESTORED, "restored");
            }
            s.unsendAll();
            putAccount(s, next);
            return null;
        });
    }

    /** The entry for {@code e} under {@code wireSequence}, without its payload (the record's body, which {@link PushBody} writes). */
    private PushEntry toWire(long wireSequence, OutboxEntry e) {
        StoredRecord r = e.record();
        UUID[] routing = Routing.of(r, id -> localRecord(store, id));
        HeadVersion base = e.base();
        // a record last written before head versions were kept, and changed since: its base is
        // unknown, so head office answers with a conflict instead of applying it unseen
        String baseHash = !base.exists() ? null : base.hash() != null ? base.hash() : UNKNOWN_BASE;
        return new PushEntry(wireSequence, r.id(), r.kind(), base.revision(), baseHash, base.revision() + 1, r.updatedAt(),
                r.deleted(), r.sealed(), e.urgent(), routing[0], routing[1], null);
    }

    /**
     * After head office was restored from a backup it lacks what it had acknowledged since; after
     * this vault was restored, this laptop lacks it. Head office was just read whole: every record
     * here at a newer head-office version than head office now holds (or that it does not hold) is
     * queued again on top of what it holds. Records waiting or in conflict are on their way already.
     * Clears the restore mark in the same transaction.
     */
    private int resendWhatHeadOfficeLacks(Map<UUID, HeadVersion> headOffice) {
        return store.inTransaction(s -> {
            Set<UUID> waiting = waitingOrHeld(s);
            int queued = 0;
            for (String kind : new java.util.TreeSet<>(RecordKinds.KNOWN)) {
                List<StoredRecord> all = new ArrayList<>(s.list(kind).records());
                all.addAll(s.tombstones(kind).records());
                for (StoredRecord r : all) {
                    if (waiting.contains(r.id())) {
                        continue;
                    }
                    HeadVersion mine = s.headVersion(r.id());
                    HeadVersion theirs = headOffice.getOrDefault(r.id(), HeadVersion.NONE);
                    if (mine.revision() > theirs.revision()) {
                        s.setHeadVersion(r.id(), theirs);
                        s.requeue(r.id(), false);
                        queued++;
                    }
                }
            }
            s.putLocalValue(RESTORED, null);
            return queued;
        });
    }

    /** Records with a change waiting or sent, or a conflict unsettled: a pull does not overwrite them. */
    private static Set<UUID> waitingOrHeld(RecordStore s) {
        Set<UUID> ids = new HashSet<>(s.recordsInOutbox(false));
        ids.addAll(s.recordsInConflict());
        return ids;
    }

    /** The record here, or empty if there is none or its envelope is damaged (a pull may then replace it). */
    private static Optional<StoredRecord> localRecord(RecordStore s, UUID id) {
        try {
            return s.get(id);
        } catch (org.tutela.app.vault.DamagedRecordException e) {
            return Optional.empty();
        }
    }

    private void checkVersions(HttpClient http, SyncAccount account) {
        HealthResponse health = send(http, HttpRequest.newBuilder(URI.create(account.serverUrl() + Protocol.PATH_HEALTH))
                .timeout(REQUEST_TIMEOUT).GET().build(), HealthResponse.class);
        if (!health.supportedProtocolVersions().contains(Protocol.PROTOCOL_VERSION)
                || !health.supportedSchemaVersions().contains(Protocol.RECORD_SCHEMA_VERSION)) {
            throw SyncException.versionMismatch(health.supportedProtocolVersions() + "/" + health.supportedSchemaVersions(),
                    Protocol.PROTOCOL_VERSION + "/" + Protocol.RECORD_SCHEMA_VERSION);
        }
    }

    /**
     * One page after the account's cursor, asked for with {@link #pullRequest} and answered by
     * {@code pending}. While head office is being checked after a restore, the page includes this
     * laptop's own changes, to see what it lost.
     */
    private PullResponse pulled(HttpClient http, SyncAccount account, CompletableFuture<HttpResponse<byte[]>> pending) {
        try {
            return receive(pending, PullResponse.class);
        } catch (ServerRefusal refusal) {
            if (refusal.status == 409 && refusal.body != null && ErrorCodes.EPOCH_CHANGED.equals(refusal.body.code())) {
                SyncAccount restarted = account.withCursor(0).withEpoch(refusal.body.serverEpoch());
                store.inTransaction(s -> {
                    putAccount(s, account(s).withCursor(0).withEpoch(refusal.body.serverEpoch()));
                    s.putLocalValue(RESTORED, "restored");
                    return null;
                });
                return send(http, pullRequest(restarted), PullResponse.class);
            }
            throw refusal.asSyncException();
        }
    }

    private HttpRequest pullRequest(SyncAccount account) {
        return authorised(account, pullPath(account)).GET().build();
    }

    private String pullPath(SyncAccount account) {
        return Protocol.PATH_PULL + "?after=" + account.cursor() + "&limit=" + Protocol.MAX_PULL_LIMIT
                + "&protocolVersion=" + Protocol.PROTOCOL_VERSION + "&schemaVersion=" + Protocol.RECORD_SCHEMA_VERSION
                + (account.serverEpoch() == null ? "" : "&epoch=" + URLEncoder.encode(account.serverEpoch(), StandardCharsets.UTF_8))
                + (store.localValue(RESTORED).isPresent() ? "&includeOwn=true" : "");
    }

    /**
     * Stores one pulled page and its cursor in one transaction. A record with a change of its own
     * waiting (or an unsettled conflict) is not overwritten: the two versions become a conflict for
     * the tutor, unless they are the same. After a restore ({@code headOffice} not null) it notes
     * the version head office holds of each record, and a record held here at a newer head-office
     * version is kept, to be sent again.
     */
    private int applyPage(PullResponse page, Map<UUID, HeadVersion> headOffice, Round round) {
        List<UUID> newConflicts = new ArrayList<>();
        Instant now = Instant.now();
        store.inTransaction(s -> {
            Set<UUID> waiting = page.changes().isEmpty() ? Set.of() : waitingOrHeld(s);
            Set<UUID> inFlight = waiting.isEmpty() ? Set.of() : s.recordsInOutbox(true);
            for (SyncRecord change : page.changes()) {
                if (headOffice != null) {
                    headOffice.put(change.recordId(), versionOf(change));
                }
                if (waiting.contains(change.recordId())) {
                    HeadVersion theirs = versionOf(change);
                    Optional<StoredRecord> mine = localRecord(s, change.recordId());
                    boolean same = mine.isPresent() && theirs.hash().equals(Versions.hash(mine.get().deleted(), mine.get().body()));
                    if (same && !inFlight.contains(change.recordId())) {
                        // both sides hold the same: nothing to choose and nothing to send
                        s.applyRemote(toLocal(change));
                        s.discardWaiting(change.recordId());
                        s.removeConflict(change.recordId());
                    } else {
                        s.putConflict(new Conflict(change.recordId(), change.kind(), Conflict.Origin.HEAD_OFFICE, now,
                                toLocal(change), theirs));
                        newConflicts.add(change.recordId());
                    }
                    continue;
                }
                if (headOffice != null && s.headVersion(change.recordId()).revision() > change.revision()) {
                    continue; // ours is newer than what a restored head office holds: sent again after the pull
                }
                s.applyRemote(toLocal(change)); // notes head office's version (revision and hash) itself
            }
            putAccount(s, account(s).withCursor(page.nextCursor()).withEpoch(page.serverEpoch()));
            return null;
        });
        for (UUID id : newConflicts) {
            if (!round.conflicts.contains(id)) {
                round.conflicts.add(id);
            }
        }
        return page.changes().size();
    }

    private static HeadVersion versionOf(SyncRecord change) {
        return new HeadVersion(change.revision(), Versions.hash(change.deleted(), change.payload()));
    }

    private static StoredRecord toLocal(SyncRecord change) {
        byte[] body = change.deleted() || change.payload() == null ? "{}".getBytes(StandardCharsets.UTF_8)
                : change.payload().getBytes(StandardCharsets.UTF_8);
        return new StoredRecord(change.recordId(), change.kind(), change.revision(), change.updatedAt(), change.updatedAt(),
                change.deleted(), change.sealed(), body);
    }

    // ------------------------------------------------------------------ conflicts and refusals

    /** Records with two versions waiting for the tutor to choose (changed here and at head office, or changed while open). */
    public List<SyncConflict> conflicts() {
        carryOverEarlierState();
        return store.conflicts().stream()
                .map(c -> new SyncConflict(c.recordId(), c.kind(), c.otherHead().revision(), c.other().updatedAt()))
                .toList();
    }

    /** The other version of a conflicting record (head office's), to show beside the laptop's. */
    public Optional<StoredRecord> headOfficeVersion(UUID recordId) {
        return store.conflict(recordId).map(Conflict::other);
    }

    /**
     * Keeps this laptop's version: it goes to head office at the next sync, on top of the other
     * version (so a deletion kept here deletes it there, and an edit kept here over head office's
     * deletion brings the record back with the tutor's content).
     */
    public void keepMine(UUID recordId) {
        // the conflict as it stands inside the transaction: a round may have brought a newer version of theirs meanwhile
        store.inTransaction(s -> {
            Conflict c = s.conflict(recordId).orElseThrow(() -> new IllegalArgumentException("No conflict for " + recordId));
            if (c.origin() == Conflict.Origin.HEAD_OFFICE) {
                s.setHeadVersion(recordId, c.otherHead());
            }
            s.requeue(recordId, false);
            s.removeConflict(recordId);
            return null;
        });
    }

    /** Takes the other version (head office's), replacing this laptop's; the laptop's waiting change is dropped. */
    public void keepHeadOffice(UUID recordId) {
        store.inTransaction(s -> {
            Conflict c = s.conflict(recordId).orElseThrow(() -> new IllegalArgumentException("No conflict for " + recordId));
            if (c.origin() == Conflict.Origin.HEAD_OFFICE) {
                s.applyRemote(c.other());
                s.discardWaiting(recordId);
            } else {
                // the version the tutor never saw: back as it was (it goes to head office only if it differs from its version there)
                StoredRecord other = c.other();
                if (other.deleted()) {
                    s.delete(recordId);
                } else {
                    s.save(other.kind(), recordId, other.body(), new WriteOptions(other.sealed(), false));
                }
                HeadVersion head = s.headVersion(recordId);
                if (head.hash() != null && head.hash().equals(Versions.hash(other.deleted(), other.body()))) {
                    s.discardWaiting(recordId);
                }
            }
            s.removeConflict(recordId);
            s.removeRefusal(recordId);
            return null;
        });
    }

    /** Record ids head office refused, with its code (for example OUT_OF_SCOPE); each still waits to be sent. */
    public Map<UUID, String> rejections() {
        carryOverEarlierState();
        Map<UUID, String> out = new LinkedHashMap<>();
        for (Refusal r : store.refusals()) {
            out.put(r.recordId(), r.code());
        }
        return out;
    }

    /**
     * The tutor gives up a change head office refused: it is no longer offered, and the record is
     * left as it is on this laptop (head office keeps what it has, if anything).
     */
    public void discardRefused(UUID recordId) {
        store.inTransaction(s -> {
            s.discardWaiting(recordId);
            s.removeRefusal(recordId);
            return null;
        });
    }

    /**
     * Conflicts and refusals were once kept in local values, and sent entries numbered in a map:
     * carries them into the vault's own tables (refused changes are queued to be offered again).
     */
    private void carryOverEarlierState() {
        if (store.localValue(OLD_CONFLICTS).isEmpty() && store.localValue(OLD_REJECTED).isEmpty() && store.localValue(OLD_WIRE).isEmpty()) {
            return;
        }
        store.inTransaction(s -> {
            List<UUID> ids = s.localValue(OLD_CONFLICTS).map(t -> read(t, new TypeReference<List<UUID>>() { })).orElse(List.of());
            for (UUID id : ids) {
                Optional<SyncRecord> theirs = s.localValue(OLD_CONFLICT_PREFIX + id).map(t -> read(t, SyncRecord.class));
                if (theirs.isPresent() && s.get(id).isPresent()) {
                    SyncRecord r = theirs.get();
                    s.putConflict(new Conflict(id, r.kind(), Conflict.Origin.HEAD_OFFICE, Instant.now(), toLocal(r),
                            new HeadVersion(r.revision(), Versions.hash(r.deleted(), r.payload()))));
                }
                s.putLocalValue(OLD_CONFLICT_PREFIX + id, null);
            }
            Map<UUID, String> rejected = s.localValue(OLD_REJECTED)
                    .map(t -> (Map<UUID, String>) read(t, new TypeReference<LinkedHashMap<UUID, String>>() { })).orElse(Map.of());
            for (Map.Entry<UUID, String> r : rejected.entrySet()) {
                if (s.get(r.getKey()).isPresent()) {
                    s.putRefusal(new Refusal(r.getKey(), r.getValue(), Instant.now()));
                    s.requeue(r.getKey(), false);
                }
            }
            s.putLocalValue(OLD_CONFLICTS, null);
            s.putLocalValue(OLD_REJECTED, null);
            s.putLocalValue(OLD_WIRE, null);
            return null;
        });
    }

    private void putAccount(RecordStore s, SyncAccount account) {
        s.putLocalValue(ACCOUNT, new String(write(account), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ HTTP

    /** One HTTP client (and its connections) for as long as the pinned certificate stays the same. */
    private synchronized HttpClient httpClient(String pinnedFingerprint) {
        if (http == null || !pinnedFingerprint.equals(httpPin)) {
            http = HttpClient.newBuilder()
                    .sslContext(PinnedTls.context(pinnedFingerprint))
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            httpPin = pinnedFingerprint;
        }
        return http;
    }

    private static HttpRequest.Builder authorised(SyncAccount account, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(account.serverUrl() + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", Protocol.AUTHORIZATION_SCHEME + " " + account.deviceToken());
    }

    private <T> T send(HttpClient http, HttpRequest request, Class<T> type) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(SyncException.Reason.CANCELLED, null, e);
        }
        return answer(response, type);
    }

    /** Starts a request whose answer is taken later ({@link #receive}), so the laptop can work meanwhile. */
    private static CompletableFuture<HttpResponse<byte[]>> start(HttpClient http, HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The answer to a request {@link #start}ed earlier, as {@link #send} gives it. */
    private <T> T receive(CompletableFuture<HttpResponse<byte[]>> pending, Class<T> type) {
        HttpResponse<byte[]> response;
        try {
            response = pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw unreachable(io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new SyncException(SyncException.Reason.OFFLINE, null, cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new SyncException(SyncException.Reason.CANCELLED, null, e);
        }
        return answer(response, type);
    }

    /**
     * Only a certificate that is not the pinned one is a security matter; a connection reset, cut or
     * timed out, during the TLS handshake or after, is no connection.
     */
    private static SyncException unreachable(IOException e) {
        return new SyncException(certificateRefused(e) ? SyncException.Reason.UNTRUSTED_SERVER : SyncException.Reason.OFFLINE, null, e);
    }

    private <T> T answer(HttpResponse<byte[]> response, Class<T> type) {
        if (response.statusCode() / 100 == 2) {
            try {
                return json.readValue(response.body(), type);
            } catch (IOException e) {
                throw SyncException.refused(NOT_PROTOCOL_V1, null, "an answer that is not protocol v1", e);
            }
        }
        ErrorBody body = null;
        try {
            body = json.readValue(response.body(), ErrorBody.class);
        } catch (IOException | RuntimeException ignored) {
            // not our server's JSON: the status alone says enough
        }
        throw new ServerRefusal(response.statusCode(), body);
    }

    /** Whether the pinned-certificate check refused the server (anywhere in the cause chain). */
    static boolean certificateRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("Sync state in the vault is unreadable", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw SyncException.refused(NOT_PROTOCOL_V1, null, "an answer that is not protocol v1", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException("Sync state in the vault is unreadable", e);
        }
    }

    private static String normaliseUrl(String url) {
        String trimmed = url == null ? "" : url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("That is not a web address: use the form https://server:8443");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Head office's address starts with https:// (for example https://server:8443)");
        }
        return trimmed;
    }

    /** A non-2xx answer, turned into a reason the tutor can act on. */
    private static final class ServerRefusal extends RuntimeException {
        final int status;
        final ErrorBody body;

        ServerRefusal(int status, ErrorBody body) {
            super("HTTP " + status + (body == null ? "" : " " + body.code()));
            this.status = status;
            this.body = body;
        }

        SyncException asSyncException() {
            String code = body == null ? null : body.code();
            String message = body == null ? "HTTP " + status : body.message() + (body.requestId() == null ? "" : " (request " + body.requestId() + ")");
            if (ErrorCodes.BAD_CREDENTIALS.equals(code)) {
                return new SyncException(SyncException.Reason.BAD_CREDENTIALS, message);
            }
            if (ErrorCodes.TOO_MANY_ATTEMPTS.equals(code) || status == 429) {
                return new SyncException(SyncException.Reason.TOO_MANY_ATTEMPTS, message);
            }
            if (status == 401) {
                return new SyncException(SyncException.Reason.REVOKED, message);
            }
            if (ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION.equals(code) || ErrorCodes.UNSUPPORTED_SCHEMA_VERSION.equals(code)) {
                return SyncException.versionMismatch(body.supportedVersions() == null ? "?" : String.valueOf(body.supportedVersions()),
                        Protocol.PROTOCOL_VERSION + "/" + Protocol.RECORD_SCHEMA_VERSION);
            }
            if (status == 503) {
                return new SyncException(SyncException.Reason.OFFLINE, message);
            }
            return SyncException.refused(code == null ? "HTTP_" + status : code, body == null ? null : body.requestId(), message, null);
        }
    }
}
