package org.tutela.app.domain;

/** A signed tutorial was amended without a reason: its own type, so screens never read the message to tell. */
public final class AmendmentNeedsReasonException extends TutorialLockedException {
    public AmendmentNeedsReasonException() {
        super(NEEDS_REASON);
    }
}
