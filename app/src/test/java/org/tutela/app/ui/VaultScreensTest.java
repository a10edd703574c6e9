package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.shell.MainWindow;
import org.tutela.crypto.Argon2Params;

/** The vault's screens through the real window, headless: create, lock, unlock, idle lock. */
@ExtendWith(ApplicationExtension.class)
class VaultScreensTest {
    private static final String PASSPHRASE = "kettle orchard violet tram";

    private VaultSession session;
    private MainWindow window;
    private Path home;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory("tutela-ui");
        AppHome appHome = new AppHome(home).ensureFolders();
        Settings settings = Settings.load(appHome.settingsFile());
        settings.setIdleLock(Duration.ofSeconds(3));
        session = new VaultSession(appHome.vaultFile("default"), Argon2Params.FLOOR);
        window = new MainWindow(appHome, settings, session);
        stage.setScene(window.scene());
        stage.show();
        stage.toFront();
    }

    /** Shuts the window down: its idle lock would otherwise go off minutes later, in another test. */
    @org.junit.jupiter.api.AfterEach
    void shutDown(FxRobot robot) {
        robot.interact(window::shutdown);
    }

    @Test
    void createLockUnlockWithWrongThenRightPassphraseAndIdleLock(FxRobot robot) throws Exception {
        // First start: the create screen, every control named for a screen reader.
        waitFor(robot, "#create-passphrase");
        assertEquals(java.util.List.of(), Accessibility.unnamedControls(robot.lookup("#create-passphrase").query().getScene().getRoot()));
        robot.clickOn("#create-passphrase").write("short");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Files.exists(session.vaultFile()), "a short passphrase cannot create a vault");
        assertTrue(robot.lookup("#create-hint").queryAs(Label.class).getText().contains("12 characters"));

        // Keyboard only from here: select all, retype, Tab to the confirmation, Tab to your name, Enter to create.
        robot.interact(() -> robot.lookup("#create-passphrase").query().requestFocus());
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(PASSPHRASE);
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        robot.write(PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Files.exists(session.vaultFile()), "not without the tutor's name");
        assertEquals("Type your name: it signs your notices and forms.",
                robot.lookup("#create-tutor-name-problem").queryAs(Label.class).getText(), "said beside the box");
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        robot.write("Wenna Trevithick");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#workspace");
        assertTrue(session.isUnlocked());
        assertTrue(Files.exists(session.vaultFile()));

        // Lock with the keyboard shortcut.
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        waitFor(robot, "#unlock-passphrase");
        assertFalse(session.isUnlocked(), "locking closes the vault");
        assertEquals(java.util.List.of(), Accessibility.unnamedControls(robot.lookup("#unlock-passphrase").query().getScene().getRoot()));

        // A wrong passphrase: the message, and still locked.
        robot.clickOn("#unlock-passphrase").write("kettle orchard violet bus");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        assertEquals("", robot.lookup("#unlock-passphrase").queryAs(javafx.scene.control.PasswordField.class).getText(),
                "the box is cleared the moment the passphrase is taken out of it");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#unlock-error").queryAs(Label.class).getText().startsWith("That passphrase does not open this vault"));
        assertFalse(session.isUnlocked());

        // The right one opens it, the caseload list read in one piece from the snapshot the lock kept.
        robot.clickOn("#unlock-passphrase").write(PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#workspace");
        assertTrue(session.isUnlocked());
        assertTrue(loadedCaseload(robot).openedFromSnapshot(), "locking keeps the caseload list as the vault's snapshot");

        // The Lock button locks too.
        robot.clickOn("#lock-button");
        waitFor(robot, "#unlock-passphrase");
        assertFalse(session.isUnlocked());
        robot.clickOn("#unlock-passphrase").write(PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#workspace");

        // Left alone for the idle time (3 s here), it locks itself and says why.
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !session.isUnlocked());
        waitFor(robot, "#unlock-passphrase");
        assertTrue(robot.lookup("#unlock-notice").queryAs(Label.class).getText().contains("3 seconds"));
        assertTrue(robot.lookup("#workspace").tryQuery().isEmpty(), "nothing of the workspace is left on screen");
    }

    private org.tutela.app.records.Caseload loadedCaseload(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> window.workspace() != null && window.workspace().caseload() != null);
        return window.workspace().caseload();
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            Node node = robot.lookup(query).tryQuery().orElse(null);
            return node != null && node.isVisible() && node.getScene() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node node = robot.lookup(query).query();
        robot.interact(node::requestFocus);
    }
}
