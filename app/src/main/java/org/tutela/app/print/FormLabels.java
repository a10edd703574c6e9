package org.tutela.app.print;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The printed form's labels, from {@code org/tutela/app/print/form*.properties}, so the form can be translated. */
public final class FormLabels {
    static final String BUNDLE = "org.tutela.app.print.form";

    private final ResourceBundle bundle;
    private final DateTimeFormatter dates;

    public FormLabels(Locale locale) {
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale);
        this.dates = DateTimeFormatter.ofPattern(get("date.pattern"), locale);
    }

    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(args);
    }

    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** A date as the form prints it; empty for none. */
    public String date(LocalDate d) {
        return d == null ? "" : dates.format(d);
    }
}
