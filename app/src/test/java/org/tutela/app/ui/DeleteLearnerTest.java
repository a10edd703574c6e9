package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.text;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.Caseload;
import org.tutela.app.ui.common.Messages;

/**
 * A learner added by mistake is deleted from their edit page, by keyboard: Delete asks first,
 * naming the learner, with "Keep" the default so Enter deletes nothing; yes takes the tutor back
 * to the caseload without them, and they are gone from the vault. A learner with tutorials, targets
 * or concerns is refused with a message beside the button, without asking, and kept.
 */
@ExtendWith(ApplicationExtension.class)
class DeleteLearnerTest {
    private Drive drive;

    @Start
    void start(Stage stage) throws Exception {
        drive = Drive.start(stage, 1024, 600);
    }

    @AfterEach
    void stop(FxRobot robot) {
        drive.stop(robot);
    }

    @Test
    void aLearnerAddedByMistakeIsDeletedAfterAskingAndOneWithAHistoryIsKept(FxRobot robot) throws Exception {
        Caseload caseload = drive.unlock(robot);
        Learner mistake = caseload.learnerWrites().save(Learner.builder().givenName("Brannock").familyName("Wheedlecombe")
                .group(drive.seeded.groupId()).build());

        // A learner with a history: refused, said beside the button, nothing asked.
        drive.openLearner(robot, drive.seeded.learnerId());
        robot.clickOn("#edit-learner");
        waitFor(robot, "#edit-delete");
        Drive.waitForFocus(robot.lookup("#edit-given").query()); // the keyboard starts in the first box
        Button delete = robot.lookup("#edit-delete").queryButton();
        assertTrue(delete.isFocusTraversable(), "Tab reaches Delete");
        assertEquals("Delete learner\u2026", delete.getAccessibleText());
        assertTrue(Accessibility.unnamedControls(robot.lookup("#learner-edit").queryAs(Parent.class)).isEmpty());
        tabTo(robot, delete);
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);
        waitUntil(() -> !text(robot, "#edit-error").isEmpty());
        assertEquals(Messages.get("edit.delete.hasRecords", "Yavima Quorthwick"), text(robot, "#edit-error"));
        assertTrue(text(robot, "#edit-error").startsWith("Yavima Quorthwick has tutorials, targets or concerns recorded, so is kept"));
        assertTrue(robot.lookup("#edit-delete-ask").tryQuery().isEmpty(), "nothing asked");
        assertTrue(caseload.learner(drive.seeded.learnerId()).isPresent(), "kept");
        assertFalse(drive.session.records().get(drive.seeded.learnerId()).orElseThrow().deleted(), "kept in the vault");

        // The learner added by mistake: asked, naming them; Enter keeps them.
        drive.openLearner(robot, mistake.id());
        robot.clickOn("#edit-learner");
        waitFor(robot, "#edit-delete");
        // Alt+D, though the learner's page just left had Alt+D too (Edit details): this screen's Delete is pressed
        robot.press(KeyCode.ALT).press(KeyCode.D).release(KeyCode.D).release(KeyCode.ALT);
        waitFor(robot, "#edit-delete-ask");
        DialogPane ask = robot.lookup("#edit-delete-ask").queryAs(DialogPane.class);
        assertTrue(ask.getContentText().startsWith("Delete Brannock Wheedlecombe from your caseload?"), ask.getContentText());
        Drive.waitForFocus(robot.lookup("#edit-delete-ask-no").query());
        assertTrue(robot.lookup("#edit-delete-ask-no").queryButton().isDefaultButton(), "Keep is the default");
        Drive.shoot(robot, ask.getScene(), "03d-delete-learner");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#edit-delete-ask").tryQuery().isEmpty());
        assertTrue(caseload.learner(mistake.id()).isPresent(), "Enter kept the learner");
        assertTrue(robot.lookup("#edit-given").tryQuery().isPresent(), "still on the edit page");

        // Space again on Delete, where the keyboard went back to; Tab to "Delete learner", Space: back to the caseload, without them.
        Drive.waitForFocus(robot.lookup("#edit-delete").query()); // the keyboard is back on Delete
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);
        waitFor(robot, "#edit-delete-ask");
        Drive.waitForFocus(robot.lookup("#edit-delete-ask-no").query());
        javafx.scene.Node yes = robot.lookup("#edit-delete-ask-yes").query();
        for (int i = 0; i < 4 && yes.getScene().getFocusOwner() != yes; i++) {
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
        Drive.waitForFocus(yes);
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);
        waitFor(robot, "#caseload-table");
        waitUntil(() -> caseload.learner(mistake.id()).isEmpty());
        assertTrue(drive.session.records().get(mistake.id()).map(r -> r.deleted()).orElse(true), "gone from the vault (a tombstone tells head office)");
        assertTrue(robot.lookup("#caseload-table").queryTableView().getItems().stream()
                .noneMatch(row -> ((org.tutela.app.records.LearnerRow) row).learner().id().equals(mistake.id())), "not in the caseload's list");
        assertTrue(caseload.learner(drive.seeded.learnerId()).isPresent());
    }

    /** Tab, Tab, ... from where the keyboard is until it reaches this control (as a tutor would). */
    private static void tabTo(FxRobot robot, javafx.scene.Node target) throws Exception {
        Drive.waitUntil(() -> target.getScene().getFocusOwner() != null);
        for (int i = 0; i < 80 && target.getScene().getFocusOwner() != target; i++) {
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
        Drive.waitForFocus(target);
    }
}
