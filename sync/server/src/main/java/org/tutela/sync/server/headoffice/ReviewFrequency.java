package org.tutela.sync.server.headoffice;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a group's learners have a one-to-one review, as the app's record holds it: every
 * {@code every} half-terms, terms, weeks or months ({@code unit} is the app's unit name).
 */
public record ReviewFrequency(String unit, int every) {
    public static final String HALF_TERMS = "HALF_TERMS";
    public static final String TERMS = "TERMS";
    public static final String WEEKS = "WEEKS";
    public static final String MONTHS = "MONTHS";
    private static final Pattern EVERY = Pattern.compile("every\\s+(\\d{1,3})\\s*[- ]?\\s*(half[- ]?terms?|terms?|weeks?|months?)");

    public static ReviewFrequency halfTermly() {
        return new ReviewFrequency(HALF_TERMS, 1);
    }

    /**
     * "half-termly", "termly", "weekly", "monthly", "every 6 weeks", "every 2 terms"...
     *
     * @throws InvalidInput when it is none of those
     */
    public static ReviewFrequency parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        ReviewFrequency f = switch (t) {
            case "half-termly", "halftermly", "half termly" -> new ReviewFrequency(HALF_TERMS, 1);
            case "termly" -> new ReviewFrequency(TERMS, 1);
            case "weekly" -> new ReviewFrequency(WEEKS, 1);
            case "monthly" -> new ReviewFrequency(MONTHS, 1);
            default -> null;
        };
        if (f != null) {
            return f;
        }
        Matcher m = EVERY.matcher(t);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            String u = m.group(2).replace(" ", "-");
            String unit = u.startsWith("half") ? HALF_TERMS : u.startsWith("term") ? TERMS : u.startsWith("week") ? WEEKS : MONTHS;
            if (n >= 1 && n <= 104) {
                return new ReviewFrequency(unit, n);
            }
        }
        throw new InvalidInput(Problem.of("reviewFrequency", "group.frequency.bad"));
    }

    /** In the tutors' words, as the app says it: "half-termly", "every 6 weeks". */
    public String describe() {
        return Text.get("frequency." + unit + (every == 1 ? ".one" : ".many"), every);
    }
}
