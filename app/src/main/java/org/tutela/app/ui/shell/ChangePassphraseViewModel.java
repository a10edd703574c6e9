package org.tutela.app.ui.shell;

import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.ChangeSecretViewModel;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.WrongPassphraseException;

/** Change the vault's passphrase: the current one, then the new one twice, under the same rule as at creation. */
public final class ChangePassphraseViewModel extends ChangeSecretViewModel {

    public ChangePassphraseViewModel(VaultSession session, TaskRunner runner) {
        super(runner, session::changePassphrase, "create.mismatch", "change.done",
                failure -> failure instanceof WrongPassphraseException
                        ? Messages.get("change.wrongCurrent")
                        : Messages.get("error.unexpected", failure.getMessage()));
    }
}
