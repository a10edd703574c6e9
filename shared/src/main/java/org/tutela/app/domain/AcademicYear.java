package org.tutela.app.domain;

import java.time.LocalDate;
import java.time.Month;

/** An academic year, 1 August to 31 July, named by the calendar year it starts in ("2025/26"). */
public record AcademicYear(int startYear) implements Comparable<AcademicYear> {

    public static AcademicYear of(LocalDate date) {
        return new AcademicYear(date.getMonthValue() >= Month.AUGUST.getValue() ? date.getYear() : date.getYear() - 1);
    }

    public LocalDate start() {
        return LocalDate.of(startYear, Month.AUGUST, 1);
    }

    public LocalDate end() {
        return LocalDate.of(startYear + 1, Month.JULY, 31);
    }

    public boolean contains(LocalDate date) {
        return date != null && !date.isBefore(start()) && !date.isAfter(end());
    }

    public AcademicYear previous() {
        return new AcademicYear(startYear - 1);
    }

    public AcademicYear next() {
        return new AcademicYear(startYear + 1);
    }

    /** "2025/26". */
    public String label() {
        return startYear + "/" + String.format("%02d", (startYear + 1) % 100);
    }

    @Override
    public int compareTo(AcademicYear o) {
        return Integer.compare(startYear, o.startYear);
    }

    @Override
    public String toString() {
        return label();
    }
}
