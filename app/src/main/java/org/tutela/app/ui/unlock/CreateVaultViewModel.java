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
import org.tutela.app.domain.Tutor;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.records.TutorStore;
import org.tutela.app.records.TypedStore;
import org.tutela.app.ui.tutor.TutorDetailsViewModel;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Secrets;
import org.tutela.app.ui.common.TaskRunner;

/**
 * First start: choose a passphrase twice, see its strength, say who you are, create the vault.
 * The passphrase is not kept here: {@link #typed} describes the boxes as they change;
 * {@link #create} receives copies, which it wipes.
 */
public final class CreateVaultViewModel {
    static final long DEMO_SEED = 20261124L;
    /** The demo's confidential tutorials open with this (it is in the user guide). */
    public static final String DEMO_CONFIDENTIAL_PASSWORD = "open the demo envelope";
    private static final int DEMO_CONFIDENTIAL_COUNT = 3;

    private final VaultSession session;
    private final TaskRunner runner;
    private final Runnable onCreated;
    /** Runs progress updates on the UI thread (inline in tests). */
    private final java.util.concurrent.Executor ui;
    /** 0..1 while creating; -1 while the step's length is not known yet. */
    private final javafx.beans.property.DoubleProperty progress = new javafx.beans.property.SimpleDoubleProperty(-1);
    private final StringProperty progressText = new SimpleStringProperty("");

    private final BooleanProperty acceptable = new SimpleBooleanProperty(false);
    private final ObjectProperty<Strength> strength = new SimpleObjectProperty<>(Strength.TOO_WEAK);
    private final ObjectProperty<Verdict> verdict = new SimpleObjectProperty<>(Verdict.EMPTY);
    private final StringProperty hint = new SimpleStringProperty(Messages.get("verdict.EMPTY"));
    private final StringProperty error = new SimpleStringProperty("");
    /** The second box's problem: not the same as the first (said once a strong enough first is typed). */
    private final StringProperty mismatch = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty fillWithDemo = new SimpleBooleanProperty(false);
    /** Who the tutor is: asked here, so the first notice and form already carry their name. */
    private final TutorDetailsViewModel tutor = new TutorDetailsViewModel(null);
    private final BooleanProperty tutorValid = new SimpleBooleanProperty();
    private final BooleanBinding canCreate;

    public CreateVaultViewModel(VaultSession session, TaskRunner runner, Runnable onCreated) {
        this(session, runner, onCreated, Runnable::run);
    }

    /** @param ui where progress is shown from (the JavaFX thread's {@code Platform::runLater} in the app) */
    public CreateVaultViewModel(VaultSession session, TaskRunner runner, Runnable onCreated, java.util.concurrent.Executor ui) {
        this.session = session;
        this.runner = runner;
        this.onCreated = onCreated;
        this.ui = ui;
        // the lock is tuned to this laptop while the tutor fills in the form (nothing else busy), not after Create
        session.tuneLockAhead();
        for (var p : java.util.List.of(tutor.nameProperty(), tutor.emailProperty(), tutor.phoneProperty())) {
            p.addListener((obs, old, now) -> tutorValid.set(tutor.valid()));
        }
        canCreate = Bindings.createBooleanBinding(
                () -> acceptable.get() && tutorValid.get() && !busy.get(), acceptable, tutorValid, busy);
    }

    /** Describes the two boxes as they are now (strength, rule, match); nothing of them is kept. */
    public void typed(CharSequence passphrase, CharSequence confirmation) {
        strength.set(PassphraseRule.strength(passphrase));
        verdict.set(PassphraseRule.check(passphrase));
        boolean same = Secrets.same(passphrase, confirmation);
        boolean differ = verdict.get() == Verdict.ACCEPTED && confirmation.length() > 0 && !same;
        mismatch.set(differ ? Messages.get("create.mismatch") : "");
        if (differ) {
            hint.set(Messages.get("create.mismatch"));
        } else {
            hint.set(Messages.get("verdict." + verdict.get().name()));
        }
        acceptable.set(verdict.get() == Verdict.ACCEPTED && same);
        error.set("");
    }

    /**
     * Whether Create may go ahead; if not, each box's problem shows beside it (and the view keeps
     * what is typed).
     */
    public boolean readyToCreate() {
        Tutor you = tutor.build(); // null, and its problems shown beside the boxes, when they need correcting
        return canCreate.get() && you != null;
    }

    /**
     * Creates the vault with copies of the two boxes (the view has cleared them); both are wiped here.
     * The copies are judged themselves: the boxes, cleared, now say nothing is typed.
     */
    public void create(char[] passphrase, char[] confirmation) {
        Tutor you = tutor.build();
        // checked on the copies: the view has cleared its boxes, so what they say now is not the question
        boolean ok = !busy.get() && you != null && PassphraseRule.check(java.nio.CharBuffer.wrap(passphrase)) == Verdict.ACCEPTED
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
        long started = System.nanoTime();
        show(demo ? 0 : -1, Messages.get("create.step.lock"), started);
        runner.run(() -> {
            // (The lock was tuned while the form was filled in, when the laptop has little else to do, and
            // nothing here starts before it is done: other work at the same time could make it weaker.)
            try {
                session.create(chosen);
            } finally {
                java.util.Arrays.fill(chosen, '\0');
            }
            new TutorStore(new TypedStore(session::records)).save(you);
            if (demo) {
                // Invented learners only; a fixed seed so every demo tells the same story.
                show(LOCK_SHARE, Messages.get("create.step.inventing"), started);
                DemoCaseload.Data data = DemoCaseload.generate(DEMO_SEED, DemoCaseload.Scale.DEMO, java.time.LocalDate.now());
                DemoCaseload.write(session.records(), data, (done, total) -> show(LOCK_SHARE + RECORDS_SHARE * done / total,
                        Messages.get("create.step.records", done, total), started));
                show(LOCK_SHARE + RECORDS_SHARE, Messages.get("create.step.sealing"), started);
                sealDemoConfidentialTutorials(data);
                show(1, Messages.get("create.step.done"), started);
            }
            return Boolean.TRUE;
        }, done -> {
            busy.set(false);
            onCreated.run();
        }, failure -> {
            busy.set(false);
            progressText.set("");
            error.set(Messages.get("create.failed"));
        });
    }

    /** Shares of the whole when the demo is filled in: tuning the lock, writing the records, sealing the envelopes. */
    private static final double LOCK_SHARE = 0.3;
    private static final double RECORDS_SHARE = 0.6;

    /** Shows how far it has got, with an honest estimate of the time left once there is enough to go on. */
    private void show(double fraction, String step, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        String left = fraction >= 0.35 && fraction < 1
                ? " " + Messages.get("create.eta", Math.max(1, Math.round(seconds * (1 - fraction) / fraction))) : "";
        ui.execute(() -> {
            progress.set(fraction);
            progressText.set(step + left);
        });
    }

    /**
     * A few of the demo's held tutorials become confidential, sealed as the app seals them, so a
     * new user sees the envelopes and can open one with {@link #DEMO_CONFIDENTIAL_PASSWORD}.
     */
    private void sealDemoConfidentialTutorials(DemoCaseload.Data data) {
        // The lightest Argon2 cost allowed: the demo's password is printed in the user guide, and each
        // envelope then seals in a moment rather than a second or two.
        org.tutela.app.confidential.ConfidentialTutorials sealer = org.tutela.app.confidential.ConfidentialTutorials.atLightestCost(
                new TypedStore(session::records), () -> "Demo", duration -> { });
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

    /** The tutor's own details, asked with the passphrase. */
    public TutorDetailsViewModel tutor() {
        return tutor;
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

    /** The second passphrase box's problem, "" when none (shown as a mark on the box; the hint says it in words). */
    public javafx.beans.property.ReadOnlyStringProperty mismatchProperty() {
        return mismatch;
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** Fill the new vault with an invented demo caseload, to try Tutela out. */
    public BooleanProperty fillWithDemoProperty() {
        return fillWithDemo;
    }

    /** How far creating has got: 0..1, or -1 while it cannot be told. */
    public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** What is being done, and about how long is left. */
    public StringProperty progressTextProperty() {
        return progressText;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanBinding canCreateProperty() {
        return canCreate;
    }
}
