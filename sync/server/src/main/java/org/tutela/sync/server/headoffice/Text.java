package org.tutela.sync.server.headoffice;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Head office's words, from {@code org/tutela/sync/server/headoffice/messages.properties} (Welsh will follow). */
public final class Text {
    static final String BUNDLE = "org.tutela.sync.server.headoffice.messages";

    private Text() {
    }

    public static String get(String key, Object... args) {
        return get(Locale.ENGLISH, key, args);
    }

    public static String get(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, locale).getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("No text for " + key, e);
        }
        return new MessageFormat(pattern, locale).format(args);
    }
}
