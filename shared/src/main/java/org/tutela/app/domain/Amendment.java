package org.tutela.app.domain;

import java.time.Instant;

/**
 * A change to a signed (locked) tutorial: when, who, why, and the version as it was before
 * (kept without its own history, which stays in the tutorial's list).
 */
public record Amendment(Instant when, String who, String reason, Tutorial previousVersion) {
    public Amendment {
        if (reason == null || reason.isBlank()) {
            throw new AmendmentNeedsReasonException();
        }
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("An amendment records who made it");
        }
    }
}
