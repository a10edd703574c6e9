package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.text;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import javafx.scene.Node;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A confidential tutorial's password typed after a wrong one, by keyboard only: while the wrong
 * try is checked and its delay waited out, the focus stays in the password box and every key
 * typed lands there; Enter pressed meanwhile tries the new password as soon as it can.
 */
@ExtendWith(ApplicationExtension.class)
class ConfidentialPasswordTest {
    private Drive drive;

    @Start
    void start(Stage stage) throws Exception {
        drive = Drive.start(stage, 1366, 768);
    }

    @org.junit.jupiter.api.AfterEach
    void stop(FxRobot robot) {
        drive.stop(robot);
    }

    @Test
    void keysTypedDuringTheDelayAfterAWrongPasswordAreKept(FxRobot robot) throws Exception {
        drive.unlock(robot);
        drive.openLearner(robot, drive.seeded.learnerId());
        Drive.selectTimeline(robot, drive.seeded.confidentialId());
        robot.clickOn("#open-entry");
        waitFor(robot, "#envelope-open");
        robot.clickOn("#envelope-open");
        waitFor(robot, "#confidential-open-password");
        PasswordField box = robot.lookup("#confidential-open-password").queryAs(PasswordField.class);
        robot.clickOn(box);

        // A first wrong try, typed.
        robot.write("harbour thistle amber dram");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        assertEquals("", box.getText(), "the password tried leaves the box at once");
        waitUntil(() -> text(robot, "#confidential-open-error").startsWith("That password does not open"));
        assertTrue(box.isFocused(), "the focus is back in the box");
        // More wrong tries (pasted, say): each waits out a longer delay (1, 2, 4 s) before it is checked.
        for (int wrong = 2; wrong <= 3; wrong++) {
            robot.interact(() -> box.setText("harbour thistle ember drum"));
            robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
            int tries = wrong;
            waitUntil(() -> text(robot, "#confidential-open-error").contains("Wrong tries in a row: " + tries));
        }
        robot.interact(() -> box.setText("harbour thistle amber drums"));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        assertTrue(text(robot, "#confidential-open-message").contains("waits 4 seconds"), "the delay is said: "
                + text(robot, "#confidential-open-message"));

        // During the delay the tutor types the right password and presses Enter.
        robot.write(UiFixtures.CONFIDENTIAL_PASSWORD);
        assertTrue(text(robot, "#confidential-open-message").contains("waits"), "typed while the delay ran");
        assertEquals(box, box.getScene().getFocusOwner(), "the focus stayed in the box, not thrown onto Close");
        assertEquals(UiFixtures.CONFIDENTIAL_PASSWORD, box.getText(), "every key typed during the delay is there");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        // Enter was pressed during the delay: once the wrong try ends, the new password is tried (after its own delay).
        waitUntil(() -> text(robot, "#confidential-open-message").contains("waits 8 seconds"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#confidential-open-content").tryQuery()
                .map(Node::isVisible).orElse(false));
        assertTrue(robot.lookup("#confidential-open-content").query().isVisible(), "opened with the password typed during the delay");
    }
}
