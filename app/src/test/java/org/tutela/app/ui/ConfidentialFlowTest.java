package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.tutela.app.records.DemoCaseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.learner.LearnerViewModel;
import org.tutela.app.ui.shell.MainWindow;
import org.tutela.crypto.Argon2Params;

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

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory("tutela-confidential");
        AppHome appHome = new AppHome(home).ensureFolders();
        seeded = UiFixtures.createVault(appHome.vaultFile("default"), DemoCaseload.Scale.TINY);
        session = new VaultSession(appHome.vaultFile("default"), Argon2Params.FLOOR);
        window = new MainWindow(appHome, Settings.load(appHome.settingsFile()), session);
        stage.setScene(window.scene());
        stage.setWidth(1200);
        stage.setHeight(800);
        stage.show();
    }

    @Test
    void markConfidentialSeeTheEnvelopeOpenWithWrongThenRightPassword(FxRobot robot) throws Exception {
        waitFor(robot, "#unlock-passphrase");
        robot.clickOn("#unlock-passphrase").write(UiFixtures.PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.workspace() != null && window.workspace().caseload() != null);
        Caseload caseload = window.workspace().caseload();

        // A held review of the seeded learner; put a comment in it first, as a tutor would.
        Tutorial review = caseload.tutorialsOf(seeded.learnerId()).stream()
                .filter(t -> t.held() && !t.confidential() && t.kind() == TutorialKind.ONE_TO_ONE_REVIEW).findFirst().orElseThrow();
        caseload.saveTutorial(review.withForm(review.form().toBuilder().comments(SECRET).build()));
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
        robot.clickOn("#confidential-mark-seal");
        waitFor(robot, "#confidential-envelope");
        assertTrue(robot.lookup("#form-comments").tryQuery().isEmpty(), "only the envelope shows");

        // The stored record is the envelope: the vault's own key no longer reaches the comment.
        byte[] stored = session.records().get(review.id()).orElseThrow().body();
        assertFalse(new String(stored, StandardCharsets.UTF_8).contains(SECRET));
        assertTrue(session.records().get(review.id()).orElseThrow().sealed());

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
                () -> robot.lookup("#confidential-open-content").queryAs(TextArea.class).getText().contains(SECRET));

        // Locking closes the opened content with the vault.
        robot.interact(() -> window.lock(false));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !session.isUnlocked());
        waitFor(robot, "#unlock-passphrase");
        assertTrue(robot.lookup("#confidential-open-content").tryQuery().isEmpty(), "no decrypted window is left open");
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
