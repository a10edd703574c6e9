package org.tutela.sync.server;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PullResponse;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;

/**
 * Push and pull, exactly as docs/sync-protocol.md states them. The request has been checked
 * for shape and versions before it gets here.
 */
public final class SyncService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyncService.class);
    private static final String RECORD_COLUMNS =
            "record_id, kind, revision, updated_at, deleted, sealed, learner_id, group_id, schema_version, server_seq, payload, origin_device_id";

    /** What a push writes: a record's columns and the hash of its content ({@link Versions#hash}). */
    private static final String WRITTEN_COLUMNS = RECORD_COLUMNS + ", content_hash";
    /**
     * What a push reads of the records it may change: the payload only where no hash was stored
     * with it (written before the hash was kept), to work the hash out; an answer that must carry
     * the record reads the payload then (see {@link #withPayload}).
     */
    private static final String HELD_COLUMNS =
            RECORD_COLUMNS.replace(" payload,", " CASE WHEN content_hash IS NULL THEN payload END,") + ", content_hash";

    /** PostgreSQL array type, and Java element class, of each of {@link #WRITTEN_COLUMNS} (see {@link #columnValues}). */
    private static final String[] COLUMN_TYPES =
            {"varchar", "varchar", "int8", "varchar", "bool", "bool", "varchar", "varchar", "int4", "int8", "text", "varchar", "varchar"};
    private static final Class<?>[] COLUMN_CLASSES = {String.class, String.class, Long.class, String.class, Boolean.class,
            Boolean.class, String.class, String.class, Integer.class, Long.class, String.class, String.class, String.class};
    /** PostgreSQL: a batch of records as one row set, a column per array parameter (see writeRecordsPostgres). */
    private static final String RECORD_ARRAYS = "unnest(" + String.join(", ",
            java.util.Arrays.stream(COLUMN_TYPES).map(t -> "?::" + t + "[]").toList()) + ")";
    private static final String UPDATE_FROM_U = "kind = u.kind, revision = u.revision, updated_at = u.updated_at, deleted = u.deleted,"
            + " sealed = u.sealed, learner_id = u.learner_id, group_id = u.group_id, schema_version = u.schema_version,"
            + " server_seq = u.server_seq, payload = u.payload, origin_device_id = u.origin_device_id, content_hash = u.content_hash";

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

    /**
     * What the caller may read and write: the learners and groups assigned to a tutor. A learner is
     * also in scope through a group of theirs (the learner record's group, as head office holds it);
     * {@code batchLearners} are learners the caller's pending batches put into one of their groups.
     */
    record Scope(boolean all, Set<String> learners, Set<String> groups, Set<String> batchLearners) {
        Scope(boolean all, Set<String> learners, Set<String> groups) {
            this(all, learners, groups, new HashSet<>());
        }

        boolean hasGroup(String groupId) {
            return all || (groupId != null && groups.contains(groupId));
        }

        /** Whether a learner is in scope, given the learner records as they stand ({@code records}). */
        boolean hasLearner(String learnerId, Map<String, SyncRecord> records) {
            if (all) {
                return true;
            }
            if (learnerId == null) {
                return false;
            }
            if (learners.contains(learnerId) || batchLearners.contains(learnerId)) {
                return true;
            }
            String group = groupOf(learnerId, records);
            return group != null && groups.contains(group);
        }

        /**
         * Whether a record that names this learner and group is the caller's to write (and to read):
         * every id it names must be in scope. A record of one learner may name the learner's own
         * group even where that group is not the caller's (a learner assigned alone).
         */
        boolean covers(String kind, String learnerId, String groupId, Map<String, SyncRecord> records) {
            if (all) {
                return true;
            }
            if (RecordKinds.GROUP.equals(kind)) {
                return hasGroup(groupId);
            }
            if (learnerId == null) {
                return hasGroup(groupId);
            }
            if (RecordKinds.LEARNER.equals(kind)) {
                // a tutor may put a learner into one of their groups, or keep an assigned learner where it is
                return hasGroup(groupId) || (learners.contains(learnerId)
                        && (groupId == null || groupId.equals(groupOf(learnerId, records))));
            }
            return hasLearner(learnerId, records)
                    && (groupId == null || hasGroup(groupId) || groupId.equals(groupOf(learnerId, records)));
        }

        private static String groupOf(String learnerId, Map<String, SyncRecord> records) {
            SyncRecord l = records.get(learnerId);
            return l == null || l.deleted() || l.groupId() == null || !RecordKinds.LEARNER.equals(l.kind())
                    ? null : l.groupId().toString();
        }
    }

    /** An answer as stored; {@code changeKey} names the change it answered (null for answers stored before keys were kept). */
    private record Receipt(long deviceSeq, String recordId, EntryStatus status, Long serverSeq, String code, String reason,
                           Integer httpStatus, String changeKey) {
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

    /** One batch as it goes through the phases of {@link #pushGroup}. */
    private static final class Pending {
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

    /** A record as it is to be stored, with the device whose entry wrote it and the hash of its content. */
    private record Write(SyncRecord record, String deviceId, String contentHash) {
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
        selectWhereIn(c, "SELECT id, acked_seq, revoked_at FROM devices WHERE id IN ", byDevice.keySet(), db.forUpdate(), rs -> {
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

        readReceipts(c, all);
        for (Pending p : all) {
            if (!p.refused()) {
                checkSequences(p, epoch);
            }
        }

        List<Pending> accepted = all.stream().filter(p -> !p.refused()).toList();
        Map<String, Scope> scopes = loadScopes(c, accepted);
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
        Map<String, SyncRecord> current = loadRecords(c, ids, hashes, withoutPayload);
        Map<String, SyncRecord> stored = new HashMap<>(current);
        Whole whole = r -> r != null && withoutPayload.contains(r) ? withPayload(c, r) : r;
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
        writeRecords(c, writes.values(), stored);
        // ---- hook of the safeguarding inbox (branch safeguarding): when each concern first reached head office
        org.tutela.sync.server.safeguarding.ConcernArrivals.note(c, writes.values().stream().map(Write::record).toList());
        writeReceipts(c, receipts);
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
     * Earlier answers for the sequences in each batch, and any received ahead of the acknowledged
     * one, for all the batches in one query. A stored run holds at most
     * {@link Protocol#MAX_BATCH_ENTRIES} sequences, so one holding a batch's first sequence starts
     * no further back than that; anything beyond the acknowledged sequence is read too.
     */
    private static void readReceipts(Connection c, List<Pending> all) throws SQLException {
        List<long[]> ranges = new ArrayList<>();
        List<Pending> owners = new ArrayList<>();
        for (Pending p : all) {
            if (p.refused() || p.batch.request().entries().isEmpty()) {
                continue;
            }
            long runStart = p.min - Protocol.MAX_BATCH_ENTRIES + 1;
            if (p.acked < p.max) {
                ranges.add(new long[] {Math.min(runStart, p.acked + 1), Long.MAX_VALUE});
                owners.add(p);
            } else {
                ranges.add(new long[] {runStart, p.max});
                owners.add(p);
                ranges.add(new long[] {p.acked + 1, Long.MAX_VALUE});
                owners.add(p);
            }
        }
        if (ranges.isEmpty()) {
            return;
        }
        String where = String.join(" OR ", java.util.Collections.nCopies(ranges.size(), "(device_id = ? AND device_seq BETWEEN ? AND ?)"));
        try (PreparedStatement q = c.prepareStatement("SELECT device_id, device_seq, run_length, record_id, status, server_seq, code,"
                + " reason, http_status, change_keys FROM receipts WHERE " + where)) {
            int i = 1;
            for (int k = 0; k < ranges.size(); k++) {
                q.setString(i++, owners.get(k).deviceId);
                q.setLong(i++, ranges.get(k)[0]);
                q.setLong(i++, ranges.get(k)[1]);
            }
            Map<String, Pending> byDevice = new HashMap<>();
            owners.forEach(p -> byDevice.put(p.deviceId, p));
            Set<String> seen = new HashSet<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Pending p = byDevice.get(rs.getString(1));
                    long first = rs.getLong(2);
                    if (!seen.add(p.deviceId + "/" + first)) {
                        continue; // ranges of one device may overlap
                    }
                    int run = rs.getInt(3);
                    String firstRecord = rs.getString(4);
                    EntryStatus status = EntryStatus.valueOf(rs.getString(5));
                    Long serverSeq = (Long) nullableLong(rs, 6);
                    String code = rs.getString(7);
                    String reason = rs.getString(8);
                    Integer http = (Integer) nullableInt(rs, 9);
                    String keys = rs.getString(10);
                    for (int k = 0; k < run; k++) {
                        long ds = first + k;
                        if (ds >= p.min && ds <= p.max) {
                            int from = k * Versions.CHANGE_KEY_LENGTH;
                            String key = keys == null || keys.length() < from + Versions.CHANGE_KEY_LENGTH ? null
                                    : keys.substring(from, from + Versions.CHANGE_KEY_LENGTH);
                            p.prior.put(ds, new Receipt(ds, k == 0 ? firstRecord : null, status,
                                    serverSeq == null ? null : serverSeq + k, code, reason, http, key));
                        }
                        if (ds > p.acked) {
                            p.receivedAhead.add(ds);
                        }
                    }
                }
            }
        }
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
                if (prior != null && prior.changeKey() != null && !prior.changeKey().equals(changeKey(e))) {
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
            EntryResult r = decide(e, current.get(rid), hashes.get(rid), scope, current);
            String hash = Versions.hash(Boolean.TRUE.equals(e.deleted()), e.payload());
            String changeKey = Versions.changeKey(e.recordId(), e.baseRevision(), e.revision(), hash);
            if (r == null) {
                long seq = ++last;
                SyncRecord next = toRecord(e, current.get(rid), req.schemaVersion(), seq);
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
                    ? visible(whole.of(current.get(recordId.toString())), scope, current) : null;
            answer.add(new EntryResult(e.deviceSequence(), recordId, EntryStatus.DUPLICATE,
                    prior.serverSeq(), prior.status(), prior.code(), prior.reason(), prior.httpStatus(), serverRecord));
        }
        answer.addAll(results);
        p.result = new PushOutcome(new PushResponse(Protocol.PROTOCOL_VERSION, epoch, p.contiguous, answer),
                applied, p.duplicates.size(), conflicts, rejected);
        return last;
    }

    private static SyncRecord visible(SyncRecord r, Scope scope, Map<String, SyncRecord> records) {
        if (r == null) {
            return null;
        }
        String l = r.learnerId() == null ? null : r.learnerId().toString();
        String g = r.groupId() == null ? null : r.groupId().toString();
        return scope.covers(r.kind(), l, g, records) ? r : null;
    }

    /** The key of the change an entry brings (see {@link Versions#changeKey}). */
    private static String changeKey(PushEntry e) {
        return Versions.changeKey(e.recordId(), e.baseRevision(), e.revision(), Boolean.TRUE.equals(e.deleted()), e.payload());
    }

    /**
     * Null when the entry applies; otherwise its CONFLICT (carrying {@code existing} as read, its
     * payload perhaps not) or REJECTED answer.
     */
    private static EntryResult decide(PushEntry e, SyncRecord existing, String existingHash, Scope scope, Map<String, SyncRecord> records) {
        long seq = e.deviceSequence();
        UUID rid = e.recordId();
        if (!RecordKinds.isKnown(e.kind())) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.UNKNOWN_KIND,
                    "Unknown record kind; known: " + new java.util.TreeSet<>(RecordKinds.KNOWN));
        }
        if (e.baseRevision() < 0 || e.revision() <= e.baseRevision()) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "revision must be greater than baseRevision (and baseRevision at least 0)");
        }
        boolean deleted = Boolean.TRUE.equals(e.deleted());
        if (e.payload() == null && !deleted) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "payload is required unless deleted is true");
        }
        String unstorable = WireText.problem(e.payload());
        if (unstorable != null) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "payload " + unstorable + ", which head office cannot store");
        }
        if (e.payload() != null && utf8Length(e.payload()) > Protocol.MAX_PAYLOAD_BYTES) {
            return EntryResult.rejected(seq, rid, 413, ErrorCodes.PAYLOAD_TOO_LARGE,
                    "payload is larger than " + Protocol.MAX_PAYLOAD_BYTES + " bytes");
        }
        String learner = e.learnerId() == null ? null : e.learnerId().toString();
        String group = e.groupId() == null ? null : e.groupId().toString();
        if (deleted && learner == null && group == null && existing != null && !e.kind().equals(RecordKinds.LEARNER)
                && !e.kind().equals(RecordKinds.GROUP)) {
            // a tombstone from a laptop that did not keep its record's routing: it deletes what is stored
            learner = existing.learnerId() == null ? null : existing.learnerId().toString();
            group = existing.groupId() == null ? null : existing.groupId().toString();
        }
        if (e.kind().equals(RecordKinds.LEARNER)) {
            if (learner != null && !learner.equals(rid.toString())) {
                return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "a learner record's learnerId is its own recordId");
            }
            learner = rid.toString();
        } else if (e.kind().equals(RecordKinds.GROUP)) {
            if (group != null && !group.equals(rid.toString())) {
                return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY, "a group record's groupId is its own recordId");
            }
            group = rid.toString();
        } else if (learner == null && group == null) {
            return EntryResult.rejected(seq, rid, 422, ErrorCodes.INVALID_ENTRY,
                    "a " + e.kind() + " record needs learnerId or groupId (routing metadata for scope)");
        }
        if (!scope.covers(e.kind(), learner, group, records)) {
            return EntryResult.rejected(seq, rid, 403, ErrorCodes.OUT_OF_SCOPE, "This record, or a learner or group it names, is outside your caseload");
        }
        if (existing != null) {
            String el = existing.learnerId() == null ? null : existing.learnerId().toString();
            String eg = existing.groupId() == null ? null : existing.groupId().toString();
            if (!scope.covers(existing.kind(), el, eg, records)) {
                return EntryResult.rejected(seq, rid, 403, ErrorCodes.OUT_OF_SCOPE, "This record is outside your caseload");
            }
            if (!existing.kind().equals(e.kind())) {
                return EntryResult.rejected(seq, rid, 422, ErrorCodes.KIND_CHANGED, "A record keeps its kind (server has " + existing.kind() + ")");
            }
            // the exact version the change was made from: its revision and the hash of its content
            if (existing.revision() != e.baseRevision()
                    || !existingHash.equals(e.baseHash())) {
                return EntryResult.conflict(seq, rid, existing);
            }
        }
        // (a change made from a version head office no longer holds, after it was restored from an older
        // backup, has nothing to overwrite: it is stored as it is)
        return null;
    }

    private static int utf8Length(String s) {
        if (s.length() * 3L <= Protocol.MAX_PAYLOAD_BYTES) {
            return s.length();
        }
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static SyncRecord toRecord(PushEntry e, SyncRecord existing, int schemaVersion, long seq) {
        UUID learner = e.learnerId();
        UUID group = e.groupId();
        if (Boolean.TRUE.equals(e.deleted()) && learner == null && group == null && existing != null) {
            learner = existing.learnerId();
            group = existing.groupId();
        }
        if (e.kind().equals(RecordKinds.LEARNER)) {
            learner = e.recordId();
        } else if (e.kind().equals(RecordKinds.GROUP)) {
            group = e.recordId();
        }
        return new SyncRecord(e.recordId(), e.kind(), e.revision(), e.updatedAt(), Boolean.TRUE.equals(e.deleted()),
                Boolean.TRUE.equals(e.sealed()), learner, group, schemaVersion, seq, e.payload());
    }

    Scope loadScope(Connection c, Accounts.Caller caller) throws SQLException {
        if (caller.role().organisationWide()) {
            return new Scope(true, Set.of(), Set.of());
        }
        Set<String> learners = new HashSet<>();
        Set<String> groups = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT scope_type, scope_id FROM caseload WHERE tutor_id = ?")) {
            q.setString(1, caller.userId());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    (Accounts.SCOPE_LEARNER.equals(rs.getString(1)) ? learners : groups).add(rs.getString(2));
                }
            }
        }
        return new Scope(false, learners, groups);
    }

    /** Each caller's scope in a group, keyed by user id: the tutors' caseloads in one query. */
    private static Map<String, Scope> loadScopes(Connection c, List<Pending> batches) throws SQLException {
        Map<String, Scope> scopes = new HashMap<>();
        Set<String> tutors = new LinkedHashSet<>();
        for (Pending p : batches) {
            Accounts.Caller caller = p.batch.caller();
            if (caller.role().organisationWide()) {
                scopes.put(caller.userId(), new Scope(true, Set.of(), Set.of()));
            } else if (tutors.add(caller.userId())) {
                scopes.put(caller.userId(), new Scope(false, new HashSet<>(), new HashSet<>()));
            }
        }
        selectWhereIn(c, "SELECT tutor_id, scope_type, scope_id FROM caseload WHERE tutor_id IN ", tutors, "", rs -> {
            Scope s = scopes.get(rs.getString(1));
            (Accounts.SCOPE_LEARNER.equals(rs.getString(2)) ? s.learners() : s.groups()).add(rs.getString(3));
        });
        return scopes;
    }

    /**
     * The stored records with these ids, and into {@code hashes} the hash of each one's content: as
     * stored with it, the record then read without its payload (added to {@code withoutPayload}),
     * or worked out from its payload.
     */
    private static Map<String, SyncRecord> loadRecords(Connection c, Set<String> ids, Map<String, String> hashes,
                                                       Set<SyncRecord> withoutPayload) throws SQLException {
        Map<String, SyncRecord> out = new HashMap<>();
        selectWhereIn(c, "SELECT " + HELD_COLUMNS + " FROM records WHERE record_id IN ", ids, "", rs -> {
            SyncRecord r = readRecord(rs);
            String hash = rs.getString(13);
            if (hash == null) {
                hash = Versions.hash(r.deleted(), r.payload());
            } else {
                withoutPayload.add(r);
            }
            String id = r.recordId().toString();
            out.put(id, r);
            hashes.put(id, hash);
        });
        return out;
    }

    /** {@code r}, read without its payload, with its payload as stored. */
    private static SyncRecord withPayload(Connection c, SyncRecord r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
            q.setString(1, r.recordId().toString());
            try (ResultSet rs = q.executeQuery()) {
                String payload = rs.next() ? rs.getString(1) : null;
                return new SyncRecord(r.recordId(), r.kind(), r.revision(), r.updatedAt(), r.deleted(), r.sealed(), r.learnerId(),
                        r.groupId(), r.schemaVersion(), r.serverSequence(), payload);
            }
        }
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code select + "(?, ?, …)" + suffix} for the ids, a few hundred at a time, and reads every row. */
    private static void selectWhereIn(Connection c, String select, java.util.Collection<String> ids, String suffix, RowReader reader)
            throws SQLException {
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement q = c.prepareStatement(select + "(" + marks + ")" + suffix)) {
                for (int i = 0; i < chunk.size(); i++) {
                    q.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    private static SyncRecord readRecord(ResultSet rs) throws SQLException {
        String l = rs.getString(7);
        String g = rs.getString(8);
        return new SyncRecord(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getLong(3), ProtocolJson.instant(rs.getString(4)),
                rs.getBoolean(5), rs.getBoolean(6), l == null ? null : UUID.fromString(l), g == null ? null : UUID.fromString(g),
                rs.getInt(9), rs.getLong(10), rs.getString(11));
    }

    /**
     * Inserts the records new to the server and updates those {@code stored} already (as they were
     * before this group); throws {@link CreationAlreadyStored} if a record taken for new was there
     * after all.
     */
    private void writeRecords(Connection c, java.util.Collection<Write> writes, Map<String, SyncRecord> stored)
            throws SQLException, CreationAlreadyStored {
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        List<Write> rerouted = new ArrayList<>();
        for (Write w : writes) {
            SyncRecord before = stored.get(w.record().recordId().toString());
            if (before == null) {
                inserts.add(w);
            } else if (java.util.Objects.equals(before.learnerId(), w.record().learnerId())
                    && java.util.Objects.equals(before.groupId(), w.record().groupId())) {
                updates.add(w);
            } else {
                rerouted.add(w);
            }
        }
        int inserted;
        if (db.isPostgres()) {
            inserted = writeRecordsPostgres(c, "INSERT INTO records (" + WRITTEN_COLUMNS + ") SELECT * FROM " + RECORD_ARRAYS
                    + " ON CONFLICT (record_id) DO NOTHING", inserts);
            updates.addAll(rerouted);
            writeRecordsPostgres(c, "UPDATE records AS r SET " + UPDATE_FROM_U + " FROM " + RECORD_ARRAYS + " AS u (" + WRITTEN_COLUMNS
                    + ") WHERE r.record_id = u.record_id", updates);
        } else {
            inserted = writeRecordsByRow(c, "INSERT INTO records (" + WRITTEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (record_id) DO NOTHING", inserts, ALL_COLUMNS);
            // SQLite rewrites the entries of every index whose columns (or partial-index condition)
            // a statement sets, changed or not: a record keeps its id and kind, and nearly always its
            // learner and group, so most updates set neither and only the sequence's index moves
            writeRecordsByRow(c, "UPDATE records SET revision = ?, updated_at = ?, deleted = ?, sealed = ?, schema_version = ?,"
                    + " server_seq = ?, payload = ?, origin_device_id = ?, content_hash = ? WHERE record_id = ?", updates, UNROUTED);
            writeRecordsByRow(c, "UPDATE records SET revision = ?, updated_at = ?, deleted = ?, sealed = ?, learner_id = ?, group_id = ?,"
                    + " schema_version = ?, server_seq = ?, payload = ?, origin_device_id = ?, content_hash = ? WHERE record_id = ?",
                    rerouted, ROUTED);
        }
        if (inserted != inserts.size()) {
            throw new CreationAlreadyStored();
        }
    }

    /** One record's values in {@link #WRITTEN_COLUMNS} order. */
    private static Object[] columnValues(Write write) {
        SyncRecord w = write.record();
        String deviceId = write.deviceId();
        return new Object[] {w.recordId().toString(), w.kind(), w.revision(), w.updatedAt().toString(), w.deleted(), w.sealed(),
                w.learnerId() == null ? null : w.learnerId().toString(), w.groupId() == null ? null : w.groupId().toString(),
                w.schemaVersion(), w.serverSequence(), w.payload(), deviceId, write.contentHash()};
    }

    /** Every one of {@link #WRITTEN_COLUMNS}, in order (an insert). */
    private static final int[] ALL_COLUMNS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    /** An update keeping the record's routing: what changes, then the id (of {@link #WRITTEN_COLUMNS}). */
    private static final int[] UNROUTED = {2, 3, 4, 5, 8, 9, 10, 11, 12, 0};
    /** An update that moves the record to another learner or group: the same, with the routing. */
    private static final int[] ROUTED = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0};

    /** SQLite: one statement a row, in one JDBC batch; parameters are these of {@link #WRITTEN_COLUMNS}, in this order. */
    private static int writeRecordsByRow(Connection c, String sql, List<Write> rows, int[] columns) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement up = c.prepareStatement(sql)) {
            for (Write w : rows) {
                Object[] values = columnValues(w);
                for (int k = 0; k < columns.length; k++) {
                    up.setObject(k + 1, values[columns[k]]);
                }
                up.addBatch();
            }
            return java.util.Arrays.stream(up.executeBatch()).sum();
        }
    }

    /**
     * PostgreSQL: the whole batch in one statement, a column of values per array parameter, instead
     * of a multi-row VALUES list with twelve parameters a row to send, parse and plan.
     */
    private static int writeRecordsPostgres(Connection c, String sql, List<Write> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        Object[][] columns = new Object[COLUMN_TYPES.length][];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = (Object[]) java.lang.reflect.Array.newInstance(COLUMN_CLASSES[k], rows.size());
        }
        for (int i = 0; i < rows.size(); i++) {
            Object[] values = columnValues(rows.get(i));
            for (int k = 0; k < columns.length; k++) {
                columns[k][i] = values[k];
            }
        }
        try (PreparedStatement up = c.prepareStatement(sql)) {
            for (int k = 0; k < columns.length; k++) {
                up.setArray(k + 1, c.createArrayOf(COLUMN_TYPES[k], columns[k]));
            }
            return up.executeUpdate();
        }
    }

    /**
     * Stores the answers. Consecutive device sequences applied with consecutive server
     * sequences (the usual batch) are kept as one run, so a batch of a hundred costs one row.
     */
    private static void writeReceipts(Connection c, Map<String, List<Receipt>> byDevice) throws SQLException {
        if (byDevice.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        long now = System.currentTimeMillis();
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO receipts (device_id, device_seq, run_length, record_id, status, server_seq, code, reason, http_status,"
                        + " received_at, change_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Receipt>> device : byDevice.entrySet()) {
                addReceiptRows(ins, device.getKey(), device.getValue(), now);
            }
            ins.executeBatch();
        }
    }

    private static void addReceiptRows(PreparedStatement ins, String deviceId, List<Receipt> receipts, long now) throws SQLException {
        List<Receipt> ordered = new ArrayList<>(receipts);
        ordered.sort(Comparator.comparingLong(Receipt::deviceSeq));
        int i = 0;
        while (i < ordered.size()) {
            Receipt r = ordered.get(i);
            int run = 1;
            if (r.status() == EntryStatus.APPLIED) {
                while (i + run < ordered.size() && run < Protocol.MAX_BATCH_ENTRIES) {
                    Receipt n = ordered.get(i + run);
                    if (n.status() != EntryStatus.APPLIED || n.deviceSeq() != r.deviceSeq() + run
                            || n.serverSeq() != r.serverSeq() + run) {
                        break;
                    }
                    run++;
                }
            }
            ins.setString(1, deviceId);
            ins.setLong(2, r.deviceSeq());
            ins.setInt(3, run);
            ins.setString(4, r.recordId());
            ins.setString(5, r.status().name());
            if (r.serverSeq() == null) {
                ins.setNull(6, Types.BIGINT);
            } else {
                ins.setLong(6, r.serverSeq());
            }
            ins.setString(7, r.code());
            ins.setString(8, r.reason() == null ? null : r.reason().substring(0, Math.min(300, r.reason().length())));
            if (r.httpStatus() == null) {
                ins.setNull(9, Types.INTEGER);
            } else {
                ins.setInt(9, r.httpStatus());
            }
            ins.setLong(10, now);
            StringBuilder keys = new StringBuilder(run * Versions.CHANGE_KEY_LENGTH);
            boolean allKeys = true;
            for (int k = 0; k < run; k++) {
                String key = ordered.get(i + k).changeKey();
                allKeys &= key != null;
                keys.append(key);
            }
            ins.setString(11, allKeys ? keys.toString() : null);
            ins.addBatch();
            i += run;
        }
    }

    private static String epoch(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT epoch FROM server_state WHERE id = 1");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Object nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Object nullableInt(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    /**
     * A pull page's query: the records after a cursor up to the last committed sequence, in order,
     * without the device's own changes unless asked, within the caller's scope unless it is all.
     */
    static String pullQuery(boolean includeOwn, boolean allInScope) {
        return "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.server_seq > ? AND r.server_seq <= ?"
                + (includeOwn ? "" : " AND (r.origin_device_id IS NULL OR r.origin_device_id <> ?)")
                + (allInScope ? "" : " AND " + SCOPE_CONDITION)
                + " ORDER BY r.server_seq LIMIT ?";
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
            Scope scope = loadScope(c, caller);
            // A device's own changes are skipped by the query itself, so a page is never empty while more follow.
            long lastSeen = after;
            try (PreparedStatement q = c.prepareStatement(pullQuery(includeOwn, scope.all()))) {
                int i = 1;
                q.setLong(i++, after);
                q.setLong(i++, watermark);
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
                        SyncRecord r = readRecord(rs);
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
