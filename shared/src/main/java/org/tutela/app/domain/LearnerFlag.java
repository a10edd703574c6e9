package org.tutela.app.domain;

/** What the tutor and the pastoral team need to see at a glance. */
public enum LearnerFlag {
    AT_RISK_OF_DROP_OUT, VULNERABLE, OPEN_TO_PASTORAL_TEAM, ADDITIONAL_SUPPORT
}
