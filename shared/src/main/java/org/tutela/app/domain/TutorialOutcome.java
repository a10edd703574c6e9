package org.tutela.app.domain;

/** What happened to a planned tutorial. */
public enum TutorialOutcome {
    PLANNED, HELD, CANCELLED, DID_NOT_ATTEND
}
