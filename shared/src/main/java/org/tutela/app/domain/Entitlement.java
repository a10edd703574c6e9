package org.tutela.app.domain;

/**
 * Tutorials a learner is entitled to in an academic year: by default 4 individual progress
 * reviews and 8 group sessions (the caseload policy), unless the group says otherwise.
 */
public record Entitlement(int oneToOneReviews, int groupSessions) {
    public static final Entitlement DEFAULT = new Entitlement(4, 8);

    public Entitlement {
        if (oneToOneReviews < 0 || groupSessions < 0) {
            throw new IllegalArgumentException("An entitlement cannot be negative");
        }
    }
}
