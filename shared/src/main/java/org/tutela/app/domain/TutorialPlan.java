package org.tutela.app.domain;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * When and where a tutorial is, and whether the learner has been told. Learners are told the
 * time, date and location at least a week ahead; if the arrangements change after they were
 * told, {@code arrangementsChanged} is set so they are told at once.
 *
 * @param time may be null (not yet fixed)
 * @param learnerNotifiedOn the day the learner was (last) told; null if not yet
 */
public record TutorialPlan(LocalDate date, LocalTime time, String location, LocalDate learnerNotifiedOn,
                           boolean arrangementsChanged) {

    public TutorialPlan {
        if (date == null) {
            throw new IllegalArgumentException("Choose the date of the tutorial");
        }
    }

    public static TutorialPlan on(LocalDate date, LocalTime time, String location) {
        return new TutorialPlan(date, time, location, null, false);
    }

    /**
     * New arrangements. If the learner had already been told and the date, time or location
     * differ, the plan is marked as changed so the learner is told at once.
     */
    public TutorialPlan rearranged(LocalDate newDate, LocalTime newTime, String newLocation) {
        boolean differs = !newDate.equals(date) || !java.util.Objects.equals(newTime, time)
                || !java.util.Objects.equals(newLocation, location);
        boolean changed = arrangementsChanged || (differs && learnerNotifiedOn != null);
        return new TutorialPlan(newDate, newTime, newLocation, learnerNotifiedOn, changed);
    }

    /** The learner has been told the (current) arrangements on {@code day}. */
    public TutorialPlan learnerNotified(LocalDate day) {
        return new TutorialPlan(date, time, location, day, false);
    }
}
