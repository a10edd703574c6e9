package org.tutela.app.ui.common;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Dates and times as tutors write them: "24 Nov 2026", "14:30". */
public final class Formats {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private Formats() {
    }

    public static String date(LocalDate d) {
        return d == null ? "" : DATE.format(d);
    }

    public static String longDate(LocalDate d) {
        return d == null ? "" : LONG_DATE.format(d);
    }

    public static String time(LocalTime t) {
        return t == null ? "" : TIME.format(t);
    }

    /** "9:30", "09:30" or "930"; null when blank; throws when it is not a time. */
    public static LocalTime parseTime(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String s = typed.strip().replace('.', ':');
        if (!s.contains(":") && s.length() >= 3 && s.length() <= 4) {
            s = s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2);
        }
        if (s.indexOf(':') == 1) {
            s = "0" + s;
        }
        try {
            return LocalTime.parse(s, TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(Messages.get("common.badTime"));
        }
    }

    /** Shows dates as "24 Nov 2026"; reads "24/11/2026", "24 Nov 2026" or "2026-11-24". */
    public static javafx.util.StringConverter<LocalDate> dateConverter() {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(LocalDate d) {
                return date(d);
            }

            @Override
            public LocalDate fromString(String s) {
                if (s == null || s.isBlank()) {
                    return null;
                }
                for (String pattern : new String[] {"d MMM yyyy", "d/M/yyyy", "d/M/yy", "yyyy-MM-dd", "d MMMM yyyy", "d-M-yyyy"}) {
                    try {
                        return LocalDate.parse(s.strip(), DateTimeFormatter.ofPattern(pattern, Locale.UK));
                    } catch (DateTimeParseException e) {
                        // try the next way of writing it
                    }
                }
                throw new DateTimeParseException("Not a date", s, 0);
            }
        };
    }

    /** The enum's display text from the bundle: prefix + NAME. */
    public static String named(String prefix, Enum<?> value) {
        return value == null ? "" : Messages.get(prefix + value.name());
    }
}
