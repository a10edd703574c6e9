package org.tutela.app.vault;

/**
 * How a local change is written. {@code sealed}: the body is a confidential tutorial's envelope
 * (its content is encrypted under its own key before it reaches the store). {@code urgent}: the
 * outbox entry goes first at the next sync (a safeguarding concern).
 */
public record WriteOptions(boolean sealed, boolean urgent) {
    public static final WriteOptions NORMAL = new WriteOptions(false, false);
    public static final WriteOptions URGENT = new WriteOptions(false, true);
    public static final WriteOptions SEALED = new WriteOptions(true, false);
    /** Sealing a tutorial that was stored open: the sealed version goes first, so head office drops the open one soon. */
    public static final WriteOptions SEALED_URGENT = new WriteOptions(true, true);
}
