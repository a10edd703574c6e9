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
 * the change does and the words around it differ. No secret is kept here: {@link #typed}
 * describes the boxes as they change, {@link #change} receives copies and wipes them.
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
    private final BooleanProperty acceptable = new SimpleBooleanProperty(false);
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
        canChange = Bindings.createBooleanBinding(() -> acceptable.get() && !busy.get() && !done.get(), acceptable, busy, done);
        typed("", "", "");
    }

    /** Describes the three boxes as they are now; nothing of them is kept. */
    public void typed(CharSequence current, CharSequence replacement, CharSequence confirmation) {
        Verdict verdict = PassphraseRule.check(replacement);
        boolean same = Secrets.same(replacement, confirmation);
        if (verdict == Verdict.ACCEPTED && confirmation.length() > 0 && !same) {
            message.set(Messages.get(mismatchKey));
        } else {
            message.set(Messages.get("verdict." + verdict.name()));
        }
        acceptable.set(current.length() > 0 && verdict == Verdict.ACCEPTED && same);
        error.set("");
    }

    /** Changes the secret with copies of the three boxes (the view has cleared them); all are wiped here. */
    public void change(char[] current, char[] replacement, char[] confirmation) {
        boolean ok = !busy.get() && !done.get() && current.length > 0
                && PassphraseRule.check(java.nio.CharBuffer.wrap(replacement)) == Verdict.ACCEPTED
                && java.util.Arrays.equals(replacement, confirmation);
        Secrets.wipe(confirmation);
        if (!ok) {
            Secrets.wipe(current, replacement);
            return;
        }
        char[] old = current;
        char[] chosen = replacement;
        busy.set(true);
        runner.run(() -> {
            try {
                change.apply(old, chosen);
            } finally {
                Arrays.fill(old, '\0');
                Arrays.fill(chosen, '\0');
            }
            return Boolean.TRUE;
        }, changed -> {
            busy.set(false);
            done.set(true);
            message.set(Messages.get(doneKey));
        }, failure -> {
            busy.set(false);
            error.set(failureMessage.apply(failure));
        });
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
