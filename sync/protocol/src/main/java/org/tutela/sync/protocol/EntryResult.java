package org.tutela.sync.protocol;

import java.util.UUID;

/**
 * The answer for one entry. {@code serverSequence} for APPLIED (and a DUPLICATE of an applied
 * entry); {@code originalStatus} for DUPLICATE; {@code serverRecord} for CONFLICT (and a DUPLICATE
 * of a conflict: the server's current record); {@code code}, {@code reason} and
 * {@code httpStatus} (403 out of scope, 422 invalid) for REJECTED.
 */
public record EntryResult(
        long deviceSequence,
        UUID recordId,
        EntryStatus status,
        Long serverSequence,
        EntryStatus originalStatus,
        String code,
        String reason,
        Integer httpStatus,
        SyncRecord serverRecord) {

    public static EntryResult applied(long deviceSequence, UUID recordId, long serverSequence) {
        return new EntryResult(deviceSequence, recordId, EntryStatus.APPLIED, serverSequence, null, null, null, null, null);
    }

    public static EntryResult conflict(long deviceSequence, UUID recordId, SyncRecord current) {
        return new EntryResult(deviceSequence, recordId, EntryStatus.CONFLICT, null, null, null,
                "The record changed on the server since your base revision", null, current);
    }

    public static EntryResult rejected(long deviceSequence, UUID recordId, int httpStatus, String code, String reason) {
        return new EntryResult(deviceSequence, recordId, EntryStatus.REJECTED, null, null, code, reason, httpStatus, null);
    }
}
