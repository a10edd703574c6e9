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

        model.typed("not the passphrase", NEW, "");
        assertFalse(model.canChangeProperty().get(), "the new one must be typed twice");
        model.typed("not the passphrase", NEW, NEW);
        assertTrue(model.canChangeProperty().get());
        char[] current = "not the passphrase".toCharArray();
        char[] replacement = NEW.toCharArray();
        char[] confirmation = NEW.toCharArray();
        model.change(current, replacement, confirmation);
        for (char[] copy : new char[][] {current, replacement, confirmation}) {
            assertTrue(new String(copy).chars().allMatch(c -> c == 0), "every copy is wiped after use");
        }
        assertEquals("The current passphrase is not right. Nothing has been changed.", model.errorProperty().get());
        session.lock();
        session.unlock(OLD.toCharArray());

        model.change(OLD.toCharArray(), NEW.toCharArray(), NEW.toCharArray());
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
        model.typed(OLD, "password123!", "password123!");
        assertFalse(model.canChangeProperty().get());
        assertTrue(model.messageProperty().get().contains("well-known"));
    }
}
