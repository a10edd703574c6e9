package org.tutela.app.domain;

/** A change to a signed tutorial without going through an amendment with a reason. */
public class TutorialLockedException extends IllegalStateException {
    public static final String LOCKED =
            "This tutorial has been signed by the learner and the tutor and is locked. Amend it and give a reason.";
    public static final String NEEDS_REASON = "Give a reason for amending a signed tutorial";

    public TutorialLockedException(String message) {
        super(message);
    }
}
