package org.tutela.app.ui.confidential;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.OpenedTutorial;
import org.tutela.app.confidential.DamagedConfidentialTutorialException;
import org.tutela.app.confidential.WrongConfidentialPasswordException;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.TargetReview;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Open a confidential tutorial with its password. Wrong: a clear message and the growing delay
 * (the next try waits it out). Right: the content, read only, until {@link #close()} (the dialog
 * closes, or the vault locks).
 */
public final class OpenConfidentialViewModel {
    private final ConfidentialTutorials tutorials;
    private final UUID tutorialId;
    private final TaskRunner runner;
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty content = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObjectProperty<OpenedTutorial> opened = new SimpleObjectProperty<>();
    private final BooleanBinding canOpen;
    private final BooleanBinding isOpen;

    public OpenConfidentialViewModel(ConfidentialTutorials tutorials, UUID tutorialId, TaskRunner runner) {
        this.tutorials = tutorials;
        this.tutorialId = tutorialId;
        this.runner = runner;
        isOpen = opened.isNotNull();
        canOpen = Bindings.createBooleanBinding(() -> !password.get().isEmpty() && !busy.get() && opened.get() == null,
                password, busy, opened);
        Duration owed = tutorials.delayBeforeNextTry(tutorialId);
        if (!owed.isZero()) {
            message.set(Messages.get("confidential.open.wait", ConfidentialUi.seconds(owed)));
        }
    }

    public void open() {
        if (!canOpen.get()) {
            return;
        }
        char[] typed = password.get().toCharArray();
        busy.set(true);
        error.set("");
        Duration owed = tutorials.delayBeforeNextTry(tutorialId);
        message.set(owed.isZero() ? Messages.get("confidential.open.working")
                : Messages.get("confidential.open.wait", ConfidentialUi.seconds(owed)));
        runner.run(() -> {
            try {
                return tutorials.open(tutorialId, typed);
            } finally {
                Arrays.fill(typed, '\0');
            }
        }, result -> {
            busy.set(false);
            password.set("");
            message.set("");
            opened.set(result);
            content.set(render(result.tutorial()));
        }, failure -> {
            busy.set(false);
            password.set("");
            message.set("");
            if (failure instanceof WrongConfidentialPasswordException wrong) {
                error.set(Messages.get("confidential.open.wrong", wrong.failures(), ConfidentialUi.seconds(wrong.nextDelay())));
            } else if (failure instanceof DamagedConfidentialTutorialException) {
                error.set(Messages.get("confidential.open.damaged"));
            } else {
                error.set(Messages.get("confidential.open.failed", String.valueOf(failure.getMessage())));
            }
        });
    }

    /** Forgets the content (idempotent). */
    public void close() {
        OpenedTutorial current = opened.get();
        if (current != null) {
            current.close();
            opened.set(null);
            content.set("");
            message.set(Messages.get("confidential.open.closed"));
        }
        password.set("");
    }

    public ConfidentialTutorials tutorials() {
        return tutorials;
    }

    public UUID tutorialId() {
        return tutorialId;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty messageProperty() {
        return message;
    }

    /** The opened tutorial as read-only text ("" when closed). */
    public StringProperty contentProperty() {
        return content;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** The opened tutorial (null when closed), for a screen that shows the full form read-only. */
    public ObjectProperty<OpenedTutorial> openedProperty() {
        return opened;
    }

    public BooleanBinding canOpenProperty() {
        return canOpen;
    }

    public BooleanBinding isOpenProperty() {
        return isOpen;
    }

    static String render(Tutorial t) {
        TutorialForm f = t.form();
        StringBuilder s = new StringBuilder();
        s.append(Messages.get("confidential.content.header", t.kind().name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT),
                t.tutor() == null ? "" : t.tutor(), ConfidentialUi.date(t.date()))).append("\n\n");
        section(s, "confidential.content.comments", f.comments());
        section(s, "confidential.content.learnerComments", f.learnerComments());
        section(s, "confidential.content.tutorComments", f.tutorComments());
        if (!f.previousTargets().isEmpty()) {
            s.append(Messages.get("confidential.content.previousTargets")).append('\n');
            for (TargetReview r : f.previousTargets()) {
                s.append(Messages.get("confidential.content.target", r.text(), ConfidentialUi.date(r.byWhen())));
                if (r.met() != null) {
                    s.append(": ").append(r.met() ? Messages.get("confidential.content.met")
                            : Messages.get("confidential.content.notMet", r.whyNot() == null ? "" : r.whyNot()));
                }
                s.append('\n');
            }
            s.append('\n');
        }
        if (!f.newTargets().isEmpty()) {
            s.append(Messages.get("confidential.content.newTargets")).append('\n');
            for (NewTarget n : f.newTargets()) {
                s.append(Messages.get("confidential.content.target", n.text(), ConfidentialUi.date(n.byWhen()))).append('\n');
            }
            s.append('\n');
        }
        section(s, "confidential.content.agreedActions", f.agreedActions());
        if (f.nextTutorialDate() != null) {
            s.append(Messages.get("confidential.content.nextTutorial", ConfidentialUi.date(f.nextTutorialDate()))).append('\n');
        }
        return s.toString().strip();
    }

    private static void section(StringBuilder s, String key, String text) {
        if (text != null && !text.isBlank()) {
            s.append(Messages.get(key)).append('\n').append(text.strip()).append("\n\n");
        }
    }
}
