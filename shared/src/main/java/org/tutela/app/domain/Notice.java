package org.tutela.app.domain;

import java.time.LocalDate;

/**
 * "Inform learners of time/date/location of tutorial in good time for the learner to prepare -
 * one week is usually sufficient"; "if changes to tutorial arrangements occur ensure learner is
 * informed immediately". Works out where a planned tutorial stands on telling the learner.
 *
 * @param tellBy the last day to tell the learner (a week before the tutorial)
 */
public record Notice(State state, LocalDate tellBy) {

    public static final int NOTICE_DAYS = 7;

    public enum State {
        /** Not a planned tutorial any more (held, cancelled, not attended). */
        NOT_NEEDED,
        /** The arrangements changed after the learner was told: tell them at once. */
        TELL_NOW_CHANGED,
        /** Not told yet, and there is still time: tell them by {@code tellBy}. */
        TELL_BY,
        /** Not told, and less than a week is left (a late-notice warning). */
        LATE,
        /** Told at least a week ahead. */
        TOLD,
        /** Told, but less than a week ahead. */
        TOLD_LATE
    }

    public boolean warning() {
        return state == State.TELL_NOW_CHANGED || state == State.LATE;
    }

    public static Notice of(Tutorial t, LocalDate today) {
        TutorialPlan p = t.plan();
        return of(t.outcome(), p.date(), p.learnerNotifiedOn(), p.arrangementsChanged(), today);
    }

    public static Notice of(TutorialOutcome outcome, LocalDate date, LocalDate learnerNotifiedOn,
                            boolean arrangementsChanged, LocalDate today) {
        LocalDate tellBy = date.minusDays(NOTICE_DAYS);
        if (outcome != TutorialOutcome.PLANNED) {
            return new Notice(State.NOT_NEEDED, tellBy);
        }
        if (arrangementsChanged) {
            return new Notice(State.TELL_NOW_CHANGED, tellBy);
        }
        if (learnerNotifiedOn != null) {
            return new Notice(learnerNotifiedOn.isAfter(tellBy) ? State.TOLD_LATE : State.TOLD, tellBy);
        }
        return new Notice(today.isAfter(tellBy) ? State.LATE : State.TELL_BY, tellBy);
    }
}
