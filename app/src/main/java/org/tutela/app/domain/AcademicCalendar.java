package org.tutela.app.domain;

import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The six half-terms of an academic year (1 August to 31 July), as the days they start on; the
 * first always starts on 1 August (the summer holiday counts with the autumn half-term). Terms
 * are pairs of half-terms: autumn, spring, summer. The {@link #standard()} dates are typical
 * English term dates, the same every year; head office sets the organisation's own dates per
 * academic year ({@link #withYear}), and those years follow them.
 *
 * @param halfTermStarts the dates every year without dates of its own follows
 * @param years for an academic year (by the calendar year it starts in) the six days its
 *     half-terms start on; the first is the autumn term's start, and the calendar counts August
 *     before it with autumn 1
 */
public record AcademicCalendar(List<MonthDay> halfTermStarts, Map<Integer, List<LocalDate>> years) {

    public AcademicCalendar {
        if (halfTermStarts == null || halfTermStarts.size() != 6) {
            throw new IllegalArgumentException("An academic year has six half-terms");
        }
        halfTermStarts = List.copyOf(halfTermStarts);
        years = years == null ? Map.of() : Map.copyOf(years);
        if (!halfTermStarts.get(0).equals(MonthDay.of(Month.AUGUST, 1))) {
            throw new IllegalArgumentException("The first half-term starts on 1 August");
        }
        LocalDate previous = null;
        for (int i = 0; i < 6; i++) {
            LocalDate d = patternDate(2001, i, halfTermStarts.get(i));
            if (previous != null && !d.isAfter(previous)) {
                throw new IllegalArgumentException("Half-terms must start in order through the year");
            }
            previous = d;
        }
        for (Map.Entry<Integer, List<LocalDate>> y : years.entrySet()) {
            checkYear(y.getKey(), y.getValue());
        }
    }

    /** The same dates every year. */
    public AcademicCalendar(List<MonthDay> halfTermStarts) {
        this(halfTermStarts, Map.of());
    }

    /** Autumn 1 from 1 Aug, autumn 2 from 27 Oct, spring 1 from 1 Jan, spring 2 from 16 Feb, summer 1 from 13 Apr, summer 2 from 1 Jun. */
    public static AcademicCalendar standard() {
        return new AcademicCalendar(List.of(
                MonthDay.of(Month.AUGUST, 1), MonthDay.of(Month.OCTOBER, 27),
                MonthDay.of(Month.JANUARY, 1), MonthDay.of(Month.FEBRUARY, 16),
                MonthDay.of(Month.APRIL, 13), MonthDay.of(Month.JUNE, 1)));
    }

    /**
     * This calendar with an academic year's own dates.
     *
     * @param academicYear the calendar year it starts in (2025 for 2025/26)
     * @param starts the six days its half-terms start on, in order, all inside that academic year
     * @throws IllegalArgumentException otherwise
     */
    public AcademicCalendar withYear(int academicYear, List<LocalDate> starts) {
        Map<Integer, List<LocalDate>> all = new TreeMap<>(years);
        all.put(academicYear, starts);
        return new AcademicCalendar(halfTermStarts, all);
    }

    private static void checkYear(int academicYear, List<LocalDate> starts) {
        AcademicYear y = new AcademicYear(academicYear);
        if (starts == null || starts.size() != 6) {
            throw new IllegalArgumentException("An academic year has six half-terms");
        }
        LocalDate previous = null;
        for (LocalDate d : starts) {
            if (!y.contains(d)) {
                throw new IllegalArgumentException("Every half-term of " + y.label() + " starts within it");
            }
            if (previous != null && !d.isAfter(previous)) {
                throw new IllegalArgumentException("Half-terms must start in order through the year");
            }
            previous = d;
        }
    }

    /** 0..5: which half-term of its academic year the date falls in. */
    public int halfTermOf(LocalDate date) {
        int year = AcademicYear.of(date).startYear();
        int index = 0;
        for (int i = 1; i < 6; i++) {
            if (!date.isBefore(dateIn(year, i))) {
                index = i;
            }
        }
        return index;
    }

    /** The last day of the half-term {@code n} half-terms after the one containing {@code date} (n=0: its own). */
    public LocalDate endOfHalfTermsAfter(LocalDate date, int n) {
        long global = (long) AcademicYear.of(date).startYear() * 6 + halfTermOf(date) + n;
        return startOfGlobal(global + 1).minusDays(1);
    }

    /** The last day of the term {@code n} terms after the one containing {@code date} (n=0: its own). */
    public LocalDate endOfTermsAfter(LocalDate date, int n) {
        long term = (long) AcademicYear.of(date).startYear() * 3 + halfTermOf(date) / 2 + n;
        long lastHalfTerm = (term / 3) * 6 + (term % 3) * 2 + 1;
        return startOfGlobal(lastHalfTerm + 1).minusDays(1);
    }

    private LocalDate startOfGlobal(long global) {
        int year = (int) Math.floorDiv(global, 6);
        int index = (int) Math.floorMod(global, 6);
        return dateIn(year, index);
    }

    private LocalDate dateIn(int academicStartYear, int index) {
        List<LocalDate> own = years.get(academicStartYear);
        if (own != null) {
            return index == 0 ? LocalDate.of(academicStartYear, Month.AUGUST, 1) : own.get(index);
        }
        return patternDate(academicStartYear, index, halfTermStarts.get(index));
    }

    private static LocalDate patternDate(int academicStartYear, int index, MonthDay md) {
        int calendarYear = index == 0 || md.getMonthValue() >= Month.AUGUST.getValue() ? academicStartYear : academicStartYear + 1;
        return md.atYear(calendarYear);
    }
}
