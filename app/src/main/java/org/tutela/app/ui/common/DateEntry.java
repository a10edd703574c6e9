package org.tutela.app.ui.common;

import java.time.LocalDate;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One date field of a form, as typed: the text, the date it holds (read with
 * {@link Formats#parseDate}) and what is wrong with it, if anything, in words to show beside the
 * field. A field either holds a valid date or has a problem, and a form with a problem does not
 * save: nothing is rounded or guessed, and the typed text is never replaced behind the tutor's
 * back. View models hold these instead of a bare date; views show them with
 * {@link Controls#dateField}.
 */
public final class DateEntry {
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<LocalDate> value = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private boolean required;
    private Function<LocalDate, String> rule = d -> null;

    /** @param required a blank field is a problem ("Type the date") */
    public DateEntry(boolean required) {
        this.required = required;
        text.addListener((o, was, now) -> evaluate());
        evaluate();
    }

    /**
     * Adds a check of the date itself (not in the past, not after today...): the function gives the
     * problem in words, or null when the date will do. Checked again now and at every change.
     */
    public DateEntry withRule(Function<LocalDate, String> check) {
        this.rule = check == null ? d -> null : check;
        evaluate();
        return this;
    }

    /** Checks again (a rule depends on something else that changed). */
    public void evaluate() {
        Formats.ParsedDate parsed = Formats.parseDate(text.get());
        if (parsed.problem() != null) {
            value.set(null);
            problem.set(parsed.problem());
            return;
        }
        value.set(parsed.value());
        if (parsed.value() == null) {
            problem.set(required ? Messages.get("date.required") : "");
            return;
        }
        String broken = rule.apply(parsed.value());
        problem.set(broken == null ? "" : broken);
    }

    /** Puts a date in the field (written in Tutela's style); null empties it. */
    public void set(LocalDate d) {
        text.set(Formats.date(d));
    }

    public boolean required() {
        return required;
    }

    /** Makes a blank field a problem (or not) from now on: a target's "by when" is needed once it has a target. */
    public void setRequired(boolean needed) {
        if (needed != required) {
            required = needed;
            evaluate();
        }
    }

    /** True when it holds a date that passes its rule, or is blank and not required. */
    public boolean valid() {
        return problem.get().isEmpty();
    }

    public StringProperty textProperty() {
        return text;
    }

    /** The date it holds: null while blank or while what is typed is not a date. */
    public ReadOnlyObjectProperty<LocalDate> valueProperty() {
        return value.getReadOnlyProperty();
    }

    public LocalDate value() {
        return value.get();
    }

    /** What is wrong, in words to show beside the field; "" when nothing is. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
