package org.tutela.app.domain;

/** What sort of tutorial it is. One-to-one reviews and group sessions count against entitlement. */
public enum TutorialKind {
    ONE_TO_ONE_REVIEW, GROUP_SESSION, INFORMAL_SUPPORT, MENTORING_MEETING
}
