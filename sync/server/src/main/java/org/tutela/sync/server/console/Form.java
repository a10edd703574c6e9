package org.tutela.sync.server.console;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A form's values and its problems, field by field (message keys), to render it again exactly
 * as the user left it with each message beside its field.
 */
public final class Form {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    public static Form empty() {
        return new Form();
    }

    public Form set(String field, String value) {
        values.put(field, value);
        return this;
    }

    public Form error(String field, String messageKey) {
        errors.putIfAbsent(field, messageKey);
        return this;
    }

    public Form errors(Map<String, String> problems) {
        problems.forEach(this::error);
        return this;
    }

    /** The value to show in the field: what was typed, or empty. */
    public String value(String field) {
        String v = values.get(field);
        return v == null ? "" : v;
    }

    public boolean checked(String field) {
        return "on".equals(values.get(field)) || "true".equals(values.get(field));
    }

    /** The message key of the field's problem, or null. */
    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Field → message key, in the order found (the error summary lists them so). */
    public Map<String, String> errors() {
        return errors;
    }
}
