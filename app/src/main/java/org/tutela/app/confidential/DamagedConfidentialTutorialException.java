package org.tutela.app.confidential;

import java.util.UUID;

/**
 * A confidential tutorial's envelope was altered or damaged: it does not open, with any password.
 * Nothing of it was shown.
 */
public final class DamagedConfidentialTutorialException extends RuntimeException {
    private final UUID tutorialId;

    DamagedConfidentialTutorialException(UUID tutorialId, Throwable cause) {
        super("The confidential tutorial " + tutorialId + " was altered or damaged and cannot be opened", cause);
        this.tutorialId = tutorialId;
    }

    public UUID tutorialId() {
        return tutorialId;
    }
}
