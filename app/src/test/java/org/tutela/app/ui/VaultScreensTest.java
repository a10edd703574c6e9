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
    private Path home;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory("tutela-ui");
        AppHome appHome = new AppHome(home).ensureFolders();
        Settings settings = Settings.load(appHome.settingsFile());
        settings.setIdleLock(Duration.ofSeconds(3));
        session = new VaultSession(appHome.vaultFile("default"), Argon2Params.FLOOR);
        MainWindow window = new MainWindow(appHome, settings, session);
        stage.setScene(window.scene());
        stage.show();
        stage.toFront();
    }

    @Test
    void createLockUnlockWithWrongThenRightPassphraseAndIdleLock(FxRobot robot) throws Exception {
        // First start: the create screen, every control named for a screen reader.
        waitFor(robot, "#create-passphrase");
        assertEquals(java.util.List.of(), Accessibility.unnamedControls(robot.lookup("#create-passphrase").query().getScene().getRoot()));
        Button create = robot.lookup("#create-button").queryButton();
        robot.clickOn("#create-passphrase").write("short");
        assertTrue(create.isDisabled(), "a short passphrase cannot create a vault");
        assertTrue(robot.lookup("#create-hint").queryAs(Label.class).getText().contains("12 characters"));

        // Keyboard only from here: select all, retype, Tab to the confirmation, Enter to create.
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(PASSPHRASE);
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        robot.write(PASSPHRASE);
        assertFalse(create.isDisabled(), "an accepted passphrase typed twice can create the vault");
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
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#unlock-error").queryAs(Label.class).getText().startsWith("That passphrase does not open this vault"));
        assertFalse(session.isUnlocked());

        // The right one opens it.
        robot.clickOn("#unlock-passphrase").write(PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#workspace");
        assertTrue(session.isUnlocked());

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
