package org.tutela.app.ui.unlock;

import org.tutela.app.ui.common.Failures;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * The lock screen: one passphrase box. A wrong try says so and changes nothing. The passphrase
 * is not kept here: the view reports whether anything is typed and hands over a copy to unlock
 * with, which is wiped as soon as the vault has used it.
 */
public final class UnlockViewModel {
    private final VaultSession session;
    private final TaskRunner runner;
    private final Runnable onUnlocked;

    private final BooleanProperty typed = new SimpleBooleanProperty(false);
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanBinding canUnlock;

    public UnlockViewModel(VaultSession session, TaskRunner runner, Runnable onUnlocked) {
        this.session = session;
        this.runner = runner;
        this.onUnlocked = onUnlocked;
        canUnlock = Bindings.createBooleanBinding(() -> typed.get() && !busy.get(), typed, busy);
    }

    /** What the box holds now (only whether it is empty is looked at). */
    public void typed(CharSequence passphrase) {
        typed.set(passphrase.length() > 0);
    }

    /** Unlocks with a copy of the passphrase (the view has cleared its box); the copy is wiped here. */
    public void unlock(char[] passphrase) {
        if (busy.get() || passphrase.length == 0) {
            org.tutela.app.ui.common.Secrets.wipe(passphrase);
            return;
        }
        char[] typed = passphrase;
        busy.set(true);
        error.set("");
        runner.run(() -> {
            try {
                session.unlock(typed);
            } finally {
                java.util.Arrays.fill(typed, '\0');
            }
            return Boolean.TRUE;
        }, done -> {
            busy.set(false);
            notice.set("");
            onUnlocked.run();
        }, failure -> {
            busy.set(false);
            error.set(messageFor(failure));
        });
    }

    /** Wrong passphrase, damaged file, in use elsewhere: the failure mapper's words; anything else, that it could not be opened. */
    private String messageFor(Throwable failure) {
        Failures.Failure f = Failures.of(failure);
        return switch (f.kind()) {
            case WRONG_PASSPHRASE, VAULT_IN_USE, VAULT_HEADER_DAMAGED, VAULT_FROM_NEWER_VERSION, VAULT_DAMAGED -> f.text();
            default -> Messages.get("unlock.failed");
        };
    }

    public StringProperty errorProperty() {
        return error;
    }

    /** Why the screen is shown, e.g. "locked itself after 5 minutes". */
    public StringProperty noticeProperty() {
        return notice;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanBinding canUnlockProperty() {
        return canUnlock;
    }
}
