package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.learner.LearnerViewModel;
import org.tutela.app.ui.shell.MainWindow;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.VaultForensics;

/**
 * Issue 5 through the real window, headless: keep a held tutorial confidential (its password
 * twice), go back and see only its envelope in the timeline, open it with a wrong then the right
 * password, and lock: the opened content window closes with the vault.
 */
@ExtendWith(ApplicationExtension.class)
class ConfidentialFlowTest {
    private static final String SECRET = "Zebulon Crankshaw spoke about the flat";
    private static final String PASSWORD = "copper lantern tidal moss";

    private VaultSession session;
    private MainWindow window;
    private UiFixtures.Seeded seeded;
    private Path home;
    private Path vaultFile;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory("tutela-confidential");
        AppHome appHome = new AppHome(home).ensureFolders();
        seeded = UiFixtures.createVault(appHome.vaultFile("default"), DemoCaseload.Scale.TINY);
        session = new VaultSession(appHome.vaultFile("default"), Argon2Params.FLOOR);
        vaultFile = appHome.vaultFile("default");
        window = new MainWindow(appHome, Settings.load(appHome.settingsFile()), session);
        stage.setScene(window.scene());
        stage.setWidth(1200);
        stage.setHeight(800);
        stage.show();
    }

    /** Shuts the window down: its idle lock would otherwise go off minutes later, in another test. */
    @org.junit.jupiter.api.AfterEach
    void shutDown(FxRobot robot) {
        robot.interact(window::shutdown);
    }

    @Test
    void markConfidentialSeeTheEnvelopeOpenWithWrongThenRightPassword(FxRobot robot) throws Exception {
        Caseload caseload = unlock(robot);

        // A held review of the seeded learner; put a comment in it first, as a tutor would.
        Tutorial review = caseload.tutorialsOf(seeded.learnerId()).stream()
                .filter(t -> t.held() && !t.confidential() && t.kind() == TutorialKind.ONE_TO_ONE_REVIEW).findFirst().orElseThrow();
        caseload.tutorialWrites().saveTutorial(review.withForm(review.form().toBuilder().comments(SECRET).build()));
        robot.interact(() -> window.workspace().openLearner(seeded.learnerId()));
        waitFor(robot, "#learner-timeline");
        select(robot, review.id());
        robot.clickOn("#open-entry");
        waitFor(robot, "#form-make-confidential");

        // Keep it confidential: the password twice.
        robot.clickOn("#form-make-confidential");
        waitFor(robot, "#confidential-mark-password");
        robot.clickOn("#confidential-mark-password").write(PASSWORD);
        robot.clickOn("#confidential-mark-confirm").write(PASSWORD);
        byte[] openVersion = VaultForensics.storedCiphertext(vaultFile, review.id());
        robot.clickOn("#confidential-mark-seal");

        // Sealed, and the form stays for the tutor to go on writing, saved sealed.
        waitFor(robot, "#form-confidential-banner");
        assertEquals(SECRET, robot.lookup("#form-comments").queryAs(TextArea.class).getText());
        StoredRecord sealed = session.records().get(review.id()).orElseThrow();
        assertTrue(sealed.sealed());
        assertFalse(new String(sealed.body(), StandardCharsets.UTF_8).contains(SECRET),
                "the stored record is the envelope: the vault's own key no longer reaches the comment");
        assertEquals(List.of(), VaultForensics.filesHolding(openVersion, VaultForensics.filesOf(vaultFile)),
                "the open version saved before is erased from the vault and its log");
        robot.clickOn("#form-comments");
        robot.press(KeyCode.END).release(KeyCode.END);
        robot.write(" and the lease");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> session.records().get(review.id()).orElseThrow().revision() > sealed.revision());
        assertTrue(session.records().get(review.id()).orElseThrow().sealed(), "the draft was saved sealed");

        // Back in the timeline: the envelope, not the tutorial.
        robot.clickOn("#form-back");
        waitFor(robot, "#learner-timeline");
        ListView<LearnerViewModel.Entry> timeline = robot.lookup("#learner-timeline").queryListView();
        LearnerViewModel.Entry entry = timeline.getItems().stream().filter(e -> review.id().equals(e.tutorialId())).findFirst().orElseThrow();
        assertTrue(entry.confidential());
        assertFalse(entry.toString().contains(SECRET));

        // Open it: a wrong password says so; the right one shows the content.
        select(robot, review.id());
        robot.clickOn("#open-entry");
        waitFor(robot, "#envelope-open");
        robot.clickOn("#envelope-open");
        waitFor(robot, "#confidential-open-password");
        robot.clickOn("#confidential-open-password").write("copper lantern tidal mist");
        robot.clickOn("#confidential-open-button");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#confidential-open-error").queryAs(Label.class).getText().startsWith("That password does not open"));
        // The delay after a wrong try: wait it out, then the right password.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup("#confidential-open-button").queryButton().isDisabled()
                || robot.lookup("#confidential-open-password").query().isDisabled() == false);
        robot.clickOn("#confidential-open-password");
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(PASSWORD);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup("#confidential-open-button").queryButton().isDisabled());
        robot.clickOn("#confidential-open-button");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#confidential-opened-form .label").queryAllAs(Label.class).stream()
                        .anyMatch(l -> l.getText().contains(SECRET + " and the lease")));

        // Locking closes the opened content with the vault.
        robot.interact(() -> window.lock(false));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !session.isUnlocked());
        waitFor(robot, "#unlock-passphrase");
        assertTrue(robot.lookup("#confidential-open-content").tryQuery().isEmpty(), "no decrypted window is left open");
    }

    @Test
    void markedConfidentialBeforeAnythingIsTypedTheFormSavesOnlySealed(FxRobot robot) throws Exception {
        Caseload caseload = unlock(robot);
        Tutorial review = caseload.tutorialsOf(seeded.learnerId()).stream()
                .filter(t -> t.held() && !t.locked() && !t.confidential() && t.kind() == TutorialKind.ONE_TO_ONE_REVIEW)
                .findFirst().orElseThrow();
        robot.interact(() -> window.workspace().openTutorial(review.id()));
        waitFor(robot, "#form-make-confidential");

        // Nothing typed yet: keep it confidential first.
        robot.clickOn("#form-make-confidential");
        waitFor(robot, "#confidential-mark-password");
        robot.clickOn("#confidential-mark-password").write(PASSWORD);
        robot.clickOn("#confidential-mark-confirm").write(PASSWORD);
        robot.clickOn("#confidential-mark-seal");
        waitFor(robot, "#form-confidential-banner");
        long sealedRevision = session.records().get(review.id()).orElseThrow().revision();

        // Then type: the draft saves itself, sealed, never open.
        robot.clickOn("#form-comments");
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(SECRET);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> session.records().get(review.id()).orElseThrow().revision() > sealedRevision);
        StoredRecord saved = session.records().get(review.id()).orElseThrow();
        assertTrue(saved.sealed(), "the autosave wrote the sealed envelope");
        assertFalse(new String(saved.body(), StandardCharsets.UTF_8).contains(SECRET));
        assertTrue(session.records().pendingOutbox(1000).stream().filter(e -> e.recordId().equals(review.id()))
                .allMatch(e -> e.record().sealed()), "nothing open waits to go to head office");
        var tutorials = new org.tutela.app.confidential.ConfidentialTutorials(new org.tutela.app.records.TypedStore(session::records), "Tutor", java.time.Clock.systemUTC(),
                d -> { }, org.tutela.crypto.Argon2Params.FLOOR);
        try (var opened = tutorials.open(review.id(), PASSWORD.toCharArray())) {
            assertEquals(SECRET, opened.tutorial().form().comments(), "what was typed is in the envelope");
        }

        // Leaving the form: only the envelope is shown again.
        robot.clickOn("#form-back");
        waitFor(robot, "#learner-timeline");
        robot.interact(() -> window.workspace().openTutorial(review.id()));
        waitFor(robot, "#confidential-envelope");
        assertTrue(robot.lookup("#form-comments").tryQuery().isEmpty(), "only the envelope shows");
    }

    private Caseload unlock(FxRobot robot) throws Exception {
        waitFor(robot, "#unlock-passphrase");
        robot.clickOn("#unlock-passphrase").write(UiFixtures.PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.workspace() != null && window.workspace().caseload() != null);
        return window.workspace().caseload();
    }

    private static void select(FxRobot robot, UUID tutorialId) {
        ListView<LearnerViewModel.Entry> list = robot.lookup("#learner-timeline").queryListView();
        robot.interact(() -> {
            for (int i = 0; i < list.getItems().size(); i++) {
                if (tutorialId.equals(list.getItems().get(i).tutorialId())) {
                    list.getSelectionModel().select(i);
                    list.scrollTo(i);
                }
            }
        });
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            Node node = robot.lookup(query).tryQuery().orElse(null);
            return node != null && node.isVisible() && node.getScene() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
