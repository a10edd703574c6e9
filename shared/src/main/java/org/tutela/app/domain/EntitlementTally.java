package org.tutela.app.domain;

import java.util.List;
import java.util.UUID;

/**
 * Tutorials held with one learner in one academic year against their entitlement. Held one-to-one
 * reviews and group sessions the learner attended count; informal support conversations and
 * mentoring meetings are counted beside them. A confidential tutorial still counts.
 */
public record EntitlementTally(UUID learnerId, AcademicYear year, Entitlement entitlement, int reviewsHeld,
                               int groupSessionsHeld, int informalHeld, int mentoringHeld) {

    public static EntitlementTally of(UUID learnerId, AcademicYear year, Entitlement entitlement,
                                     List<? extends TutorialFacts> tutorials) {
        int reviews = 0;
        int sessions = 0;
        int informal = 0;
        int mentoring = 0;
        for (TutorialFacts t : tutorials) {
            if (!t.held() || !year.contains(t.date()) || !t.involves(learnerId)) {
                continue;
            }
            switch (t.kind()) {
                case ONE_TO_ONE_REVIEW -> reviews++;
                case GROUP_SESSION -> sessions++;
                case INFORMAL_SUPPORT -> informal++;
                case MENTORING_MEETING -> mentoring++;
            }
        }
        return new EntitlementTally(learnerId, year, entitlement, reviews, sessions, informal, mentoring);
    }

    public int reviewsOutstanding() {
        return Math.max(0, entitlement.oneToOneReviews() - reviewsHeld);
    }

    public int groupSessionsOutstanding() {
        return Math.max(0, entitlement.groupSessions() - groupSessionsHeld);
    }

    public boolean met() {
        return reviewsOutstanding() == 0 && groupSessionsOutstanding() == 0;
    }
}
