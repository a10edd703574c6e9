package org.tutela.app.ui.confidential;

import org.tutela.app.ui.common.Failures;
import java.util.UUID;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.WrongConfidentialPasswordException;
import org.tutela.app.ui.common.ChangeSecretViewModel;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** Change a confidential tutorial's password: the current one, then the new one twice. Rewraps its key only. */
public final class ChangeConfidentialPasswordViewModel extends ChangeSecretViewModel {

    public ChangeConfidentialPasswordViewModel(ConfidentialTutorials tutorials, UUID tutorialId, TaskRunner runner) {
        super(runner, (current, replacement) -> tutorials.changePassword(tutorialId, current, replacement),
                "confidential.mark.mismatch", "confidential.change.done",
                failure -> failure instanceof WrongConfidentialPasswordException wrong
                        ? Messages.get("confidential.change.wrong", ConfidentialUi.seconds(wrong.nextDelay()))
                        : Failures.text(failure));
    }
}
