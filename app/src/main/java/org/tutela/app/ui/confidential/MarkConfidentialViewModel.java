package org.tutela.app.ui.confidential;

import java.util.Arrays;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.confidential.ConfidentialEnvelope;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.domain.PassphraseRule;
import org.tutela.app.domain.PassphraseRule.Verdict;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** Mark a tutorial confidential: its password twice, under the passphrase rule; then seal it. */
public final class MarkConfidentialViewModel {
    private final ConfidentialTutorials tutorials;
    private final Tutorial tutorial;
    private final TaskRunner runner;
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty strength = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObjectProperty<ConfidentialEnvelope> sealed = new SimpleObjectProperty<>();
    private final BooleanBinding canSeal;

    public MarkConfidentialViewModel(ConfidentialTutorials tutorials, Tutorial tutorial, TaskRunner runner) {
        this.tutorials = tutorials;
        this.tutorial = tutorial;
        this.runner = runner;
        password.addListener((obs, old, now) -> describe());
        confirmation.addListener((obs, old, now) -> describe());
        canSeal = Bindings.createBooleanBinding(
                () -> PassphraseRule.check(password.get()) == Verdict.ACCEPTED && password.get().equals(confirmation.get())
                        && !busy.get() && sealed.get() == null,
                password, confirmation, busy, sealed);
        describe();
    }

    private void describe() {
        Verdict verdict = PassphraseRule.check(password.get());
        strength.set(Messages.get("confidential.mark.strength",
                Messages.get("strength." + PassphraseRule.strength(password.get()).name())));
        if (verdict == Verdict.ACCEPTED && !confirmation.get().isEmpty() && !password.get().equals(confirmation.get())) {
            message.set(Messages.get("confidential.mark.mismatch"));
        } else {
            message.set(Messages.get("verdict." + verdict.name()));
        }
        error.set("");
    }

    public void seal() {
        if (!canSeal.get()) {
            return;
        }
        char[] chosen = password.get().toCharArray();
        busy.set(true);
        message.set(Messages.get("confidential.mark.working"));
        runner.run(() -> {
            try {
                return tutorials.seal(tutorial, chosen);
            } finally {
                Arrays.fill(chosen, '\0');
            }
        }, envelope -> {
            busy.set(false);
            password.set("");
            confirmation.set("");
            message.set(Messages.get(envelope.escrowed() ? "confidential.mark.escrow" : "confidential.mark.noEscrow"));
            sealed.set(envelope);
        }, failure -> {
            busy.set(false);
            error.set(Messages.get("confidential.mark.failed", failure.getMessage()));
        });
    }

    public Tutorial tutorial() {
        return tutorial;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty confirmationProperty() {
        return confirmation;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty strengthProperty() {
        return strength;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** The envelope once sealed (null before). */
    public ObjectProperty<ConfidentialEnvelope> sealedProperty() {
        return sealed;
    }

    public BooleanBinding canSealProperty() {
        return canSeal;
    }
}
