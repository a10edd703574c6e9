package org.tutela.app.domain;

import java.time.LocalDate;

/**
 * Whether a learner can still have all the one-to-one reviews they are entitled to this academic
 * year, at their group's review frequency: the next review can be held by its due date (today, if
 * it is overdue), and then one each period until 31 July. What is owed beyond that is the
 * projected shortfall, which the pastoral lead needs to see before the year runs out rather than
 * after.
 *
 * @param stillPossible reviews that fit between today and the end of the academic year
 * @param shortfall reviews of the entitlement that cannot be held this year at this pace (0 when
 *     all can)
 */
public record ReviewShortfall(int stillPossible, int shortfall) {

    public static final ReviewShortfall NONE = new ReviewShortfall(0, 0);

    /**
     * @param tally the learner's reviews held against their entitlement in the academic year of {@code today}
     * @param due when their next review is due (no due date: the learner is not active, nothing is owed)
     * @param frequency their group's review frequency (half-termly when they have no group)
     */
    public static ReviewShortfall of(EntitlementTally tally, ReviewDue due, ReviewFrequency frequency, AcademicCalendar calendar,
                                     LocalDate today) {
        if (due.dueBy() == null || !tally.year().contains(today)) {
            return NONE;
        }
        LocalDate end = tally.year().end();
        LocalDate next = due.dueBy().isBefore(today) ? today : due.dueBy();
        int possible = 0;
        // a review a week for a year is 53 turns at most; the bound keeps a strange frequency from looping
        while (!next.isAfter(end) && possible < 400) {
            possible++;
            LocalDate after = frequency.dueAfter(next, calendar);
            next = after.isAfter(next) ? after : next.plusDays(1);
        }
        return new ReviewShortfall(possible, Math.max(0, tally.reviewsOutstanding() - possible));
    }
}
