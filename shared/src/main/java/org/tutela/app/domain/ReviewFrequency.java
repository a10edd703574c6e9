package org.tutela.app.domain;

import java.time.LocalDate;

/**
 * How often a group's learners have a one-to-one progress review: every {@code every} half-terms,
 * terms, weeks or months. Half-terms and terms follow the {@link AcademicCalendar}: a review is
 * due by the end of the period after the one in which the last was held.
 */
public record ReviewFrequency(Unit unit, int every) {

    public enum Unit { HALF_TERMS, TERMS, WEEKS, MONTHS }

    public ReviewFrequency {
        if (unit == null) {
            throw new IllegalArgumentException("Choose how often reviews happen");
        }
        if (every < 1 || every > 104) {
            throw new IllegalArgumentException("Reviews happen every 1 to 104 " + unit.name().toLowerCase().replace('_', '-'));
        }
    }

    public static ReviewFrequency halfTermly() { return new ReviewFrequency(Unit.HALF_TERMS, 1); }
    public static ReviewFrequency termly() { return new ReviewFrequency(Unit.TERMS, 1); }
    public static ReviewFrequency monthly() { return new ReviewFrequency(Unit.MONTHS, 1); }
    public static ReviewFrequency everyWeeks(int weeks) { return new ReviewFrequency(Unit.WEEKS, weeks); }
    public static ReviewFrequency everyMonths(int months) { return new ReviewFrequency(Unit.MONTHS, months); }

    /** The day the next review is due by, after one held on {@code lastHeld}. */
    public LocalDate dueAfter(LocalDate lastHeld, AcademicCalendar calendar) {
        return switch (unit) {
            case WEEKS -> lastHeld.plusWeeks(every);
            case MONTHS -> lastHeld.plusMonths(every);
            case HALF_TERMS -> calendar.endOfHalfTermsAfter(lastHeld, every);
            case TERMS -> calendar.endOfTermsAfter(lastHeld, every);
        };
    }

    /** The day the first review is due by, for a learner who started on {@code start} and has had none. */
    public LocalDate firstDue(LocalDate start, AcademicCalendar calendar) {
        return switch (unit) {
            case WEEKS -> start.plusWeeks(every);
            case MONTHS -> start.plusMonths(every);
            case HALF_TERMS -> calendar.endOfHalfTermsAfter(start, every - 1);
            case TERMS -> calendar.endOfTermsAfter(start, every - 1);
        };
    }

    /** In the tutors' words: "half-termly", "termly", "every 12 weeks", "monthly". */
    public String describe() {
        return switch (unit) {
            case HALF_TERMS -> every == 1 ? "half-termly" : "every " + every + " half-terms";
            case TERMS -> every == 1 ? "termly" : "every " + every + " terms";
            case WEEKS -> every == 1 ? "weekly" : "every " + every + " weeks";
            case MONTHS -> every == 1 ? "monthly" : "every " + every + " months";
        };
    }
}
