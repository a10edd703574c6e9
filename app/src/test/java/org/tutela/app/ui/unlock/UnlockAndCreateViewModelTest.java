package org.tutela.app.ui.unlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.session.VaultSession;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.crypto.Argon2Params;

/** The view models of the first-start and lock screens, with a real vault file and no toolkit. */
class UnlockAndCreateViewModelTest {
    private static final String PASSPHRASE = "lantern meadow copper kite";

    @Test
    void createNeedsAnAcceptedPassphraseTypedTwiceThenCreatesTheVault(@TempDir Path dir) {
        VaultSession session = new VaultSession(dir.resolve("v.tutela"), Argon2Params.FLOOR);
        AtomicInteger created = new AtomicInteger();
        CreateVaultViewModel model = new CreateVaultViewModel(session, TaskRunner.INLINE, created::incrementAndGet);

        model.passphraseProperty().set("too short");
        assertFalse(model.canCreateProperty().get());
        assertTrue(model.hintProperty().get().contains("12 characters"));

        model.passphraseProperty().set(PASSPHRASE);
        model.confirmationProperty().set(PASSPHRASE + "x");
        assertFalse(model.canCreateProperty().get());
        assertTrue(model.hintProperty().get().contains("not the same"));

        model.confirmationProperty().set(PASSPHRASE);
        assertTrue(model.canCreateProperty().get());
        model.create();
        assertEquals(1, created.get());
        assertTrue(session.isUnlocked());
        assertTrue(Files.exists(session.vaultFile()));
        assertEquals("", model.passphraseProperty().get(), "the typed passphrase is cleared");
    }

    @Test
    void tickingTheDemoFillsTheNewVaultWithAnInventedCaseload(@TempDir Path dir) {
        VaultSession session = new VaultSession(dir.resolve("v.tutela"), Argon2Params.FLOOR);
        CreateVaultViewModel model = new CreateVaultViewModel(session, TaskRunner.INLINE, () -> { });
        model.passphraseProperty().set(PASSPHRASE);
        model.confirmationProperty().set(PASSPHRASE);
        model.fillWithDemoProperty().set(true);
        model.create();
        org.tutela.app.records.Caseload caseload = org.tutela.app.records.Caseload.load(session.records());
        assertEquals(17, caseload.groups().size());
        assertTrue(caseload.learners().size() >= 17 * 10, "about 15 learners a group");
        assertTrue(caseload.tutorialCount() > caseload.learners().size(), "a few years of tutorials");
        assertEquals(3, caseload.sealedTutorialIds().size(), "a few confidential tutorials, sealed");
        var tutorials = org.tutela.app.confidential.ConfidentialTutorials.forSession(session, "Demo");
        var opened = tutorials.open(caseload.sealedTutorialIds().get(0), CreateVaultViewModel.DEMO_CONFIDENTIAL_PASSWORD.toCharArray());
        assertTrue(opened.tutorial().confidential());
    }

    @Test
    void wrongPassphraseSaysSoAndTheRightOneUnlocks(@TempDir Path dir) {
        VaultSession session = new VaultSession(dir.resolve("v.tutela"), Argon2Params.FLOOR);
        session.create(PASSPHRASE.toCharArray());
        session.lock();
        AtomicInteger unlocked = new AtomicInteger();
        UnlockViewModel model = new UnlockViewModel(session, TaskRunner.INLINE, unlocked::incrementAndGet);

        assertFalse(model.canUnlockProperty().get(), "nothing typed, nothing to try");
        model.passphraseProperty().set("lantern meadow copper kit");
        model.unlock();
        assertEquals("That passphrase does not open this vault. Check Caps Lock and try again.", model.errorProperty().get());
        assertFalse(session.isUnlocked());
        assertEquals(0, unlocked.get());

        model.passphraseProperty().set(PASSPHRASE);
        model.unlock();
        assertTrue(session.isUnlocked());
        assertEquals(1, unlocked.get());
        assertEquals("", model.errorProperty().get());
    }

    @Test
    void aFileThatIsNotAVaultIsNamedAndLeftAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.tutela");
        byte[] junk = "this is not a vault, just some words".getBytes();
        Files.write(file, junk);
        VaultSession session = new VaultSession(file, Argon2Params.FLOOR);
        UnlockViewModel model = new UnlockViewModel(session, TaskRunner.INLINE, () -> { });
        model.passphraseProperty().set(PASSPHRASE);
        model.unlock();
        assertTrue(model.errorProperty().get().contains(file.toString()), model.errorProperty().get());
        assertTrue(model.errorProperty().get().contains("has not changed it"));
        assertFalse(session.isUnlocked());
        assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(file)), "the file is untouched");
    }
}
