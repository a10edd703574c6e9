package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.text;
import static org.tutela.app.ui.Drive.typeOver;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.tutela.app.domain.Group;
import org.tutela.app.records.Caseload;

/**
 * Forms say what is wrong beside the box, at once, and keep saying it until it is fixed: "Add a
 * learner" with no group is refused with the reason beside the group (it used to save "No group");
 * required boxes are marked; a number that is not one is said under its box when the box is left.
 * Keyboard only once the form is open.
 */
@ExtendWith(ApplicationExtension.class)
class FormMessagesTest {
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
    void addingALearnerNeedsAGroupAndEachProblemIsSaidBesideItsBox(FxRobot robot) throws Exception {
        Caseload caseload = drive.unlock(robot);
        int learners = caseload.learners().size();
        // "All groups" is selected: the new learner has no group yet.
        robot.clickOn("#add-learner");
        waitFor(robot, "#edit-given");
        assertTrue(labelFor(robot, "#edit-group").getText().endsWith("*"), "the group is marked as needed");
        assertTrue(labelFor(robot, "#edit-given").getText().endsWith("*"));

        Drive.focus(robot, robot.lookup("#edit-given").query());
        robot.write("Idony");
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        robot.write("Brackenridge");
        typeOver(robot, "#edit-lessons", "ten");
        assertEquals("Type a whole number, for example 12.", text(robot, "#edit-lessons-problem"), "said as soon as the box is left");
        assertBeside(robot, "#edit-lessons-problem", "#edit-lessons");
        assertEquals("", text(robot, "#edit-group-problem"), "not before the tutor has been there or tried to save");

        // Save (Enter: the default button) is refused, and every problem shows beside its box.
        Drive.focus(robot, robot.lookup("#edit-family").query());
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        assertEquals("Choose the learner's caseload group.", text(robot, "#edit-group-problem"));
        assertBeside(robot, "#edit-group-problem", "#edit-group");
        assertEquals(learners, caseload.learners().size(), "not saved without a group");
        drive.shoot(robot, "03c-add-learner-problems");

        // Fixed one at a time: each message goes with its problem, the other stays.
        typeOver(robot, "#edit-lessons", "10");
        assertEquals("", text(robot, "#edit-lessons-problem"));
        assertEquals("Choose the learner's caseload group.", text(robot, "#edit-group-problem"), "kept until fixed");
        Group first = caseload.groups().get(0);
        Drive.focus(robot, robot.lookup("#edit-group").query());
        robot.interact(() -> robot.lookup("#edit-group").queryAs(ComboBox.class).show());
        robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> text(robot, "#edit-group-problem").isEmpty());
        typeOver(robot, "#edit-absences", "1");
        robot.clickOn("#edit-save");
        waitUntil(() -> caseload.learners().size() == learners + 1);
        var added = caseload.search("brackenridge", java.util.Set.of(), caseload.today()).get(0);
        assertFalse(added.groupIds().isEmpty(), "in a group");
        assertEquals(first.id(), added.primaryGroupId());
    }

    @Test
    void planningWarnsOfASecondReviewAndOfAWeekend(FxRobot robot) throws Exception {
        Caseload caseload = drive.unlock(robot);
        drive.openLearner(robot, drive.seeded.learnerId());
        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-date");
        java.time.LocalDate proposed = caseload.today().plusWeeks(3);
        while (proposed.getDayOfWeek().getValue() >= 6) {
            proposed = proposed.plusDays(1);
        }
        typeOver(robot, "#plan-date", proposed.format(java.time.format.DateTimeFormatter.ofPattern("d/M/uuuu")));
        assertEquals("", text(robot, "#plan-warning"), "a weekday, and nothing planned yet");
        robot.clickOn("#plan-save");
        waitFor(robot, "#learner-timeline");

        // Planning again: the review already planned is said, and no second date is proposed.
        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-date");
        assertEquals("", robot.lookup("#plan-date").queryAs(javafx.scene.control.TextField.class).getText(), "no second review proposed");
        assertEquals("A review with this learner is already planned for " + org.tutela.app.ui.common.Formats.longDate(proposed)
                + ". Plan another only if you mean to; to move that one, open it and choose Rearrange.", text(robot, "#plan-warning"));
        java.time.LocalDate saturday = proposed.plusWeeks(1).with(java.time.DayOfWeek.SATURDAY);
        typeOver(robot, "#plan-date", saturday.format(java.time.format.DateTimeFormatter.ofPattern("d MMM uuuu")));
        assertTrue(text(robot, "#plan-warning").endsWith(org.tutela.app.ui.common.Formats.longDate(saturday)
                + " is a weekend day: check the learner and the place are free."), text(robot, "#plan-warning"));
    }

    private static Label labelFor(FxRobot robot, String query) {
        Node field = robot.lookup(query).query();
        return robot.lookup(".label").queryAllAs(Label.class).stream().filter(l -> l.getLabelFor() == field).findFirst().orElseThrow();
    }

    /** The message sits right under its box (not at the top or bottom of the form). */
    private static void assertBeside(FxRobot robot, String messageQuery, String fieldQuery) {
        Bounds message = robot.lookup(messageQuery).query().localToScene(robot.lookup(messageQuery).query().getBoundsInLocal());
        // the box as laid out: its warning sign sits over its corner, outside the box's own outline
        Bounds field = robot.lookup(fieldQuery).query().localToScene(robot.lookup(fieldQuery).query().getLayoutBounds());
        assertTrue(message.getMinY() >= field.getMaxY() - 1 && message.getMinY() - field.getMaxY() < 12, "just under its box");
        assertTrue(Math.abs(message.getMinX() - field.getMinX()) < 4, "lined up with its box");
    }
}
