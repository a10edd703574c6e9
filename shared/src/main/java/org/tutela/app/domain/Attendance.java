package org.tutela.app.domain;

/** The pro forma's attendance line: number of lessons and number of absences. */
public record Attendance(int lessons, int absences) {
    public Attendance {
        if (lessons < 0 || absences < 0) {
            throw new IllegalArgumentException("Lessons and absences cannot be negative");
        }
        if (absences > lessons) {
            throw new IllegalArgumentException("There cannot be more absences than lessons");
        }
    }

    /** Attendance as a percentage of lessons (100 when there were no lessons). */
    public double percent() {
        return lessons == 0 ? 100.0 : 100.0 * (lessons - absences) / lessons;
    }
}
