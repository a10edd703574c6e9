package org.tutela.app.syncclient;

import static org.tutela.app.syncclient.SyncState.RESTORED;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.app.vault.Conflict;
import org.tutela.app.vault.HeadVersion;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Refusal;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.EnrolResponse;
import org.tutela.sync.protocol.Protocol;
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
 *
 * <p>This class is the door the app uses (enrolment, rounds, conflicts and refusals) and keeps the
 * order of a round; its parts stand beside it in this package: {@code Push} sends the outbox and
 * stores head office's answers, {@code Pull} asks for pages and stores them,
 * {@code HeadOfficeConnection} sends requests and reads answers over the pinned connection,
 * {@code SyncState} keeps the account and the restore mark in the vault, and {@code Round} counts
 * what a round has done.
 */
public final class SyncClient {
    private static final Logger LOG = LoggerFactory.getLogger(SyncClient.class);

    private final RecordStore store;
    private final SyncState state;
    private final HeadOfficeConnection connection = new HeadOfficeConnection();
    private final Push push;
    private final Pull pull;

    public SyncClient(RecordStore store) {
        this(store, Protocol.MAX_BATCH_ENTRIES);
    }

    /**
     * A client sending batches of at most {@code batchSize} entries (the protocol's largest at most):
     * smaller ones make a round of many batches, as the convergence suite has one of its laptops do.
     */
    public SyncClient(RecordStore store, int batchSize) {
        this.store = store;
        this.state = new SyncState(store);
        this.push = new Push(store, state, connection, Math.max(1, Math.min(batchSize, Protocol.MAX_BATCH_ENTRIES)));
        this.pull = new Pull(store, state, connection);
    }

    /** A client whose batches may hold more entries than head office takes (tests of an older head office). */
    static SyncClient sendingBatchesOf(RecordStore store, int batchSize) {
        SyncClient client = new SyncClient(store);
        client.push.sendAtMost(batchSize);
        return client;
    }

    // ------------------------------------------------------------------ enrolment

    public Optional<SyncAccount> account() {
        return state.account();
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
        HttpClient http = connection.httpClient(pin);
        EnrolRequest request = new EnrolRequest(Protocol.PROTOCOL_VERSION, username, new String(password), deviceName);
        EnrolResponse response = connection.send(http, HttpRequest.newBuilder(URI.create(base + Protocol.PATH_ENROL))
                .timeout(HeadOfficeConnection.REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(state.write(request))).build(), EnrolResponse.class);
        SyncAccount account = new SyncAccount(base, pin, response.deviceId(), response.deviceToken(), username,
                response.serverEpoch(), 1, 0);
        store.inTransaction(s -> {
            state.putAccount(s, account);
            s.unsendAll();
            return null;
        });
        LOG.info("Enrolled with head office as device {}", response.deviceId());
        return new Enrolment(account, response.tutorName());
    }

    /** Forgets the enrolment (the laptop was revoked, or moves to another account). Local records stay. */
    public void forgetEnrolment() {
        store.inTransaction(s -> {
            s.putLocalValue(SyncState.ACCOUNT, null);
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
        HttpClient http = connection.httpClient(account.certificateFingerprint());
        progress.update(SyncProgress.Phase.CONNECTING, 0, -1);
        connection.checkVersions(http, account);
        state.carryOverEarlierState();

        Round round = new Round();
        if (!push.pushAll(http, progress, cancelled, round)) {
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
            state.putAccount(store, account().orElseThrow().withCursor(0));
        }
        Map<UUID, HeadVersion> headOffice = new HashMap<>();
        boolean restored = false;
        SyncAccount asking = account().orElseThrow();
        CompletableFuture<HttpResponse<HeadOfficeConnection.Answer>> next = HeadOfficeConnection.start(http, pull.pullRequest(asking), round.answers);
        while (true) {
            if (cancelled.getAsBoolean()) {
                return round.report(false); // a page asked for and not stored is simply asked for again
            }
            Pull.Page page = pull.pulled(http, asking, next);
            if (!restored && store.localValue(RESTORED).isPresent()) {
                restored = true;
                headOffice.clear();
            }
            if (page.hasMore()) {
                // ask for the next page before storing this one, so head office reads it meanwhile; it is
                // asked after this page's cursor, which is stored with this page, so nothing is skipped
                asking = account().orElseThrow().withCursor(page.nextCursor()).withEpoch(page.serverEpoch());
                next = HeadOfficeConnection.start(http, pull.pullRequest(asking), round.answers);
            }
            round.received += pull.applyPage(page, restored ? headOffice : null, round);
            progress.update(SyncProgress.Phase.RECEIVING, round.received, -1);
            if (!page.hasMore()) {
                break;
            }
        }
        if (restored) {
            int queued = pull.resendWhatHeadOfficeLacks(headOffice);
            LOG.info("Head office or this vault was restored from a backup: {} changes queued again", queued);
            if (!push.pushAll(http, progress, cancelled, round)) {
                return round.report(false);
            }
        }
        progress.update(SyncProgress.Phase.DONE, round.sent + round.received, 0);
        LOG.info("Sync round: {} sent, {} received, {} conflicts, {} refused", round.sent, round.received,
                round.conflicts.size(), round.refused.size());
        return round.report(true);
    }

    // ------------------------------------------------------------------ conflicts and refusals

    /** Records with two versions waiting for the tutor to choose (changed here and at head office, or changed while open). */
    public List<SyncConflict> conflicts() {
        state.carryOverEarlierState();
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
        state.carryOverEarlierState();
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
}
