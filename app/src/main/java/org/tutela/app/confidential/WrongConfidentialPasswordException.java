package org.tutela.app.confidential;

import java.time.Duration;

/**
 * The password does not open this confidential tutorial. {@link #failures()} wrong tries in a
 * row; the next try waits {@link #nextDelay()}.
 */
public final class WrongConfidentialPasswordException extends RuntimeException {
    private final int failures;
    private final Duration nextDelay;

    public WrongConfidentialPasswordException(int failures, Duration nextDelay) {
        super("That password does not open this confidential tutorial");
        this.failures = failures;
        this.nextDelay = nextDelay;
    }

    public int failures() {
        return failures;
    }

    public Duration nextDelay() {
        return nextDelay;
    }
}
