package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.ui.learner.LearnerViewModel;

/**
 * The tutor's day by keyboard: after unlocking the keyboard is in the search box (not on a top-bar
 * button); Alt+S jumps back to it; the learner's timeline opens with a row selected, and Enter or
 * Space opens it (Space never goes back to the caseload); on the form, "Copies to" comes before
 * the signatures.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardTest {
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
    void searchTimelineAndFormByKeyboard(FxRobot robot) throws Exception {
        drive.unlock(robot);
        Node search = robot.lookup("#caseload-search").query();
        waitUntil(search::isFocused);
        assertEquals(search, search.getScene().getFocusOwner(), "after unlocking, the keyboard is in the search box");

        // Elsewhere, then Alt+S: back to the search box.
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        assertTrue(!search.isFocused());
        robot.press(KeyCode.ALT).press(KeyCode.S).release(KeyCode.S).release(KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(search.isFocused(), "Alt+S jumps to the search box; focus is on " + search.getScene().getFocusOwner());

        robot.write("quorth");
        waitUntil(() -> robot.lookup("#caseload-table").queryTableView().getItems().size() == 1);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER); // to the table
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER); // open the learner
        waitFor(robot, "#learner-timeline");
        ListView<LearnerViewModel.Entry> timeline = robot.lookup("#learner-timeline").queryListView();
        Drive.waitForFocus(timeline); // the window's keyboard focus
        assertTrue(timeline.getSelectionModel().getSelectedIndex() >= 0, "a row is selected, not only outlined");
        assertEquals(timeline.getFocusModel().getFocusedIndex(), timeline.getSelectionModel().getSelectedIndex());

        // Down to the held review, Enter opens it.
        int review = indexOf(timeline, "One-to-one progress review");
        while (timeline.getSelectionModel().getSelectedIndex() < review) {
            robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        }
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#form-back");
        assertTrue(robot.lookup("#form-title").queryLabeled().getText().startsWith("One-to-one progress review"));

        // Copies to is agreed before signing: it comes before the signatures.
        Bounds copies = bounds(robot, "#form-copy-student");
        Bounds signature = bounds(robot, "#form-sign-learner-name");
        assertTrue(copies.getMaxY() < signature.getMinY(), "Copies to above the signatures");

        // Alt+S from a screen with no Save of its own (the learner page) goes to the search box too.
        robot.press(KeyCode.ALT).press(KeyCode.B).release(KeyCode.B).release(KeyCode.ALT);
        waitFor(robot, "#learner-timeline");
        robot.press(KeyCode.ALT).press(KeyCode.S).release(KeyCode.S).release(KeyCode.ALT);
        waitFor(robot, "#caseload-search");
        waitUntil(() -> robot.lookup("#caseload-search").query().isFocused());
        robot.write("quorth");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#learner-timeline");
        Drive.waitForFocus(robot.lookup("#learner-timeline").query());
        for (int i = 0; i < review; i++) {
            robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        }
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#form-back");

        // Back (Alt+B), then Space on the selected row opens it too - it never goes back to the caseload.
        robot.press(KeyCode.ALT).press(KeyCode.B).release(KeyCode.B).release(KeyCode.ALT);
        waitFor(robot, "#learner-timeline");
        ListView<LearnerViewModel.Entry> again = robot.lookup("#learner-timeline").queryListView();
        Drive.waitForFocus(again);
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#caseload-table").tryQuery().isEmpty(), "Space did not go back to the caseload");
        waitUntil(() -> robot.lookup("#form-back").tryQuery().isPresent() || robot.lookup("#concern-back").tryQuery().isPresent());
        assertTrue(robot.lookup("#caseload-search").tryQuery().map(n -> ((TextField) n).getScene() == null).orElse(true));
    }

    private static int indexOf(ListView<LearnerViewModel.Entry> list, String what) {
        for (int i = 0; i < list.getItems().size(); i++) {
            if (list.getItems().get(i).what().equals(what) && list.getItems().get(i).tutorialId() != null
                    && !list.getItems().get(i).toString().contains("planned")) {
                return i;
            }
        }
        throw new AssertionError("no " + what + " in " + list.getItems());
    }

    private static Bounds bounds(FxRobot robot, String query) {
        Node n = robot.lookup(query).query();
        return n.localToScene(n.getBoundsInLocal());
    }
}
