package org.tutela.sync.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * Input that cannot be stored, field by field: each field names the message key (in the server's
 * {@code Messages} bundle) that tells the user what to do. Nothing was changed. The console shows
 * each message beside its field; the admin command line prints the English texts.
 */
public final class InvalidInputException extends IllegalArgumentException {
    public static final String BUNDLE = "org.tutela.sync.server.Messages";
    private final Map<String, String> problems;

    public InvalidInputException(Map<String, String> problems) {
        super(english(problems));
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    public static InvalidInputException of(String field, String messageKey) {
        return new InvalidInputException(Map.of(field, messageKey));
    }

    /** Field name → message key, in the order the fields were checked. */
    public Map<String, String> problems() {
        return problems;
    }

    private static String english(Map<String, String> problems) {
        ResourceBundle b = ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH);
        return problems.values().stream().map(k -> b.containsKey(k) ? b.getString(k) : k).collect(Collectors.joining("; "));
    }
}
