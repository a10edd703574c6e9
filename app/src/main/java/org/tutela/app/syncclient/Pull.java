package org.tutela.app.syncclient;

import static org.tutela.app.syncclient.SyncState.RESTORED;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.tutela.app.vault.Conflict;
import org.tutela.app.vault.HeadVersion;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;

/**
 * The pull half of a round, one page at a time: a page after the cursor asked for and taken (from
 * the start again if head office was restored), then stored with its cursor, a record with a change
 * of its own waiting here becoming a conflict; and, once a restored head office has been read whole,
 * what it lacks queued to be sent again. The loop over the pages stays in {@link SyncClient#sync},
 * which decides what a round does next; head office's records as this laptop stores them
 * ({@link #toLocal}) are made here, for the push's conflicts too.
 */
final class Pull {
    private final RecordStore store;
    private final SyncState state;
    private final HeadOfficeConnection connection;

    Pull(RecordStore store, SyncState state, HeadOfficeConnection connection) {
        this.store = store;
        this.state = state;
        this.connection = connection;
    }

    /**
     * One page after the account's cursor, asked for with {@link #pullRequest} and answered by
     * {@code pending}. While head office is being checked after a restore, the page includes this
     * laptop's own changes, to see what it lost.
     */
    Page pulled(HttpClient http, SyncAccount account, CompletableFuture<HttpResponse<HeadOfficeConnection.Answer>> pending) {
        try {
            return Page.of(connection.receive(pending, PullResponse.class));
        } catch (ServerRefusal refusal) {
            if (refusal.status == 409 && refusal.body != null && ErrorCodes.EPOCH_CHANGED.equals(refusal.body.code())) {
                SyncAccount restarted = account.withCursor(0).withEpoch(refusal.body.serverEpoch());
                store.inTransaction(s -> {
                    state.putAccount(s, state.account(s).withCursor(0).withEpoch(refusal.body.serverEpoch()));
                    s.putLocalValue(RESTORED, "restored");
                    return null;
                });
                return Page.of(connection.send(http, pullRequest(restarted), PullResponse.class));
            }
            throw refusal.asSyncException();
        }
    }

    /**
     * A page as the laptop stores it: head office's answer, with its changes in a list of the pull's
     * own, from which each record is let go as it is stored ({@link #applyPage}). The next page is
     * arriving meanwhile and young collections come several a page: records still held then are
     * promoted, and the old generation filled by them costs a full collection every page or two.
     * A page is stored once: if storing it fails, the round ends without its cursor, and the next
     * round asks for it again.
     */
    record Page(String serverEpoch, long nextCursor, boolean hasMore, ArrayList<SyncRecord> changes) {
        static Page of(PullResponse answer) {
            return new Page(answer.serverEpoch(), answer.nextCursor(), answer.hasMore(), new ArrayList<>(answer.changes()));
        }
    }

    HttpRequest pullRequest(SyncAccount account) {
        return HeadOfficeConnection.authorised(account, pullPath(account)).GET().build();
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
    int applyPage(Page page, Map<UUID, HeadVersion> headOffice, Round round) {
        List<UUID> newConflicts = new ArrayList<>();
        Instant now = Instant.now();
        int size = page.changes().size();
        store.inTransaction(s -> {
            Set<UUID> waiting = size == 0 ? Set.of() : waitingOrHeld(s);
            Set<UUID> inFlight = waiting.isEmpty() ? Set.of() : s.recordsInOutbox(true);
            for (int at = 0; at < size; at++) {
                SyncRecord change = page.changes().set(at, null); // let go once stored: see Page
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
            state.putAccount(s, state.account(s).withCursor(page.nextCursor()).withEpoch(page.serverEpoch()));
            return null;
        });
        for (UUID id : newConflicts) {
            if (!round.conflicts.contains(id)) {
                round.conflicts.add(id);
            }
        }
        return size;
    }

    /**
     * After head office was restored from a backup it lacks what it had acknowledged since; after
     * this vault was restored, this laptop lacks it. Head office was just read whole: every record
     * here at a newer head-office version than head office now holds (or that it does not hold) is
     * queued again on top of what it holds. Records waiting or in conflict are on their way already.
     * Clears the restore mark in the same transaction.
     */
    int resendWhatHeadOfficeLacks(Map<UUID, HeadVersion> headOffice) {
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
    static Optional<StoredRecord> localRecord(RecordStore s, UUID id) {
        try {
            return s.get(id);
        } catch (org.tutela.app.vault.DamagedRecordException e) {
            return Optional.empty();
        }
    }

    private static HeadVersion versionOf(SyncRecord change) {
        return new HeadVersion(change.revision(), Versions.hash(change.deleted(), change.payload()));
    }

    static StoredRecord toLocal(SyncRecord change) {
        byte[] body = change.deleted() || change.payload() == null ? "{}".getBytes(StandardCharsets.UTF_8)
                : change.payload().getBytes(StandardCharsets.UTF_8);
        return new StoredRecord(change.recordId(), change.kind(), change.revision(), change.updatedAt(), change.updatedAt(),
                change.deleted(), change.sealed(), body);
    }
}
