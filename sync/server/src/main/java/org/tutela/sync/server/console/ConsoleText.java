package org.tutela.sync.server.console;

import gg.jte.support.LocalizationSupport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;

/**
 * The console's words in one language, from the server's {@code Messages} bundle, and its dates
 * and times in the organisation's time zone. Templates call {@code localize(key, args...)}, which
 * escapes the arguments; {@link #format} is the same substitution for plain text.
 */
public final class ConsoleText implements LocalizationSupport {
    static final String BUNDLE = "org.tutela.sync.server.Messages";
    /** The languages the console speaks, first the default. Welsh joins when its bundle does. */
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH);

    private final ResourceBundle bundle;
    private final Locale locale;
    private final ZoneId zone;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter date;

    ConsoleText(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale);
        this.dateTime = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", locale).withZone(zone);
        this.date = DateTimeFormatter.ofPattern("d MMM yyyy", locale);
    }

    /** The supported language the browser prefers most, else English. */
    static Locale choose(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
                if (best != null) {
                    return best;
                }
            } catch (IllegalArgumentException malformed) {
                // a malformed header: the default
            }
        }
        return SUPPORTED.get(0);
    }

    public Locale locale() {
        return locale;
    }

    /** The language tag for {@code <html lang>}. */
    public String languageTag() {
        return locale.toLanguageTag();
    }

    @Override
    public String lookup(String key) {
        return bundle.containsKey(key) ? bundle.getString(key) : key;
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The message with {@code {0}}, {@code {1}}... replaced, for plain (unescaped) use. */
    public String format(String key, Object... args) {
        String pattern = lookup(key);
        Matcher m = LocalizationSupport.pattern.matcher(pattern);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(i < args.length ? String.valueOf(args[i]) : m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * A problem head office's services found, in the console's words where they differ from the
     * admin command line's (a key {@code problem.<key>} here), else in the services' own.
     */
    public String problem(org.tutela.sync.server.headoffice.Problem p) {
        return has("problem." + p.key()) ? format("problem." + p.key(), p.args()) : p.message(locale);
    }

    /** A moment as head office reads it, or the "never" word for null. */
    public String time(Long millis) {
        return millis == null ? lookup("common.never") : dateTime.format(Instant.ofEpochMilli(millis));
    }

    public String date(LocalDate d) {
        return d == null ? "" : date.format(d);
    }

    /** How long ago, in the largest whole unit: "3 days ago". */
    public String ago(Long millis, long now) {
        if (millis == null) {
            return lookup("common.never");
        }
        long s = Math.max(0, (now - millis) / 1000);
        if (s < 60) {
            return lookup("ago.now");
        }
        if (s < 3600) {
            return format(s < 120 ? "ago.minute" : "ago.minutes", s / 60);
        }
        if (s < 86_400) {
            return format(s < 7200 ? "ago.hour" : "ago.hours", s / 3600);
        }
        return format(s < 172_800 ? "ago.day" : "ago.days", s / 86_400);
    }

    public ZoneId zone() {
        return zone;
    }
}
