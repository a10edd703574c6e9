package org.tutela.app.ui.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dates and times as tutors write them, in one style everywhere on screen: "6 Dec 2026",
 * "Sunday 6 December 2026", "14:30". The style follows the language Tutela speaks
 * ({@link Messages#locale()}): English is written the British way, and Welsh month and day names
 * come with Welsh. Every date field reads what a UK tutor types through {@link #parseDate}.
 */
public final class Formats {
    /** Years outside these are a slip of the keyboard, not a tutorial's date. */
    private static final int FIRST_YEAR = 1900;
    private static final int LAST_YEAR = 2199;

    private Formats() {
    }

    /** The locale dates are written in: the bundle's language, in its British form ("en" → en-GB). */
    public static Locale locale() {
        Locale l = Messages.locale();
        if (l.getLanguage().isEmpty()) {
            return Locale.UK;
        }
        return l.getCountry().isEmpty() ? new Locale(l.getLanguage(), "GB") : l;
    }

    /** "6 Dec 2026"; "" for none. */
    public static String date(LocalDate d) {
        return d == null ? "" : DateTimeFormatter.ofPattern("d MMM uuuu", locale()).format(d);
    }

    /** "Sunday 6 December 2026"; "" for none. */
    public static String longDate(LocalDate d) {
        return d == null ? "" : DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", locale()).format(d);
    }

    /** "14:30"; "" for none. */
    public static String time(LocalTime t) {
        return t == null ? "" : DateTimeFormatter.ofPattern("HH:mm", locale()).format(t);
    }

    /** "6 Dec 2026 14:30" in this laptop's time zone; "" for none. */
    public static String dateTime(Instant when, ZoneId zone) {
        if (when == null) {
            return "";
        }
        var local = when.atZone(zone);
        return date(local.toLocalDate()) + " " + time(local.toLocalTime());
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
            return LocalTime.parse(s, DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new Problem(Messages.get("common.badTime"));
        }
    }

    /**
     * What a date field holds: a date, nothing (blank), or what is wrong with what was typed, in
     * words fit to show beside the field.
     */
    public record ParsedDate(LocalDate value, String problem) {
        public boolean blank() {
            return value == null && problem == null;
        }
    }

    /**
     * Reads a date as a UK tutor types it: day, month, year in that order ("6/12/2026",
     * "06-12-2026", "6.12.26", "6 Dec 2026", "6 December 2026"), or the year first as
     * "2026-12-06". The month may be a number or its name (or the start of it: "Sept"). Nothing
     * is guessed or rounded: "31/02/2027" is not a date (February 2027 has 28 days), nor is
     * "tomorrow" or "2027-13-45"; the problem says what is wrong.
     */
    public static ParsedDate parseDate(String typed) {
        if (typed == null || typed.isBlank()) {
            return new ParsedDate(null, null);
        }
        String text = typed.strip();
        String[] parts = text.split("[\\s/.,\\-]+");
        if (parts.length != 3) {
            return problem("date.notADate", text);
        }
        boolean yearFirst = parts[0].length() == 4 && allDigits(parts[0]);
        String dayText = yearFirst ? parts[2] : parts[0];
        String monthText = parts[1];
        String yearText = yearFirst ? parts[0] : parts[2];
        dayText = dayText.replaceFirst("(?i)(st|nd|rd|th)$", ""); // "6th Dec 2026"
        if (!allDigits(dayText) || !allDigits(yearText) || dayText.length() > 2) {
            return problem("date.notADate", text);
        }
        int month;
        if (allDigits(monthText)) {
            if (monthText.length() > 2) {
                return problem("date.notADate", text);
            }
            month = Integer.parseInt(monthText);
            if (month < 1 || month > 12) {
                return problem("date.noSuchMonth", month);
            }
        } else {
            month = monthNamed(monthText);
            if (month == 0) {
                return problem("date.notADate", text);
            }
        }
        int year;
        if (yearText.length() == 2) {
            year = 2000 + Integer.parseInt(yearText);
        } else if (yearText.length() == 4) {
            year = Integer.parseInt(yearText);
        } else {
            return problem("date.badYear", text);
        }
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return problem("date.badYear", text);
        }
        int day = Integer.parseInt(dayText);
        YearMonth ym = YearMonth.of(year, month);
        if (day < 1 || day > ym.lengthOfMonth()) {
            String monthYear = DateTimeFormatter.ofPattern("MMMM uuuu", locale()).format(ym);
            return problem("date.noSuchDay", text, monthYear, ym.lengthOfMonth());
        }
        try {
            return new ParsedDate(LocalDate.of(year, month, day), null);
        } catch (DateTimeException e) {
            return problem("date.notADate", text);
        }
    }

    private static ParsedDate problem(String key, Object... args) {
        return new ParsedDate(null, Messages.get(key, args));
    }

    private static boolean allDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** 1..12 for a month's name or the unambiguous start of it (three letters at least), in Tutela's language or English; else 0. */
    private static int monthNamed(String typed) {
        String t = typed.toLowerCase(Locale.ROOT).replace(".", "");
        if (t.length() < 3) {
            return 0;
        }
        for (Locale l : List.of(locale(), Locale.UK)) {
            List<Integer> starts = new ArrayList<>();
            for (Month m : Month.values()) {
                String full = m.getDisplayName(TextStyle.FULL, l).toLowerCase(l);
                String shortName = m.getDisplayName(TextStyle.SHORT, l).toLowerCase(l).replace(".", "");
                if (full.equals(t) || shortName.equals(t)) {
                    return m.getValue();
                }
                if (full.startsWith(t)) {
                    starts.add(m.getValue());
                }
            }
            if (starts.size() == 1) {
                return starts.get(0);
            }
        }
        return 0;
    }

    /** The enum's display text from the bundle: prefix + NAME. */
    public static String named(String prefix, Enum<?> value) {
        return value == null ? "" : Messages.get(prefix + value.name());
    }

    /**
     * Joins the parts that are there with the separator: no stray commas or brackets when a field
     * is empty ("13:00, Room 4", "13:00" - never "13:00, .").
     */
    public static String joined(String separator, String... parts) {
        List<String> present = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                present.add(p.strip());
            }
        }
        return String.join(separator, present);
    }
}
