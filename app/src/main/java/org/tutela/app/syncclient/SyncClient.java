package org.tutela.app.syncclient;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
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
    private static final String WIRE = "sync.wire";
    /** Set when head office turns out to have been restored from a backup, until this laptop has re-sent what it lost. */
    private static final String RESTORED = "sync.restored";
    private static final String CONFLICTS = "sync.conflicts";
    private static final String CONFLICT_PREFIX = "sync.conflict.";
    private static final String REJECTED = "sync.rejected";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final RecordStore store;
    private final ObjectMapper json = ProtocolJson.mapper();
    private final int batchSize;

    public SyncClient(RecordStore store) {
        this(store, Protocol.MAX_BATCH_ENTRIES);
    }

    SyncClient(RecordStore store, int batchSize) {
        this.store = store;
        this.batchSize = Math.max(1, Math.min(batchSize, Protocol.MAX_BATCH_ENTRIES));
    }

    // ------------------------------------------------------------------ enrolment

    public Optional<SyncAccount> account() {
        return store.localValue(ACCOUNT).map(text -> read(text, SyncAccount.class));
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
            s.putLocalValue(ACCOUNT, new String(write(account), StandardCharsets.UTF_8));
            s.putLocalValue(WIRE, null);
            return null;
        });
        LOG.info("Enrolled with head office as device {}", response.deviceId());
        return new Enrolment(account, response.tutorName());
    }

    /** Forgets the enrolment (the laptop was revoked, or moves to another account). Local records stay. */
    public void forgetEnrolment() {
        store.inTransaction(s -> {
            s.putLocalValue(ACCOUNT, null);
            s.putLocalValue(WIRE, null);
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

        List<UUID> conflicts = new ArrayList<>();
        List<UUID> rejected = new ArrayList<>();
        int sent = pushAll(http, progress, cancelled, conflicts, rejected, 0);
        if (sent < 0) {
            return new SyncReport(-sent - 1, conflicts, rejected, 0, false);
        }

        // Records changed here and not yet accepted, or already in conflict, are not overwritten by a pull.
        Set<UUID> waiting = new java.util.HashSet<>(conflictIds());
        for (OutboxEntry e : store.pendingOutbox(Integer.MAX_VALUE)) {
            waiting.add(e.recordId());
        }
        // After a restore: the revision head office holds of every record it returns. It must be
        // seen whole before anything is sent again, so a check cut short starts over from 0.
        Map<UUID, Long> headOffice = new HashMap<>();
        boolean restored = false;
        if (store.localValue(RESTORED).isPresent() && account().orElseThrow().cursor() != 0) {
            store.putLocalValue(ACCOUNT, new String(write(account().orElseThrow().withCursor(0)), StandardCharsets.UTF_8));
        }
        int received = 0;
        while (true) {
            if (cancelled.getAsBoolean()) {
                return new SyncReport(sent, conflicts, rejected, received, false);
            }
            account = account().orElseThrow();
            PullResponse page = pull(http, account);
            if (!restored && store.localValue(RESTORED).isPresent()) {
                restored = true;
                headOffice.clear();
            }
            received += applyPage(page, restored ? headOffice : null, waiting, conflicts);
            progress.update(SyncProgress.Phase.RECEIVING, received, -1);
            if (!page.hasMore()) {
                break;
            }
        }
        if (restored) {
            int queued = resendWhatHeadOfficeLacks(headOffice, waiting);
            LOG.info("Head office was restored from a backup: {} changes queued again", queued);
            int more = pushAll(http, progress, cancelled, conflicts, rejected, sent);
            if (more < 0) {
                return new SyncReport(-more - 1, conflicts, rejected, received, false);
            }
            sent = more;
        }
        progress.update(SyncProgress.Phase.DONE, sent + received, 0);
        LOG.info("Sync round: {} sent, {} received, {} conflicts, {} rejected", sent, received, conflicts.size(), rejected.size());
        return new SyncReport(sent, List.copyOf(conflicts), List.copyOf(rejected), received, true);
    }

    /**
     * Sends everything waiting, urgent first. Returns the running count of entries answered, or
     * {@code -(count + 1)} if cancelled.
     */
    private int pushAll(HttpClient http, SyncProgress progress, BooleanSupplier cancelled, List<UUID> conflicts,
                        List<UUID> rejected, int sentBefore) {
        int sent = sentBefore;
        int renumbered = 0;
        while (true) {
            if (cancelled.getAsBoolean()) {
                return -(sent + 1);
            }
            List<OutboxEntry> pending = store.pendingOutbox(batchSize);
            if (pending.isEmpty()) {
                return sent;
            }
            int answered = pushBatch(http, account().orElseThrow(), pending, conflicts, rejected);
            if (answered < 0 && ++renumbered > 2) {
                // The server keeps naming another sequence: stop rather than ask again and again.
                throw new SyncException(SyncException.Reason.REFUSED, "head office keeps refusing this laptop's sequence numbers");
            }
            sent += Math.max(0, answered);
            progress.update(SyncProgress.Phase.SENDING, sent, -1);
        }
    }

    /**
     * After head office was restored from a backup it lacks what it had acknowledged since: every
     * record here that it does not hold, or holds at an older revision, is queued again on top of
     * what it holds. Records waiting or in conflict are already on their way. Clears the restore
     * mark in the same transaction.
     */
    private int resendWhatHeadOfficeLacks(Map<UUID, Long> headOffice, Set<UUID> waiting) {
        return store.inTransaction(s -> {
            int queued = 0;
            for (String kind : new java.util.TreeSet<>(RecordKinds.KNOWN)) {
                for (StoredRecord r : s.list(kind).records()) {
                    long theirs = headOffice.getOrDefault(r.id(), 0L);
                    if (!waiting.contains(r.id()) && r.revision() > theirs) {
                        s.resend(r.id(), theirs);
                        queued++;
                    }
                }
            }
            // a deletion head office has lost: it still holds the record alive
            for (Map.Entry<UUID, Long> e : headOffice.entrySet()) {
                Optional<StoredRecord> mine = localRecord(s, e.getKey());
                if (mine.isPresent() && mine.get().deleted() && mine.get().revision() > e.getValue() && !waiting.contains(e.getKey())) {
                    s.resend(e.getKey(), e.getValue());
                    queued++;
                }
            }
            s.putLocalValue(RESTORED, null);
            return queued;
        });
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
            throw new SyncException(SyncException.Reason.VERSION_MISMATCH,
                    "server " + health.supportedProtocolVersions() + "/" + health.supportedSchemaVersions()
                            + ", this laptop " + Protocol.PROTOCOL_VERSION + "/" + Protocol.RECORD_SCHEMA_VERSION);
        }
    }

    /** Sends one batch; returns how many entries were answered, or -1 if the server asked to renumber them. */
    private int pushBatch(HttpClient http, SyncAccount account, List<OutboxEntry> pending, List<UUID> conflicts, List<UUID> rejected) {
        // Kinds that never leave the laptop are cleared at once, without a wire number.
        List<Long> localOnly = new ArrayList<>();
        List<OutboxEntry> outgoing = new ArrayList<>();
        for (OutboxEntry e : pending) {
            if (RecordKinds.isKnown(e.record().kind())) {
                outgoing.add(e);
            } else {
                localOnly.add(e.deviceSequence());
            }
        }
        if (!localOnly.isEmpty()) {
            store.acknowledge(localOnly);
        }
        if (outgoing.isEmpty()) {
            return 0;
        }

        // Give each entry its wire number once, and store that before sending.
        TreeMap<Long, Long> wire = wireNumbers();
        long next = account.nextWireSequence();
        for (OutboxEntry e : outgoing) {
            if (!wire.containsKey(e.deviceSequence())) {
                wire.put(e.deviceSequence(), next++);
            }
        }
        long nextWire = next;
        SyncAccount numbered = account.withNextWireSequence(nextWire);
        store.inTransaction(s -> {
            s.putLocalValue(WIRE, new String(write(wire), StandardCharsets.UTF_8));
            s.putLocalValue(ACCOUNT, new String(write(numbered), StandardCharsets.UTF_8));
            return null;
        });

        Map<Long, OutboxEntry> byWire = new HashMap<>();
        List<PushEntry> entries = new ArrayList<>();
        for (OutboxEntry e : outgoing) {
            long w = wire.get(e.deviceSequence());
            byWire.put(w, e);
            entries.add(toWire(w, e));
        }
        PushRequest request = new PushRequest(Protocol.PROTOCOL_VERSION, Protocol.RECORD_SCHEMA_VERSION,
                account.deviceId(), account.serverEpoch(), entries);
        PushResponse response;
        try {
            response = send(http, authorised(account, Protocol.PATH_PUSH)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(write(request))).build(), PushResponse.class);
        } catch (ServerRefusal refusal) {
            ErrorBody body = refusal.body;
            if (refusal.status == 409 && body != null && body.expectedSequence() != null
                    && (ErrorCodes.SEQUENCE_GAP.equals(body.code()) || ErrorCodes.EPOCH_CHANGED.equals(body.code()))) {
                // The server lost or never had what we numbered (a restore, a new enrolment): number
                // everything still waiting again from where it says, and pull in full after a restore.
                renumberFrom(body.expectedSequence(), body.serverEpoch(), ErrorCodes.EPOCH_CHANGED.equals(body.code()));
                return -1;
            }
            throw refusal.asSyncException();
        }

        java.util.Set<Long> done = new java.util.LinkedHashSet<>();
        for (EntryResult result : response.results()) {
            OutboxEntry entry = byWire.get(result.deviceSequence());
            if (entry == null) {
                continue;
            }
            EntryStatus status = result.status() == EntryStatus.DUPLICATE && result.originalStatus() != null
                    ? result.originalStatus() : result.status();
            if (status == EntryStatus.CONFLICT && result.serverRecord() != null) {
                if (!sameAsOurs(result.serverRecord(), entry.record())) {
                    keepConflict(result.serverRecord());
                    conflicts.add(entry.recordId());
                }
            } else if (status == EntryStatus.REJECTED) {
                keepRejection(entry.recordId(), result.code());
                rejected.add(entry.recordId());
            }
            done.add(entry.deviceSequence());
        }
        // Everything up to the acknowledged sequence has been received, whatever its answer.
        for (Map.Entry<Long, OutboxEntry> e : byWire.entrySet()) {
            if (e.getKey() <= response.acknowledgedSequence()) {
                done.add(e.getValue().deviceSequence());
            }
        }
        String epoch = response.serverEpoch();
        store.inTransaction(s -> {
            s.acknowledge(List.copyOf(done));
            TreeMap<Long, Long> left = wireNumbers();
            done.forEach(left::remove);
            s.putLocalValue(WIRE, new String(write(left), StandardCharsets.UTF_8));
            SyncAccount now = account().orElseThrow();
            s.putLocalValue(ACCOUNT, new String(write(now.withEpoch(epoch)), StandardCharsets.UTF_8));
            return null;
        });
        return done.size();
    }

    private void renumberFrom(long expected, String epoch, boolean restored) {
        LOG.warn("Head office expects device sequence {} ({}); numbering waiting changes again", expected,
                restored ? "its server was restored" : "sequence gap");
        store.inTransaction(s -> {
            SyncAccount now = account().orElseThrow();
            SyncAccount next = now.withNextWireSequence(expected);
            if (epoch != null) {
                next = next.withEpoch(epoch);
            }
            if (restored) {
                next = next.withCursor(0);
                s.putLocalValue(RESTORED, epoch == null ? "restored" : epoch);
            }
            s.putLocalValue(ACCOUNT, new String(write(next), StandardCharsets.UTF_8));
            s.putLocalValue(WIRE, null);
            return null;
        });
    }

    private PushEntry toWire(long wireSequence, OutboxEntry e) {
        StoredRecord r = e.record();
        UUID[] routing = Routing.of(r);
        String payload = r.deleted() ? null : new String(r.body(), StandardCharsets.UTF_8);
        return new PushEntry(wireSequence, r.id(), r.kind(), e.baseRevision(), r.revision(), r.updatedAt(),
                r.deleted(), r.sealed(), e.urgent(), routing[0], routing[1], payload);
    }

    private static boolean sameAsOurs(SyncRecord server, StoredRecord ours) {
        if (server.deleted() != ours.deleted()) {
            return false;
        }
        return server.deleted() || Arrays.equals(server.payload() == null ? new byte[0]
                : server.payload().getBytes(StandardCharsets.UTF_8), ours.body());
    }

    /**
     * One page after the account's cursor. While head office is being checked after a restore,
     * the page includes this laptop's own changes, to see what it lost.
     */
    private PullResponse pull(HttpClient http, SyncAccount account) {
        try {
            return send(http, authorised(account, pullPath(account)).GET().build(), PullResponse.class);
        } catch (ServerRefusal refusal) {
            if (refusal.status == 409 && refusal.body != null && ErrorCodes.EPOCH_CHANGED.equals(refusal.body.code())) {
                SyncAccount restarted = account.withCursor(0).withEpoch(refusal.body.serverEpoch());
                store.inTransaction(s -> {
                    s.putLocalValue(ACCOUNT, new String(write(restarted), StandardCharsets.UTF_8));
                    s.putLocalValue(RESTORED, restarted.serverEpoch() == null ? "restored" : restarted.serverEpoch());
                    return null;
                });
                return send(http, authorised(restarted, pullPath(restarted)).GET().build(), PullResponse.class);
            }
            throw refusal.asSyncException();
        }
    }

    private String pullPath(SyncAccount account) {
        return Protocol.PATH_PULL + "?after=" + account.cursor() + "&limit=" + Protocol.DEFAULT_PULL_LIMIT
                + "&protocolVersion=" + Protocol.PROTOCOL_VERSION + "&schemaVersion=" + Protocol.RECORD_SCHEMA_VERSION
                + (account.serverEpoch() == null ? "" : "&epoch=" + URLEncoder.encode(account.serverEpoch(), StandardCharsets.UTF_8))
                + (store.localValue(RESTORED).isPresent() ? "&includeOwn=true" : "");
    }

    /**
     * Stores one pulled page and its cursor in one transaction. After a restore ({@code headOffice}
     * not null) it notes the revision head office holds of each record, and a record held here at
     * a higher revision is kept, to be sent again.
     */
    private int applyPage(PullResponse page, Map<UUID, Long> headOffice, Set<UUID> waiting, List<UUID> conflicts) {
        List<UUID> newConflicts = new ArrayList<>();
        store.inTransaction(s -> {
            for (SyncRecord change : page.changes()) {
                if (headOffice != null) {
                    headOffice.put(change.recordId(), change.revision());
                }
                if (waiting.contains(change.recordId())) {
                    // Changed here too and not yet accepted by head office: keep both for the tutor.
                    keepConflict(change);
                    newConflicts.add(change.recordId());
                    continue;
                }
                if (headOffice != null && localRecord(s, change.recordId()).map(StoredRecord::revision).orElse(0L) > change.revision()) {
                    continue;
                }
                s.applyRemote(toLocal(change));
            }
            SyncAccount account = account().orElseThrow();
            s.putLocalValue(ACCOUNT, new String(write(account.withCursor(page.nextCursor()).withEpoch(page.serverEpoch())),
                    StandardCharsets.UTF_8));
            return null;
        });
        for (UUID id : newConflicts) {
            if (!conflicts.contains(id)) {
                conflicts.add(id);
            }
        }
        return page.changes().size();
    }

    private static StoredRecord toLocal(SyncRecord change) {
        byte[] body = change.deleted() || change.payload() == null ? "{}".getBytes(StandardCharsets.UTF_8)
                : change.payload().getBytes(StandardCharsets.UTF_8);
        return new StoredRecord(change.recordId(), change.kind(), change.revision(), change.updatedAt(), change.updatedAt(),
                change.deleted(), change.sealed(), body);
    }

    // ------------------------------------------------------------------ conflicts and rejections

    /** Records changed both here and at head office, waiting for the tutor to choose. */
    public List<SyncConflict> conflicts() {
        List<SyncConflict> out = new ArrayList<>();
        for (UUID id : conflictIds()) {
            store.localValue(CONFLICT_PREFIX + id).map(text -> read(text, SyncRecord.class)).ifPresent(r ->
                    out.add(new SyncConflict(r.recordId(), r.kind(), r.revision(), r.updatedAt())));
        }
        return out;
    }

    /** Head office's version of a conflicting record, to show beside the laptop's. */
    public Optional<StoredRecord> headOfficeVersion(UUID recordId) {
        return store.localValue(CONFLICT_PREFIX + recordId).map(text -> toLocal(read(text, SyncRecord.class)));
    }

    /** Keeps this laptop's version: it goes to head office at the next sync, on top of theirs. */
    public void keepMine(UUID recordId) {
        SyncRecord theirs = store.localValue(CONFLICT_PREFIX + recordId).map(t -> read(t, SyncRecord.class))
                .orElseThrow(() -> new IllegalArgumentException("No conflict for " + recordId));
        store.inTransaction(s -> {
            StoredRecord mine = s.get(recordId).orElseThrow();
            s.applyRemote(toLocal(theirs));
            s.save(mine.kind(), recordId, mine.body(), new org.tutela.app.vault.WriteOptions(mine.sealed(), false));
            dropConflict(s, recordId);
            return null;
        });
    }

    /** Takes head office's version, replacing this laptop's. */
    public void keepHeadOffice(UUID recordId) {
        SyncRecord theirs = store.localValue(CONFLICT_PREFIX + recordId).map(t -> read(t, SyncRecord.class))
                .orElseThrow(() -> new IllegalArgumentException("No conflict for " + recordId));
        store.inTransaction(s -> {
            s.applyRemote(toLocal(theirs));
            dropConflict(s, recordId);
            return null;
        });
    }

    /** Record ids head office refused, with its code (for example OUT_OF_SCOPE). */
    public Map<UUID, String> rejections() {
        return store.localValue(REJECTED).map(t -> read(t, new TypeReference<LinkedHashMap<UUID, String>>() { }))
                .map(m -> (Map<UUID, String>) m).orElse(Map.of());
    }

    private void keepConflict(SyncRecord theirs) {
        List<UUID> ids = new ArrayList<>(conflictIds());
        if (!ids.contains(theirs.recordId())) {
            ids.add(theirs.recordId());
        }
        store.inTransaction(s -> {
            s.putLocalValue(CONFLICT_PREFIX + theirs.recordId(), new String(write(theirs), StandardCharsets.UTF_8));
            s.putLocalValue(CONFLICTS, new String(write(ids), StandardCharsets.UTF_8));
            return null;
        });
    }

    private void dropConflict(RecordStore s, UUID recordId) {
        List<UUID> ids = new ArrayList<>(conflictIds());
        ids.remove(recordId);
        s.putLocalValue(CONFLICT_PREFIX + recordId, null);
        s.putLocalValue(CONFLICTS, new String(write(ids), StandardCharsets.UTF_8));
    }

    private List<UUID> conflictIds() {
        return store.localValue(CONFLICTS).map(t -> read(t, new TypeReference<List<UUID>>() { })).orElse(List.of());
    }

    private void keepRejection(UUID recordId, String code) {
        LinkedHashMap<UUID, String> all = new LinkedHashMap<>(rejections());
        all.put(recordId, code == null ? "REJECTED" : code);
        store.putLocalValue(REJECTED, new String(write(all), StandardCharsets.UTF_8));
    }

    private TreeMap<Long, Long> wireNumbers() {
        return store.localValue(WIRE).map(t -> read(t, new TypeReference<TreeMap<Long, Long>>() { })).orElseGet(TreeMap::new);
    }

    // ------------------------------------------------------------------ HTTP

    private static HttpClient httpClient(String pinnedFingerprint) {
        return HttpClient.newBuilder()
                .sslContext(PinnedTls.context(pinnedFingerprint))
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        } catch (SSLException e) {
            throw new SyncException(SyncException.Reason.UNTRUSTED_SERVER, null, e);
        } catch (ConnectException | HttpTimeoutException e) {
            throw new SyncException(SyncException.Reason.OFFLINE, null, e);
        } catch (IOException e) {
            if (e.getCause() instanceof SSLException || String.valueOf(e.getMessage()).contains("certificate")) {
                throw new SyncException(SyncException.Reason.UNTRUSTED_SERVER, null, e);
            }
            throw new SyncException(SyncException.Reason.OFFLINE, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(SyncException.Reason.CANCELLED, null, e);
        }
        if (response.statusCode() / 100 == 2) {
            return read(new String(response.body(), StandardCharsets.UTF_8), type);
        }
        ErrorBody body = null;
        try {
            body = json.readValue(response.body(), ErrorBody.class);
        } catch (IOException | RuntimeException ignored) {
            // not our server's JSON: the status alone says enough
        }
        throw new ServerRefusal(response.statusCode(), body);
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new SyncException(SyncException.Reason.REFUSED, "an answer that is not protocol v1", e);
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
                return new SyncException(SyncException.Reason.VERSION_MISMATCH,
                        body.supportedVersions() == null ? message : "server supports " + body.supportedVersions());
            }
            if (status == 503) {
                return new SyncException(SyncException.Reason.OFFLINE, message);
            }
            return new SyncException(SyncException.Reason.REFUSED, message);
        }
    }
}
