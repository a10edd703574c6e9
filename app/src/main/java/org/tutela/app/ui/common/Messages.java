package org.tutela.app.ui.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** All user-facing text, from {@code org/tutela/app/ui/messages*.properties}. */
public final class Messages {
    private static volatile ResourceBundle bundle = ResourceBundle.getBundle("org.tutela.app.ui.messages", Locale.getDefault());

    private Messages() {
    }

    public static void use(Locale locale) {
        bundle = ResourceBundle.getBundle("org.tutela.app.ui.messages", locale);
    }

    /** The language the text is in (dates follow it: see {@link Formats}). */
    public static Locale locale() {
        return bundle.getLocale() == null || bundle.getLocale().getLanguage().isEmpty() ? Locale.ENGLISH : bundle.getLocale();
    }

    public static String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            // A missing key shows itself rather than crashing the screen; a test checks none are missing.
            return "!" + key + "!";
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, bundle.getLocale()).format(args);
    }

    /** Whether the bundle has a text for this key (for codes that come from head office). */
    public static boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The text without mnemonic underscores, for accessible names and tooltips. */
    public static String plain(String key, Object... args) {
        return get(key, args).replace("_", "");
    }
}
