package org.tutela.app.vault;

import java.util.UUID;

/**
 * A local change waiting to go to head office: its device sequence (the order changes were made
 * in), the record, and the head-office version it is based on: as they are now while it waits,
 * as they were sent once it is on its way.
 *
 * <p>Once it has been sent it carries the number it went out under ({@code wireSequence}), and
 * {@code record} and {@code base} are the record and head version as they were sent, even if the
 * record has been overwritten since (the vault keeps that version aside until the entry is
 * answered; the later change waits in an entry of its own): a retry after a lost answer repeats
 * exactly the same change. Only if the record changed between reading the outbox and marking the
 * entry sent does it carry a frozen copy of what was sent ({@code sent}, opaque to the vault);
 * otherwise {@code sent} is null.
 */
public record OutboxEntry(long deviceSequence, UUID recordId, boolean urgent, StoredRecord record, HeadVersion base,
                          Long wireSequence, byte[] sent) {

    /** Whether it has been sent (and awaits head office's answer). */
    public boolean inFlight() {
        return wireSequence != null;
    }
}
