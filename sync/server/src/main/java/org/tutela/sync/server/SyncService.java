package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;
import org.tutela.sync.server.Receipts.Receipt;
import org.tutela.sync.server.RecordRows.Write;

/**
 * Push and pull, exactly as docs/sync-protocol.md states them. The request has been checked
 * for shape and versions before it gets here.
 *
 * <p>The push's phases over a group of batches ({@link #pushGroup}) and the pull are here; the
 * rules for one entry are in {@link EntryRules}, what a caller may read and write in
 * {@link Scope}, the rows of {@code records} in {@link RecordRows} and the stored answers in
 * {@link Receipts}.
 */
public final class SyncService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyncService.class);

    /**
     * Pull's scope, as SQL on the record {@code r}: its learner is assigned to the tutor, or is a
     * learner of one of the tutor's groups; or the record belongs to one of the tutor's groups; or
     * it is the organisation's own record.
     * Takes the tutor's id {@link #SCOPE_PARAMETERS} times.
     */
    static final String SCOPE_CONDITION = "(r.learner_id IN (SELECT scope_id FROM caseload WHERE tutor_id = ? AND scope_type = 'learner')"
            + " OR r.learner_id IN (SELECT l.record_id FROM records l WHERE l.kind = 'learner' AND l.deleted = FALSE AND l.group_id IN"
            + " (SELECT scope_id FROM caseload WHERE tutor_id = ? AND scope_type = 'group'))"
            + " OR r.group_id IN (SELECT scope_id FROM caseload WHERE tutor_id = ? AND scope_type = 'group')"
            // head office's organisation record reaches every tutor (docs/sync-protocol.md section 7)
            + " OR r.kind = '" + RecordKinds.ORGANISATION + "')";
    static final int SCOPE_PARAMETERS = 3;

    private final Database db;
    /** Test seam: runs inside each push transaction just before it commits (to widen race windows). */
    volatile Runnable beforeCommit = () -> { };
    /** Set by {@link #pushGroup} when a record held open was sealed or deleted; read by the group committer after commit. */
    private boolean replacedOpenContent;

    public SyncService(Database db) {
        this.db = db;
    }

    /** Summary of a push for the log: counts only. */
    public record PushOutcome(PushResponse response, int applied, int duplicates, int conflicts, int rejected) {
    }

    /**
     * A push waiting to be committed together with others (see {@link GroupCommitter}); {@code after}
     * is the device's pull cursor when the push names it (null otherwise).
     */
    record Batch(Accounts.Caller caller, PushRequest request, Long after) {
        Batch(Accounts.Caller caller, PushRequest request) {
            this(caller, request, null);
        }
    }

    /** One batch as it goes through the phases of {@link #pushGroup} (some of them in {@link Receipts} and {@link Scope}). */
    static final class Pending {
        final Batch batch;
        final String deviceId;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long acked;
        final Map<Long, Receipt> prior = new HashMap<>();
        final Set<Long> receivedAhead = new HashSet<>();
        final List<PushEntry> fresh = new ArrayList<>();
        final List<PushEntry> duplicates = new ArrayList<>();
        long contiguous;
        /** The server sequences this batch's applied changes took: those in (sequencesAfter, sequencesThrough]. */
        long sequencesAfter;
        long sequencesThrough;
        /** Set when the batch reused a sequence for another change: the device's sequences start again after this. */
        Long resetTo;
        /** The batch's {@link PushOutcome}, or the {@link ApiException} refusing it as a whole. */
        Object result;

        Pending(Batch batch) {
            this.batch = batch;
            this.deviceId = batch.caller().deviceId();
            for (PushEntry e : batch.request().entries()) {
                min = Math.min(min, e.deviceSequence());
                max = Math.max(max, e.deviceSequence());
            }
        }

        boolean refused() {
            return result instanceof ApiException;
        }
    }

    /** A record read without its payload, whole (the payload read now); any other record as it is. */
    @FunctionalInterface
    private interface Whole {
        SyncRecord of(SyncRecord r) throws SQLException;
    }

    /**
     * Thrown by {@link #pushGroup} when a record it took for new (its entry's base revision is 0,
     * so it was not looked up) is already stored: the caller rolls the transaction back and runs
     * the group again with {@code lookUpCreations}.
     */
    static final class CreationAlreadyStored extends Exception {
        CreationAlreadyStored() {
            super("a record created on a device is already stored", null, false, false);
        }
    }

    /**
     * Applies batches, at most one per device, inside the caller's transaction, and returns for
     * each its {@link PushOutcome} or the {@link ApiException} that refuses it as a whole (a
     * refused batch writes nothing; the others are unaffected). The work is done a phase at a
     * time for all the batches together (one statement per phase, not one per batch), because
     * every push waits for this single writer: the sequence lock is taken first and held to
     * commit (see {@link Database}), numbers are handed out in memory and the last one written
     * back once.
     *
     * <p>Most entries create records (base revision 0). Unless {@code lookUpCreations}, new ones
     * are not looked up first: they are inserted with {@code ON CONFLICT DO NOTHING}, and if any was
     * already stored (a device re-creating an id, in practice never) {@link CreationAlreadyStored}
     * says to run the group again with every record looked up.
     */
    List<Object> pushGroup(Connection c, List<Batch> batches, boolean lookUpCreations) throws SQLException, CreationAlreadyStored {
        Database.Counter counter = db.lockSequences(c);
        String epoch = counter.epoch();
        List<Pending> all = new ArrayList<>(batches.size());
        Map<String, Pending> byDevice = new HashMap<>();
        for (Batch b : batches) {
            Pending p = new Pending(b);
            if (byDevice.put(p.deviceId, p) != null) {
                throw new IllegalArgumentException("A group holds at most one batch per device");
            }
            all.add(p);
        }

        // devices: known, not revoked, and how far each has been acknowledged
        Map<String, Long> acked = new HashMap<>();
        Set<String> revoked = new HashSet<>();
        IdLists.eachRow(c, "SELECT id, acked_seq, revoked_at FROM devices WHERE id IN (%s)" + db.forUpdate(), byDevice.keySet(), rs -> {
            acked.put(rs.getString(1), rs.getLong(2));
            rs.getLong(3);
            if (!rs.wasNull()) {
                revoked.add(rs.getString(1));
            }
        });
        for (Pending p : all) {
            Long a = acked.get(p.deviceId);
            if (a == null) {
                p.result = ApiException.of(401, ErrorCodes.UNAUTHORIZED, "Unknown device");
            } else if (revoked.contains(p.deviceId)) {
                p.result = ApiException.of(401, ErrorCodes.UNAUTHORIZED, "This device has been revoked; enrol it again");
            } else {
                p.acked = a;
                String expected = p.batch.request().serverEpoch();
                if (expected != null && !expected.equals(epoch)) {
                    p.result = new ApiException(409, new ErrorBody(ErrorCodes.EPOCH_CHANGED,
                            "The server was restored from a backup: re-send your changes from expectedSequence, then pull in full",
                            "serverEpoch", null, null, a + 1, epoch, null));
                }
            }
        }

        Receipts.readReceipts(c, all);
        for (Pending p : all) {
            if (!p.refused()) {
                checkSequences(p, epoch);
            }
        }

        List<Pending> accepted = all.stream().filter(p -> !p.refused()).toList();
        Map<String, Scope> scopes = Scope.loadScopes(c, accepted);
        Set<String> ids = new LinkedHashSet<>();
        for (Pending p : accepted) {
            Scope scope = scopes.get(p.batch.caller().userId());
            for (PushEntry e : p.fresh) {
                if (lookUpCreations || e.baseRevision() != 0 || RecordKinds.LEARNER.equals(e.kind())) {
                    ids.add(e.recordId().toString());
                }
                // scope reaches a learner through the learner record's group
                if (!scope.all() && e.learnerId() != null && !RecordKinds.LEARNER.equals(e.kind())) {
                    ids.add(e.learnerId().toString());
                }
                if (!scope.all() && RecordKinds.LEARNER.equals(e.kind()) && !Boolean.TRUE.equals(e.deleted())
                        && e.groupId() != null && scope.hasGroup(e.groupId().toString())) {
                    scope.batchLearners().add(e.recordId().toString());
                }
            }
            // a repeated entry answered CONFLICT carries the record as it stands
            for (PushEntry e : p.duplicates) {
                ids.add(e.recordId().toString());
                if (e.learnerId() != null) {
                    ids.add(e.learnerId().toString());
                }
            }
        }
        Map<String, String> hashes = new HashMap<>();
        Set<SyncRecord> withoutPayload = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Map<String, SyncRecord> current = RecordRows.loadRecords(c, ids, hashes, withoutPayload);
        Map<String, SyncRecord> stored = new HashMap<>(current);
        Whole whole = r -> r != null && withoutPayload.contains(r) ? RecordRows.withPayload(c, r) : r;
        Set<String> heldOpen = new HashSet<>();
        current.forEach((id, r) -> {
            if (!r.sealed() && !r.deleted()) {
                heldOpen.add(id);
            }
        });


        long last = counter.lastSequence();
        Map<String, Write> writes = new LinkedHashMap<>();
        Map<String, List<Receipt>> receipts = new LinkedHashMap<>();
        for (Pending p : accepted) {
            List<Receipt> own = new ArrayList<>();
            p.sequencesAfter = last;
            last = apply(p, scopes.get(p.batch.caller().userId()), current, hashes, whole, last, epoch, writes, own);
            p.sequencesThrough = last;
            receipts.put(p.deviceId, own);
        }
        for (Pending p : accepted) {
            answerCursor(p, last);
        }

        for (Write w : writes.values()) {
            if ((w.record().sealed() || w.record().deleted()) && heldOpen.contains(w.record().recordId().toString())) {
                replacedOpenContent = true;
            }
        }
        RecordRows.writeRecords(c, db, writes.values(), stored);
        // ---- hook of the safeguarding inbox (branch safeguarding): when each concern first reached head office
        org.tutela.sync.server.safeguarding.ConcernArrivals.note(c, writes.values().stream().map(Write::record).toList());
        Receipts.writeReceipts(c, receipts);
        if (!accepted.isEmpty()) {
            long now = System.currentTimeMillis();
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE devices SET acked_seq = ?, entries_received = entries_received + ?, last_push_at = ? WHERE id = ?")) {
                for (Pending p : accepted) {
                    up.setLong(1, p.contiguous);
                    up.setLong(2, p.fresh.size());
                    up.setLong(3, now);
                    up.setString(4, p.deviceId);
                    up.addBatch();
                }
                up.executeBatch();
            }
        }
        List<Pending> reset = all.stream().filter(p -> p.resetTo != null).toList();
        if (!reset.isEmpty()) {
            try (PreparedStatement up = c.prepareStatement("UPDATE devices SET acked_seq = ? WHERE id = ?")) {
                for (Pending p : reset) {
                    up.setLong(1, p.resetTo);
                    up.setString(2, p.deviceId);
                    up.addBatch();
                }
                up.executeBatch();
            }
        }
        if (last != counter.lastSequence()) {
            db.setLastSequence(c, last);
        }
        return all.stream().map(p -> p.result).toList();
    }

    /**
     * For a push that named the device's pull cursor: the cursor it may store instead, and whether a
     * pull from there would bring anything. Only this batch's own applied changes take the sequences
     * in (sequencesAfter, sequencesThrough] (a push never gives other records new sequences), and a
     * pull leaves a device's own changes out, so a device whose cursor is sequencesAfter would pull
     * nothing up to sequencesThrough. When that is also the group's last sequence, nothing is newer:
     * any later change commits after this one with a higher sequence (the cursor rule). Anything else
     * (the cursor behind or ahead of this batch, other batches after it in the group) leaves the
     * cursor where it was and says "ask".
     */
    private static void answerCursor(Pending p, long groupLast) {
        Long after = p.batch.after();
        if (after == null || !(p.result instanceof PushOutcome out)) {
            return;
        }
        boolean joined = after == p.sequencesAfter;
        long next = joined ? p.sequencesThrough : after;
        boolean more = !joined || p.sequencesThrough != groupLast;
        p.result = new PushOutcome(out.response().withCursor(next, more), out.applied(), out.duplicates(), out.conflicts(), out.rejected());
    }

    /** Whether the last group sealed or deleted a record that was held open (and forgets it). */
    boolean takeReplacedOpenContent() {
        boolean replaced = replacedOpenContent;
        replacedOpenContent = false;
        return replaced;
    }

    /**
     * Sorts a batch's entries into duplicates and fresh ones; refuses it if a fresh one leaves a gap,
     * or if a sequence received before comes back as a different change (the laptop's vault was
     * restored from an older copy and numbers new changes again: they would be taken for duplicates
     * and lost). Then the device starts a new run of sequences after the highest received.
     */
    private static void checkSequences(Pending p, String epoch) {
        List<PushEntry> entries = p.batch.request().entries();
        for (int i = 0; i < entries.size(); i++) {
            PushEntry e = entries.get(i);
            if (e.deviceSequence() <= p.acked || p.prior.containsKey(e.deviceSequence())) {
                Receipt prior = p.prior.get(e.deviceSequence());
                if (prior != null && prior.changeKey() != null && !prior.changeKey().equals(EntryRules.changeKey(e))) {
                    long highest = p.acked;
                    for (long ahead : p.receivedAhead) {
                        highest = Math.max(highest, ahead);
                    }
                    p.resetTo = highest;
                    p.result = new ApiException(409, new ErrorBody(ErrorCodes.SEQUENCE_REUSED,
                            "Device sequence " + e.deviceSequence() + " was received before for another change (was this"
                                    + " laptop's vault restored from an older copy?): number what is waiting again from expectedSequence",
                            "entries[" + i + "].deviceSequence", null, null, highest + 1, epoch, null));
                    return;
                }
                p.duplicates.add(e);
            } else {
                p.fresh.add(e);
            }
        }
        // gap-free: every new non-urgent entry must follow on from what was received
        Set<Long> have = new HashSet<>(p.receivedAhead);
        for (PushEntry e : p.fresh) {
            have.add(e.deviceSequence());
        }
        long contiguous = p.acked;
        while (have.contains(contiguous + 1)) {
            contiguous++;
        }
        p.contiguous = contiguous;
        for (int i = 0; i < entries.size(); i++) {
            PushEntry e = entries.get(i);
            if (!Boolean.TRUE.equals(e.urgent()) && e.deviceSequence() > contiguous && !p.prior.containsKey(e.deviceSequence())) {
                p.result = new ApiException(409, new ErrorBody(ErrorCodes.SEQUENCE_GAP,
                        "Device sequence " + (contiguous + 1) + " is missing: send the outbox from there, in order",
                        "entries[" + i + "].deviceSequence", null, null, contiguous + 1, epoch, null));
                return;
            }
        }
        p.fresh.sort(Comparator.comparing((PushEntry e) -> !Boolean.TRUE.equals(e.urgent()))
                .thenComparingLong(PushEntry::deviceSequence));
        p.duplicates.sort(Comparator.comparingLong(PushEntry::deviceSequence));
    }

    /**
     * Decides each fresh entry of an accepted batch against the records as they stand (earlier
     * batches of the group included) and the hashes of their content, stamps the applied ones with
     * server sequences after {@code last}, and sets the batch's answer. Returns the last sequence taken.
     */
    private static long apply(Pending p, Scope scope, Map<String, SyncRecord> current, Map<String, String> hashes, Whole whole,
                              long last, String epoch, Map<String, Write> writes, List<Receipt> receipts) throws SQLException {
        PushRequest req = p.batch.request();
        List<EntryResult> results = new ArrayList<>();
        int applied = 0;
        int conflicts = 0;
        int rejected = 0;
        for (PushEntry e : p.fresh) {
            String rid = e.recordId().toString();
            EntryResult r = EntryRules.decide(e, current.get(rid), hashes.get(rid), scope, current);
            String hash = Versions.hash(Boolean.TRUE.equals(e.deleted()), e.payload());
            String changeKey = Versions.changeKey(e.recordId(), e.baseRevision(), e.revision(), hash);
            if (r == null) {
                long seq = ++last;
                SyncRecord next = EntryRules.toRecord(e, current.get(rid), req.schemaVersion(), seq);
                current.put(rid, next);
                hashes.put(rid, hash);
                writes.remove(rid); // keep writes in sequence order: a record's last write goes last
                writes.put(rid, new Write(next, p.deviceId, hash));
                results.add(EntryResult.applied(e.deviceSequence(), e.recordId(), seq));
                receipts.add(new Receipt(e.deviceSequence(), rid, EntryStatus.APPLIED, seq, null, null, null, changeKey));
                applied++;
            } else {
                if (r.status() == EntryStatus.CONFLICT) {
                    conflicts++;
                } else {
                    rejected++;
                }
                results.add(r);
                receipts.add(new Receipt(e.deviceSequence(), rid, r.status(), null, r.code(), r.reason(), r.httpStatus(), changeKey));
            }
        }
        // a conflict with a record written later in this batch carries it as it now stands
        for (int i = 0; i < results.size(); i++) {
            EntryResult r = results.get(i);
            if (r.status() == EntryStatus.CONFLICT) {
                results.set(i, EntryResult.conflict(r.deviceSequence(), r.recordId(), whole.of(current.get(r.recordId().toString()))));
            }
        }
        List<EntryResult> answer = new ArrayList<>();
        for (PushEntry e : p.duplicates) {
            Receipt prior = p.prior.get(e.deviceSequence());
            if (prior == null) {
                answer.add(new EntryResult(e.deviceSequence(), e.recordId(), EntryStatus.DUPLICATE, null, null, null,
                        "Already received", null, null));
                continue;
            }
            // inside a stored run only the first entry's record is kept; the others name their own
            UUID recordId = prior.recordId() == null ? e.recordId() : UUID.fromString(prior.recordId());
            SyncRecord serverRecord = prior.status() == EntryStatus.CONFLICT
                    ? Scope.visible(whole.of(current.get(recordId.toString())), scope, current) : null;
            answer.add(new EntryResult(e.deviceSequence(), recordId, EntryStatus.DUPLICATE,
                    prior.serverSeq(), prior.status(), prior.code(), prior.reason(), prior.httpStatus(), serverRecord));
        }
        answer.addAll(results);
        p.result = new PushOutcome(new PushResponse(Protocol.PROTOCOL_VERSION, epoch, p.contiguous, answer),
                applied, p.duplicates.size(), conflicts, rejected);
        return last;
    }

    private static String epoch(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT epoch FROM server_state WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * A pull page's query: the records after a cursor up to the last committed sequence, in order,
     * without the device's own changes unless asked, within the caller's scope unless it is all.
     */
    static String pullQuery(boolean includeOwn, boolean allInScope) {
        List<String> conditions = new ArrayList<>();
        if (!includeOwn) {
            conditions.add("(r.origin_device_id IS NULL OR r.origin_device_id <> ?)");
        }
        if (!allInScope) {
            conditions.add(SCOPE_CONDITION);
        }
        return "SELECT " + RecordRows.PULLED_COLUMNS + " FROM " + Database.CHANGES + " JOIN records r ON r.record_id = c.record_id"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY c.server_seq LIMIT ?";
    }

    /** Summary of a pull for the log: counts only. */
    public record PullOutcome(PullResponse response, int scanned) {
    }

    /**
     * One page of changes after {@code after}, in server-sequence order. The committed
     * {@code last_seq} is read first and nothing above it is returned, so a change that commits
     * later always has a higher sequence than any cursor handed out (see Database).
     */
    public PullOutcome pull(Accounts.Caller caller, long after, int limit, String expectedEpoch, boolean includeOwn) throws Exception {
        List<SyncRecord> changes = new ArrayList<>();
        long next;
        boolean hasMore;
        String epoch;
        int scanned = 0;
        try (Connection c = db.connection()) {
            epoch = epoch(c);
            long watermark = db.lastSequence(c);
            if (expectedEpoch != null && !expectedEpoch.equals(epoch)) {
                throw new ApiException(409, new ErrorBody(ErrorCodes.EPOCH_CHANGED,
                        "The server was restored from a backup: pull in full from after=0", "epoch", null, null, null, epoch, null));
            }
            if (after > watermark) {
                // A cursor from the future: this server never handed it out. Its database was replaced
                // or restored without a new epoch. The device recovers as after a restore.
                LOG.warn("Device {} pulls after {} but the last server sequence is {} (epoch {}): was the database replaced or"
                        + " restored without new-epoch?", caller.deviceId(), after, watermark, expectedEpoch == null ? "not sent" : "the same");
                throw new ApiException(409, new ErrorBody(ErrorCodes.EPOCH_CHANGED, "This device's cursor (after=" + after
                        + ") is ahead of head office's last change (" + watermark + ")" + (expectedEpoch == null ? "" : " although the epoch is the same")
                        + ": head office's database was replaced or restored without a new epoch (its administrator should run new-epoch)."
                        + " Pull in full from after=0 and send again what head office lacks", "after", null, null, null, epoch, null));
            }
            Scope scope = Scope.loadScope(c, caller);
            // A device's own changes are skipped by the query itself, so a page is never empty while more follow.
            long lastSeen = after;
            try (PreparedStatement q = c.prepareStatement(pullQuery(includeOwn, scope.all()))) {
                int i = 1;
                q.setLong(i++, after);
                q.setLong(i++, watermark);
                q.setLong(i++, watermark - after);
                if (!includeOwn) {
                    q.setString(i++, caller.deviceId());
                }
                if (!scope.all()) {
                    for (int k = 0; k < SCOPE_PARAMETERS; k++) {
                        q.setString(i++, caller.userId());
                    }
                }
                q.setInt(i, limit + 1);
                try (ResultSet rs = q.executeQuery()) {
                    hasMore = false;
                    while (rs.next()) {
                        if (scanned == limit) {
                            hasMore = true;
                            break;
                        }
                        scanned++;
                        SyncRecord r = RecordRows.readRecord(rs);
                        lastSeen = r.serverSequence();
                        changes.add(r);
                    }
                }
            }
            next = hasMore ? lastSeen : watermark;
        }
        if (!hasMore) {
            // Noted once a device has caught up, not for every page: each note is a write that waits
            // its turn behind the pushes (the admin's `status` shows it as last pull and how far behind).
            long caughtUpTo = next;
            db.inTransaction(c -> {
                try (PreparedStatement up = c.prepareStatement("UPDATE devices SET last_pull_at = ?, last_pull_cursor = ? WHERE id = ?")) {
                    up.setLong(1, System.currentTimeMillis());
                    up.setLong(2, caughtUpTo);
                    up.setString(3, caller.deviceId());
                    up.executeUpdate();
                }
                return null;
            });
        }
        return new PullOutcome(new PullResponse(Protocol.PROTOCOL_VERSION, epoch, changes, next, hasMore), scanned);
    }
}
