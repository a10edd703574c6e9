package org.tutela.app.ui.shell;

import org.tutela.app.ui.common.Failures;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.ChangeSecretViewModel;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** Change the vault's passphrase: the current one, then the new one twice, under the same rule as at creation. */
public final class ChangePassphraseViewModel extends ChangeSecretViewModel {

    public ChangePassphraseViewModel(VaultSession session, TaskRunner runner) {
        super(runner, session::changePassphrase, "create.mismatch", "change.done",
                failure -> Failures.of(failure).kind() == Failures.Kind.WRONG_PASSPHRASE
                        ? Messages.get("change.wrongCurrent")
                        : Failures.text(failure));
    }
}
