package org.tutela.app.ui.unlock;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.domain.PassphraseRule;
import org.tutela.app.domain.PassphraseRule.Strength;
import org.tutela.app.domain.PassphraseRule.Verdict;
import org.tutela.app.records.DemoCaseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;
import org.tutela.app.ui.common.TaskRunner;

/**
 * First start: choose a passphrase twice, see its strength, create the vault. The passphrase is
 * not kept here: {@link #typed} describes the boxes as they change; {@link #create} receives
 * copies, which it wipes.
 */
public final class CreateVaultViewModel {
    static final long DEMO_SEED = 20261124L;
    /** The demo's confidential tutorials open with this (it is in the user guide). */
    public static final String DEMO_CONFIDENTIAL_PASSWORD = "open the demo envelope";
    private static final int DEMO_CONFIDENTIAL_COUNT = 3;

    private final VaultSession session;
    private final TaskRunner runner;
    private final Runnable onCreated;

    private final BooleanProperty acceptable = new SimpleBooleanProperty(false);
    private final ObjectProperty<Strength> strength = new SimpleObjectProperty<>(Strength.TOO_WEAK);
    private final ObjectProperty<Verdict> verdict = new SimpleObjectProperty<>(Verdict.EMPTY);
    private final StringProperty hint = new SimpleStringProperty(Messages.get("verdict.EMPTY"));
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty fillWithDemo = new SimpleBooleanProperty(false);
    private final BooleanBinding canCreate;

    public CreateVaultViewModel(VaultSession session, TaskRunner runner, Runnable onCreated) {
        this.session = session;
        this.runner = runner;
        this.onCreated = onCreated;
        canCreate = Bindings.createBooleanBinding(() -> acceptable.get() && !busy.get(), acceptable, busy);
    }

    /** Describes the two boxes as they are now (strength, rule, match); nothing of them is kept. */
    public void typed(CharSequence passphrase, CharSequence confirmation) {
        strength.set(PassphraseRule.strength(passphrase));
        verdict.set(PassphraseRule.check(passphrase));
        boolean same = Secrets.same(passphrase, confirmation);
        if (verdict.get() == Verdict.ACCEPTED && confirmation.length() > 0 && !same) {
            hint.set(Messages.get("create.mismatch"));
        } else {
            hint.set(Messages.get("verdict." + verdict.get().name()));
        }
        acceptable.set(verdict.get() == Verdict.ACCEPTED && same);
        error.set("");
    }

    /** Creates the vault with copies of the two boxes (the view has cleared them); both are wiped here. */
    public void create(char[] passphrase, char[] confirmation) {
        boolean ok = !busy.get() && PassphraseRule.check(java.nio.CharBuffer.wrap(passphrase)) == Verdict.ACCEPTED
                && java.util.Arrays.equals(passphrase, confirmation);
        Secrets.wipe(confirmation);
        if (!ok) {
            Secrets.wipe(passphrase);
            return;
        }
        char[] chosen = passphrase;
        boolean demo = fillWithDemo.get();
        busy.set(true);
        error.set("");
        runner.run(() -> {
            try {
                session.create(chosen);
            } finally {
                java.util.Arrays.fill(chosen, '\0');
            }
            if (demo) {
                // Invented learners only; a fixed seed so every demo tells the same story.
                DemoCaseload.Data data = DemoCaseload.fill(session.records(), DEMO_SEED);
                sealDemoConfidentialTutorials(data);
            }
            return Boolean.TRUE;
        }, done -> {
            busy.set(false);
            onCreated.run();
        }, failure -> {
            busy.set(false);
            error.set(Messages.get("create.failed"));
        });
    }

    /**
     * A few of the demo's held tutorials become confidential, sealed as the app seals them, so a
     * new user sees the envelopes and can open one with {@link #DEMO_CONFIDENTIAL_PASSWORD}.
     */
    private void sealDemoConfidentialTutorials(DemoCaseload.Data data) {
        org.tutela.app.confidential.ConfidentialTutorials sealer = new org.tutela.app.confidential.ConfidentialTutorials(
                session::records, "Demo", java.time.Clock.systemUTC(), duration -> { },
                org.tutela.app.confidential.ConfidentialTutorials.DEFAULT_KDF);
        java.util.Set<java.util.UUID> asked = new java.util.HashSet<>(data.askedConfidential());
        java.util.Set<java.util.UUID> learners = new java.util.HashSet<>();
        for (org.tutela.app.domain.Tutorial t : data.tutorials()) {
            if (learners.size() == DEMO_CONFIDENTIAL_COUNT) {
                break;
            }
            if (asked.contains(t.id()) && t.learnerId() != null && learners.add(t.learnerId())) {
                sealer.seal(t, DEMO_CONFIDENTIAL_PASSWORD.toCharArray());
            }
        }
    }

    public ObjectProperty<Strength> strengthProperty() {
        return strength;
    }

    public ObjectProperty<Verdict> verdictProperty() {
        return verdict;
    }

    public StringProperty hintProperty() {
        return hint;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** Fill the new vault with an invented demo caseload, to try Tutela out. */
    public BooleanProperty fillWithDemoProperty() {
        return fillWithDemo;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanBinding canCreateProperty() {
        return canCreate;
    }
}
