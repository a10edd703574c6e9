package org.tutela.sync.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.tutela.sync.protocol.EntryResult;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.Versions;

/**
 * What one pushed entry may do, judged against the records as they stand: whether it applies or
 * is answered CONFLICT or REJECTED, the record an applied one becomes (its routing as the same
 * rules read it), and the key of the change it brings. Apart from {@link SyncService} because
 * these are the protocol's rules for a single entry, with no database and no state; the push's
 * phases over a whole group stay there.
 */
final class EntryRules {
    private EntryRules() {
    }

    /** The key of the change an entry brings (see {@link Versions#changeKey}). */
    static String changeKey(PushEntry e) {
        return Versions.changeKey(e.recordId(), e.baseRevision(), e.revision(), Boolean.TRUE.equals(e.deleted()), e.payload());
    }

    /**
     * Null when the entry applies; otherwise its CONFLICT (carrying {@code existing} as read, its
     * payload perhaps not) or REJECTED answer.
     */
    static EntryResult decide(PushEntry e, SyncRecord existing, String existingHash, Scope scope, Map<String, SyncRecord> records) {
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

    static SyncRecord toRecord(PushEntry e, SyncRecord existing, int schemaVersion, long seq) {
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
}
