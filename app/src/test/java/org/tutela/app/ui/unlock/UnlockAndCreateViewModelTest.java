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

        model.typed("too short", "");
        assertFalse(model.canCreateProperty().get());
        assertTrue(model.hintProperty().get().contains("12 characters"));
        assertEquals("", model.mismatchProperty().get(), "nothing to compare yet: the second box has no mark");

        model.typed(PASSPHRASE, PASSPHRASE + "x");
        assertFalse(model.canCreateProperty().get());
        assertTrue(model.hintProperty().get().contains("not the same"));
        assertEquals("The two passphrases are not the same. Type the same passphrase in both boxes.", model.mismatchProperty().get(),
                "the second box's mark reads the same words");

        model.typed(PASSPHRASE, PASSPHRASE);
        assertEquals("", model.mismatchProperty().get());
        assertFalse(model.canCreateProperty().get(), "who the tutor is, is asked with the passphrase");
        assertFalse(model.readyToCreate());
        model.create(PASSPHRASE.toCharArray(), PASSPHRASE.toCharArray());
        assertEquals(0, created.get());
        assertEquals("Type your name: it signs your notices and forms.", model.tutor().nameProblemProperty().get());
        assertTrue(model.tutor().showProblemsProperty().get(), "the refused Create shows the problem beside the box");
        model.tutor().nameProperty().set("Wenna Trevithick");
        model.tutor().roleProperty().set("Work-based trainer");
        model.tutor().emailProperty().set("wenna.trevithick@example");
        assertFalse(model.canCreateProperty().get(), "an email address with a slip in it");
        model.tutor().emailProperty().set("wenna.trevithick@example.org");
        assertTrue(model.canCreateProperty().get());
        char[] chosen = PASSPHRASE.toCharArray();
        char[] again = PASSPHRASE.toCharArray();
        model.typed("", ""); // as the screen does it: the boxes are emptied as their characters are taken, before Create
        model.create(chosen, again);
        assertEquals(1, created.get());
        assertTrue(session.isUnlocked());
        assertTrue(Files.exists(session.vaultFile()));
        assertTrue(new String(chosen).chars().allMatch(c -> c == 0) && new String(again).chars().allMatch(c -> c == 0),
                "the passphrase copies are wiped once used");
        org.tutela.app.domain.Tutor kept = new org.tutela.app.records.TutorStore(new org.tutela.app.records.TypedStore(session::records)).load().orElseThrow();
        assertEquals(new org.tutela.app.domain.Tutor("Wenna Trevithick", "Work-based trainer", "wenna.trevithick@example.org", null), kept,
                "kept in the vault");
    }

    @Test
    void tickingTheDemoFillsTheNewVaultWithAnInventedCaseload(@TempDir Path dir) {
        VaultSession session = new VaultSession(dir.resolve("v.tutela"), Argon2Params.FLOOR);
        CreateVaultViewModel model = new CreateVaultViewModel(session, TaskRunner.INLINE, () -> { });
        model.typed(PASSPHRASE, PASSPHRASE);
        model.tutor().nameProperty().set("Wenna Trevithick");
        model.fillWithDemoProperty().set(true);
        java.util.List<String> said = new java.util.ArrayList<>();
        java.util.List<Double> bar = new java.util.ArrayList<>();
        model.progressTextProperty().addListener((o, was, now) -> said.add(now));
        model.progressProperty().addListener((o, was, now) -> bar.add(now.doubleValue()));
        model.create(PASSPHRASE.toCharArray(), PASSPHRASE.toCharArray());
        // It says what it is doing, how far it has got and about how long is left.
        assertTrue(said.get(0).startsWith("Tuning the lock to this laptop"), said.toString());
        assertTrue(said.stream().anyMatch(t -> t.matches("Writing the invented caseload: [0-9,]+ of [0-9,]+ records\\u2026 About \\d+ seconds? left\\.")),
                said.toString());
        assertTrue(said.stream().anyMatch(t -> t.startsWith("Sealing the demo's three confidential tutorials")), said.toString());
        for (int i = 1; i < bar.size(); i++) {
            assertTrue(bar.get(i) >= bar.get(i - 1), "the bar only moves forward: " + bar);
        }
        assertEquals(1.0, bar.get(bar.size() - 1));
        org.tutela.app.records.Caseload caseload = org.tutela.app.records.Caseload.load(session.records());
        assertEquals(17, caseload.groups().size());
        assertTrue(caseload.learners().size() >= 17 * 10, "about 15 learners a group");
        assertTrue(caseload.tutorialCount() > caseload.learners().size(), "a few years of tutorials");
        assertEquals(3, caseload.sealedTutorialIds().size(), "a few confidential tutorials, sealed");
        var tutorials = new org.tutela.app.confidential.ConfidentialTutorials(new org.tutela.app.records.TypedStore(session::records), "Demo", java.time.Clock.systemUTC(),
                org.tutela.app.confidential.Sleeper.REAL, Argon2Params.FLOOR);
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
        model.typed("lantern meadow copper kit");
        assertTrue(model.canUnlockProperty().get());
        char[] wrong = "lantern meadow copper kit".toCharArray();
        model.unlock(wrong);
        assertTrue(new String(wrong).chars().allMatch(c -> c == 0), "the copy is wiped after the try");
        assertEquals("That passphrase does not open this vault. Check Caps Lock and try again.", model.errorProperty().get());
        assertFalse(session.isUnlocked());
        assertEquals(0, unlocked.get());

        model.unlock(PASSPHRASE.toCharArray());
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
        model.unlock(PASSPHRASE.toCharArray());
        assertTrue(model.errorProperty().get().contains(file.toString()), model.errorProperty().get());
        assertTrue(model.errorProperty().get().contains("has not changed it"));
        assertFalse(session.isUnlocked());
        assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(file)), "the file is untouched");
    }

    @Test
    void aVaultFromANewerVersionIsNotCalledDamagedAndNoBackupIsSuggested(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.tutela");
        VaultSession session = new VaultSession(file, Argon2Params.FLOOR);
        session.create(PASSPHRASE.toCharArray());
        session.lock();
        // a later version of Tutela has moved the file to a format this one does not know
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 999");
        }
        byte[] before = Files.readAllBytes(file);
        UnlockViewModel model = new UnlockViewModel(session, TaskRunner.INLINE, () -> { });
        model.unlock(PASSPHRASE.toCharArray());
        String said = model.errorProperty().get();
        assertTrue(said.contains(file.toString()) && said.contains("newer version of Tutela"), said);
        assertFalse(said.contains("damaged"), said);
        assertTrue(said.contains("do not restore an older backup"), said);
        assertFalse(session.isUnlocked());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the file is untouched");
    }
}
