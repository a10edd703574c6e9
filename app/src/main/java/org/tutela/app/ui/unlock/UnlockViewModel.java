package org.tutela.app.ui.unlock;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.VaultDamagedException;
import org.tutela.app.vault.VaultInUseException;
import org.tutela.app.vault.WrongPassphraseException;

/** The lock screen: one passphrase box. A wrong try says so and changes nothing. */
public final class UnlockViewModel {
    private final VaultSession session;
    private final TaskRunner runner;
    private final Runnable onUnlocked;

    private final StringProperty passphrase = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanBinding canUnlock;

    public UnlockViewModel(VaultSession session, TaskRunner runner, Runnable onUnlocked) {
        this.session = session;
        this.runner = runner;
        this.onUnlocked = onUnlocked;
        canUnlock = Bindings.createBooleanBinding(() -> !passphrase.get().isEmpty() && !busy.get(), passphrase, busy);
    }

    public void unlock() {
        if (!canUnlock.get()) {
            return;
        }
        char[] typed = passphrase.get().toCharArray();
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
            passphrase.set("");
            notice.set("");
            onUnlocked.run();
        }, failure -> {
            busy.set(false);
            passphrase.set("");
            error.set(messageFor(failure));
        });
    }

    private String messageFor(Throwable failure) {
        if (failure instanceof WrongPassphraseException) {
            return Messages.get("unlock.wrongPassphrase");
        }
        if (failure instanceof VaultDamagedException damaged) {
            return Messages.get("unlock.damaged", damaged.file().toString());
        }
        if (failure instanceof VaultInUseException) {
            return Messages.get("unlock.inUse");
        }
        return Messages.get("unlock.failed", failure.getMessage());
    }

    public StringProperty passphraseProperty() {
        return passphrase;
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
