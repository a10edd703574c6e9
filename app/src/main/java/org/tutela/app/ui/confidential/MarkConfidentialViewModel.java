package org.tutela.app.ui.confidential;

import java.nio.CharBuffer;
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
import org.tutela.app.confidential.OpenedTutorial;
import org.tutela.app.domain.PassphraseRule;
import org.tutela.app.domain.PassphraseRule.Verdict;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Mark a tutorial confidential: its password twice, under the passphrase rule; then seal it and
 * keep it open for its author to go on writing (sealed). The password is never kept here: the
 * boxes are described as they change ({@link #typed}) and {@link #seal} receives copies it wipes.
 */
public final class MarkConfidentialViewModel {
    private final ConfidentialTutorials tutorials;
    private final Tutorial tutorial;
    private final TaskRunner runner;
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty strength = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty acceptable = new SimpleBooleanProperty(false);
    private final ObjectProperty<OpenedTutorial> sealed = new SimpleObjectProperty<>();
    private final BooleanBinding canSeal;

    public MarkConfidentialViewModel(ConfidentialTutorials tutorials, Tutorial tutorial, TaskRunner runner) {
        this.tutorials = tutorials;
        this.tutorial = tutorial;
        this.runner = runner;
        canSeal = Bindings.createBooleanBinding(() -> acceptable.get() && !busy.get() && sealed.get() == null,
                acceptable, busy, sealed);
        typed("", "");
    }

    /** Describes what the two boxes hold now (strength, whether they match); nothing of it is kept. */
    public void typed(CharSequence password, CharSequence confirmation) {
        Verdict verdict = PassphraseRule.check(password);
        strength.set(Messages.get("confidential.mark.strength",
                Messages.get("strength." + PassphraseRule.strength(password).name())));
        boolean same = Secrets.same(password, confirmation);
        if (verdict == Verdict.ACCEPTED && confirmation.length() > 0 && !same) {
            message.set(Messages.get("confidential.mark.mismatch"));
        } else {
            message.set(Messages.get("verdict." + verdict.name()));
        }
        acceptable.set(verdict == Verdict.ACCEPTED && same);
        error.set("");
    }

    /**
     * Seals the tutorial under the password typed twice (copies taken from the boxes, which the
     * view has cleared). Both arrays are wiped here, whatever happens.
     */
    public void seal(char[] password, char[] confirmation) {
        boolean ok = !busy.get() && sealed.get() == null
                && PassphraseRule.check(CharBuffer.wrap(password)) == Verdict.ACCEPTED
                && java.util.Arrays.equals(password, confirmation);
        Secrets.wipe(confirmation);
        if (!ok) {
            Secrets.wipe(password);
            return;
        }
        busy.set(true);
        message.set(Messages.get("confidential.mark.working"));
        runner.run(() -> {
            try {
                return tutorials.sealAndKeepOpen(tutorial, password);
            } finally {
                Secrets.wipe(password);
            }
        }, opened -> {
            busy.set(false);
            message.set(Messages.get(opened.escrowed() ? "confidential.mark.escrow" : "confidential.mark.noEscrow"));
            sealed.set(opened);
        }, failure -> {
            busy.set(false);
            error.set(Messages.get("confidential.mark.failed"));
        });
    }

    public Tutorial tutorial() {
        return tutorial;
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

    /** The tutorial once sealed, still open for its author (null before). */
    public ObjectProperty<OpenedTutorial> sealedProperty() {
        return sealed;
    }

    public BooleanBinding canSealProperty() {
        return canSeal;
    }
}
