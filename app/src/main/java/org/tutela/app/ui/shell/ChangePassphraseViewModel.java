package org.tutela.app.ui.shell;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.domain.PassphraseRule;
import org.tutela.app.domain.PassphraseRule.Verdict;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.WrongPassphraseException;

/** Change the vault's passphrase: the current one, then the new one twice, under the same rule as at creation. */
public final class ChangePassphraseViewModel {
    private final VaultSession session;
    private final TaskRunner runner;
    private final StringProperty current = new SimpleStringProperty("");
    private final StringProperty replacement = new SimpleStringProperty("");
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty done = new SimpleBooleanProperty(false);
    private final BooleanBinding canChange;

    public ChangePassphraseViewModel(VaultSession session, TaskRunner runner) {
        this.session = session;
        this.runner = runner;
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
            message.set(Messages.get("create.mismatch"));
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
                session.changePassphrase(old, chosen);
            } finally {
                java.util.Arrays.fill(old, '\0');
                java.util.Arrays.fill(chosen, '\0');
            }
            return Boolean.TRUE;
        }, ok -> {
            busy.set(false);
            current.set("");
            replacement.set("");
            confirmation.set("");
            done.set(true);
            message.set(Messages.get("change.done"));
        }, failure -> {
            busy.set(false);
            current.set("");
            error.set(failure instanceof WrongPassphraseException
                    ? Messages.get("change.wrongCurrent")
                    : Messages.get("error.unexpected", failure.getMessage()));
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
