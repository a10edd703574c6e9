package org.tutela.sync.server.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tutela.sync.server.headoffice.Problem;

/**
 * A form's values and its problems, field by field (as the words to show), to render it again
 * exactly as the user left it with each message beside its field.
 */
public final class Form {
    private final ConsoleText t;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    private Form(ConsoleText t) {
        this.t = t;
    }

    public static Form of(ConsoleText t) {
        return new Form(t);
    }

    public Form set(String field, String value) {
        values.put(field, value);
        return this;
    }

    /** A problem of the field, from the console's words; the first one found for a field stays. */
    public Form error(String field, String key, Object... args) {
        errors.putIfAbsent(field, t.format(key, args));
        return this;
    }

    /**
     * Problems the services found, each beside its field (a problem named for no field goes with
     * {@code fallback}); several of one field are shown together.
     */
    public Form problems(List<Problem> problems, String fallback) {
        for (Problem p : problems) {
            errors.merge(p.field() == null ? fallback : p.field(), t.problem(p),
                    (a, b) -> a.contains(b) ? a : a + " " + b);
        }
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

    /** The words of the field's problem, or null. */
    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Field → words, in the order found (the error summary lists them so). */
    public Map<String, String> errors() {
        return errors;
    }
}
