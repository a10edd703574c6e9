package org.tutela.app.ui.tutor;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.domain.ContactChecks;
import org.tutela.app.domain.Tutor;
import org.tutela.app.ui.common.Messages;

/**
 * The tutor's own details as typed (name, role, email, phone), checked as they are typed; asked
 * when the vault is created and in "Your details". Each box's problem is said beside it.
 */
public final class TutorDetailsViewModel {
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty role = new SimpleStringProperty("");
    private final StringProperty email = new SimpleStringProperty("");
    private final StringProperty phone = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper nameProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emailProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper phoneProblem = new ReadOnlyStringWrapper("");
    private final BooleanProperty showProblems = new SimpleBooleanProperty();

    public TutorDetailsViewModel(Tutor existing) {
        name.addListener((o, was, now) -> check());
        email.addListener((o, was, now) -> check());
        phone.addListener((o, was, now) -> check());
        fill(existing);
        check();
    }

    /** Shows these details in the boxes (nothing for null). */
    public void fill(Tutor t) {
        name.set(t == null ? "" : nz(t.name()));
        role.set(t == null ? "" : nz(t.role()));
        email.set(t == null ? "" : nz(t.email()));
        phone.set(t == null ? "" : nz(t.phone()));
    }

    private void check() {
        nameProblem.set(name.get().isBlank() ? Messages.get("tutor.nameMissing") : "");
        emailProblem.set(!email.get().isBlank() && !ContactChecks.looksLikeEmail(email.get()) ? Messages.get("tutor.badEmail") : "");
        phoneProblem.set(!phone.get().isBlank() && !ContactChecks.looksLikePhone(phone.get()) ? Messages.get("tutor.badPhone") : "");
    }

    public boolean valid() {
        return nameProblem.get().isEmpty() && emailProblem.get().isEmpty() && phoneProblem.get().isEmpty();
    }

    /** The details as typed, or null (and every problem shown beside its box) when a box has a problem. */
    public Tutor build() {
        if (!valid()) {
            showProblems.set(true);
            return null;
        }
        return new Tutor(name.get(), role.get(), email.get(), phone.get());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public StringProperty nameProperty() { return name; }
    public StringProperty roleProperty() { return role; }
    public StringProperty emailProperty() { return email; }
    public StringProperty phoneProperty() { return phone; }
    public ReadOnlyStringProperty nameProblemProperty() { return nameProblem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty emailProblemProperty() { return emailProblem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty phoneProblemProperty() { return phoneProblem.getReadOnlyProperty(); }
    public BooleanProperty showProblemsProperty() { return showProblems; }
}
