package org.tutela.app.domain;

/** Where a learner is on their programme. Only active learners have reviews falling due. */
public enum LearnerStatus {
    ACTIVE, ON_BREAK, WITHDRAWN, COMPLETED
}
