package org.tutela.app.domain;

/** A tutorial would be held after the day it was signed: its own type, so screens never read the message to tell. */
public final class HeldAfterSigningException extends IllegalArgumentException {
    public HeldAfterSigningException() {
        super(Tutorial.HELD_AFTER_SIGNING);
    }
}
