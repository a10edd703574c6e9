package org.tutela.app.ui.common;

import java.util.Arrays;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.domain.PassphraseRule;
import org.tutela.app.domain.PassphraseRule.Verdict;

/**
 * Changing a secret: the current one, then the new one twice under {@link PassphraseRule}. The
 * vault's passphrase and a confidential tutorial's password are changed the same way; only what
 * the change does and the words around it differ.
 */
public abstract class ChangeSecretViewModel {

    /** Does the change; throws when the current secret is wrong. */
    @FunctionalInterface
    protected interface Change {
        void apply(char[] current, char[] replacement) throws Exception;
    }

    private final TaskRunner runner;
    private final Change change;
    private final String mismatchKey;
    private final String doneKey;
    private final Function<Throwable, String> failureMessage;
    private final StringProperty current = new SimpleStringProperty("");
    private final StringProperty replacement = new SimpleStringProperty("");
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty done = new SimpleBooleanProperty(false);
    private final BooleanBinding canChange;

    protected ChangeSecretViewModel(TaskRunner runner, Change change, String mismatchKey, String doneKey,
                                    Function<Throwable, String> failureMessage) {
        this.runner = runner;
        this.change = change;
        this.mismatchKey = mismatchKey;
        this.doneKey = doneKey;
        this.failureMessage = failureMessage;
        replacement.addListener((obs, old, now) -> describe());
        confirmation.addListener((obs, old, now) -> describe());
        canChange = Bindings.createBooleanBinding(
                () -> !current.get().isEmpty()
                        && PassphraseRule.check(replacement.get()) == Verdict.ACCEPTED
                        && replacement.get().equals(confirmation.get())
                        && !busy.get() && !done.get(),
                current, replacement, confirmation, busy, done);
        describe();
    }

    private void describe() {
        Verdict verdict = PassphraseRule.check(replacement.get());
        if (verdict == Verdict.ACCEPTED && !confirmation.get().isEmpty() && !replacement.get().equals(confirmation.get())) {
            message.set(Messages.get(mismatchKey));
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
                change.apply(old, chosen);
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
            message.set(Messages.get(doneKey));
        }, failure -> {
            busy.set(false);
            current.set("");
            error.set(failureMessage.apply(failure));
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
