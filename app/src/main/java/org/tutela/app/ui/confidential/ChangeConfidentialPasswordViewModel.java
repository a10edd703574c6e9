package org.tutela.app.ui.confidential;

import java.util.Arrays;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.WrongConfidentialPasswordException;
import org.tutela.app.domain.PassphraseRule;
import org.tutela.app.domain.PassphraseRule.Verdict;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** Change a confidential tutorial's password: the current one, then the new one twice. Rewraps its key only. */
public final class ChangeConfidentialPasswordViewModel {
    private final ConfidentialTutorials tutorials;
    private final UUID tutorialId;
    private final TaskRunner runner;
    private final StringProperty current = new SimpleStringProperty("");
    private final StringProperty replacement = new SimpleStringProperty("");
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty done = new SimpleBooleanProperty(false);
    private final BooleanBinding canChange;

    public ChangeConfidentialPasswordViewModel(ConfidentialTutorials tutorials, UUID tutorialId, TaskRunner runner) {
        this.tutorials = tutorials;
        this.tutorialId = tutorialId;
        this.runner = runner;
        replacement.addListener((obs, old, now) -> describe());
        confirmation.addListener((obs, old, now) -> describe());
        canChange = Bindings.createBooleanBinding(
                () -> !current.get().isEmpty() && PassphraseRule.check(replacement.get()) == Verdict.ACCEPTED
                        && replacement.get().equals(confirmation.get()) && !busy.get() && !done.get(),
                current, replacement, confirmation, busy, done);
        describe();
    }

    private void describe() {
        Verdict verdict = PassphraseRule.check(replacement.get());
        if (verdict == Verdict.ACCEPTED && !confirmation.get().isEmpty() && !replacement.get().equals(confirmation.get())) {
            message.set(Messages.get("confidential.mark.mismatch"));
        } else {
            message.set(Messages.get("verdict." + verdict.name()));
        }
        error.set("");
    }

    public void change() {
        if (!canChange.get()) {
            return;
        }
        char[] old = current.get().toCharArray();
        char[] chosen = replacement.get().toCharArray();
        busy.set(true);
        runner.run(() -> {
            try {
                tutorials.changePassword(tutorialId, old, chosen);
            } finally {
                Arrays.fill(old, '\0');
                Arrays.fill(chosen, '\0');
            }
            return Boolean.TRUE;
        }, ok -> {
            busy.set(false);
            current.set("");
            replacement.set("");
            confirmation.set("");
            done.set(true);
            message.set(Messages.get("confidential.change.done"));
        }, failure -> {
            busy.set(false);
            current.set("");
            error.set(failure instanceof WrongConfidentialPasswordException wrong
                    ? Messages.get("confidential.change.wrong", ConfidentialUi.seconds(wrong.nextDelay()))
                    : Messages.get("error.unexpected", String.valueOf(failure.getMessage())));
        });
    }

    public StringProperty currentProperty() {
        return current;
    }

    public StringProperty replacementProperty() {
        return replacement;
    }

    public StringProperty confirmationProperty() {
        return confirmation;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty doneProperty() {
        return done;
    }

    public BooleanBinding canChangeProperty() {
        return canChange;
    }
}
