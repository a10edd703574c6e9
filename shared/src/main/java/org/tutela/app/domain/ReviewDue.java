package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a learner's next one-to-one progress review is due, from the group's review frequency and
 * the last review held (or, if none, the day they started).
 *
 * @param lastHeld the date of the last one-to-one review held, or null
 * @param lastTutorial the date of the last tutorial of any kind held with the learner, or null
 * @param dueBy the day the next review is due by; null when none is due (the learner is not active)
 * @param nextPlanned the date of the next planned review (on or after today), or null
 * @param state how things stand today
 */
public record ReviewDue(LocalDate lastHeld, LocalDate lastTutorial, LocalDate dueBy, LocalDate nextPlanned, State state) {

    /** Reviews are "due" when the due date is within this many days. */
    public static final int DUE_SOON_DAYS = 14;

    public enum State {
        /** Not active (on a break, withdrawn, completed): no review falls due. */
        NOT_DUE,
        /** Due later than {@link #DUE_SOON_DAYS} days from today. */
        ON_TRACK,
        /** Due within {@link #DUE_SOON_DAYS} days. */
        DUE,
        /** The due date has passed without a review. */
        OVERDUE
    }

    public boolean overdue() {
        return state == State.OVERDUE;
    }

    public boolean dueSoon() {
        return state == State.DUE;
    }

    /**
     * Works out the learner's review due date.
     *
     * @param group the learner's caseload group (its review frequency); null means half-termly
     * @param tutorials any tutorials; only those involving the learner are looked at
     */
    public static ReviewDue of(Learner learner, Group group, List<? extends TutorialFacts> tutorials, AcademicCalendar calendar,
                               LocalDate today) {
        ReviewFrequency frequency = group == null ? ReviewFrequency.halfTermly() : group.reviewFrequency();
        LocalDate lastReview = null;
        LocalDate lastAny = null;
        LocalDate nextPlanned = null;
        for (TutorialFacts t : tutorials) {
            if (!t.involves(learner.id())) {
                continue;
            }
            LocalDate d = t.date();
            if (t.held()) {
                if (lastAny == null || d.isAfter(lastAny)) {
                    lastAny = d;
                }
                if (t.kind() == TutorialKind.ONE_TO_ONE_REVIEW && (lastReview == null || d.isAfter(lastReview))) {
                    lastReview = d;
                }
            } else if (t.outcome() == TutorialOutcome.PLANNED && t.kind() == TutorialKind.ONE_TO_ONE_REVIEW
                    && !d.isBefore(today) && (nextPlanned == null || d.isBefore(nextPlanned))) {
                nextPlanned = d;
            }
        }
        if (!learner.active()) {
            return new ReviewDue(lastReview, lastAny, null, nextPlanned, State.NOT_DUE);
        }
        LocalDate dueBy;
        if (lastReview != null) {
            dueBy = frequency.dueAfter(lastReview, calendar);
        } else {
            LocalDate start = learner.startDate() != null ? learner.startDate() : AcademicYear.of(today).start();
            dueBy = frequency.firstDue(start, calendar);
        }
        State state;
        if (today.isAfter(dueBy)) {
            state = State.OVERDUE;
        } else if (!dueBy.isAfter(today.plusDays(DUE_SOON_DAYS))) {
            state = State.DUE;
        } else {
            state = State.ON_TRACK;
        }
        return new ReviewDue(lastReview, lastAny, dueBy, nextPlanned, state);
    }

    /** The most recent held tutorial involving the learner, of any kind. */
    public static <T extends TutorialFacts> Optional<T> lastHeld(Learner learner, List<T> tutorials) {
        return tutorials.stream().filter(t -> t.held() && t.involves(learner.id()))
                .max(Comparator.comparing(TutorialFacts::date));
    }
}
