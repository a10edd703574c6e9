package org.tutela.app.vault;

import java.util.UUID;

/**
 * A local change waiting to go to head office: its device sequence (the order changes were made
 * in), the record as it is now, and the head-office version it is based on.
 *
 * <p>Once it has been sent it carries the number it went out under ({@code wireSequence}) and a
 * frozen copy of exactly what was sent ({@code sent}, opaque to the vault): a retry after a lost
 * answer repeats exactly the same change, even if the tutor has changed the record since (that
 * later change waits in an entry of its own).
 */
public record OutboxEntry(long deviceSequence, UUID recordId, boolean urgent, StoredRecord record, HeadVersion base,
                          Long wireSequence, byte[] sent) {

    /** Whether it has been sent (and awaits head office's answer). */
    public boolean inFlight() {
        return wireSequence != null;
    }
}
