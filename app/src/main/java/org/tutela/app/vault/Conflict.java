package org.tutela.app.vault;

import java.time.Instant;
import java.util.UUID;

/**
 * A record with two versions that the tutor must choose between; nothing is dropped until they
 * do. The record itself holds the tutor's version; {@code other} is the version it would have
 * replaced, and {@code otherHead} the head-office version that one is.
 *
 * @param origin {@link Origin#HEAD_OFFICE}: changed here and at head office since they last agreed;
 *     {@link Origin#CHANGED_WHILE_OPEN}: the record changed (a sync brought another laptop's change)
 *     while the tutor had it open, and the tutor then saved over a version they never saw
 */
public record Conflict(UUID recordId, String kind, Origin origin, Instant foundAt, StoredRecord other, HeadVersion otherHead) {

    public enum Origin { HEAD_OFFICE, CHANGED_WHILE_OPEN }
}
