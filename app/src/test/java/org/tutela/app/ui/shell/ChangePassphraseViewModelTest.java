package org.tutela.app.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.WrongPassphraseException;
import org.tutela.crypto.Argon2Params;

class ChangePassphraseViewModelTest {
    private static final String OLD = "lantern meadow copper kite";
    private static final String NEW = "harbour thistle amber drum";

    @Test
    void wrongCurrentChangesNothingAndTheRightOneSwitchesToTheNewPassphrase(@TempDir Path dir) {
        VaultSession session = new VaultSession(dir.resolve("v.tutela"), Argon2Params.FLOOR);
        session.create(OLD.toCharArray());
        ChangePassphraseViewModel model = new ChangePassphraseViewModel(session, TaskRunner.INLINE);

        model.currentProperty().set("not the passphrase");
        model.replacementProperty().set(NEW);
        assertFalse(model.canChangeProperty().get(), "the new one must be typed twice");
        model.confirmationProperty().set(NEW);
        assertTrue(model.canChangeProperty().get());
        model.change();
        assertEquals("The current passphrase is not right. Nothing has been changed.", model.errorProperty().get());
        session.lock();
        session.unlock(OLD.toCharArray());

        model.currentProperty().set(OLD);
        model.change();
        assertTrue(model.doneProperty().get());
        assertTrue(model.messageProperty().get().startsWith("Your passphrase has been changed"));
        session.lock();
        assertThrows(WrongPassphraseException.class, () -> session.unlock(OLD.toCharArray()));
        session.unlock(NEW.toCharArray());
        assertTrue(session.isUnlocked());
    }

    @Test
    void theNewPassphraseFollowsTheSameRuleAsAtCreation(@TempDir Path dir) {
        VaultSession session = new VaultSession(dir.resolve("v.tutela"), Argon2Params.FLOOR);
        session.create(OLD.toCharArray());
        ChangePassphraseViewModel model = new ChangePassphraseViewModel(session, TaskRunner.INLINE);
        model.currentProperty().set(OLD);
        model.replacementProperty().set("password123!");
        model.confirmationProperty().set("password123!");
        assertFalse(model.canChangeProperty().get());
        assertTrue(model.messageProperty().get().contains("well-known"));
    }
}
