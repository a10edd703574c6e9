package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.reveal;
import static org.tutela.app.ui.Drive.text;
import static org.tutela.app.ui.Drive.typeOver;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import javafx.scene.control.TextField;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.LearnerRow;
import org.tutela.app.ui.common.Formats;

/**
 * Dates through the real window, typed as a tutor types them: a date that is not one is refused
 * beside its box and nothing is saved with it (a plan, a target's "by when", the next tutorial);
 * a tutorial planned for weeks ahead and held today is held today - on its form, in the timeline,
 * on the caseload and for the next review - and its held day can be corrected, never into the
 * future.
 */
@ExtendWith(ApplicationExtension.class)
class DatesTest {
    private static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("d/M/uuuu");
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
    void badDatesAreRefusedBesideTheirBoxesAndATutorialHeldEarlyIsHeldToday(FxRobot robot) throws Exception {
        Caseload caseload = drive.unlock(robot);
        LocalDate today = caseload.today();
        drive.openLearner(robot, drive.seeded.learnerId());
        int before = caseload.tutorialSummariesOf(drive.seeded.learnerId()).size();

        // Planning: "tomorrow" and 31/02/2027 are not dates; Save keeps the tutor on the screen with the reason beside the box.
        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-date");
        typeOver(robot, "#plan-date", "tomorrow");
        assertTrue(text(robot, "#plan-date-problem").startsWith("\u201ctomorrow\u201d is not a date"), text(robot, "#plan-date-problem"));
        robot.clickOn("#plan-save");
        assertTrue(robot.lookup("#plan-date").tryQuery().isPresent(), "not saved: still planning");
        assertEquals("tomorrow", picker(robot, "#plan-date").getText(), "what was typed stays to be corrected");
        typeOver(robot, "#plan-date", "31/02/2027");
        assertEquals("There is no 31/02/2027: February 2027 has 28 days.", text(robot, "#plan-date-problem"));
        drive.shoot(robot, "04b-plan-bad-date");
        LocalDate plannedFor = today.plusWeeks(12);
        typeOver(robot, "#plan-date", plannedFor.format(UK));
        assertEquals("", text(robot, "#plan-date-problem"), "fixed: the message goes");
        typeOver(robot, "#plan-time", "10:00");
        robot.clickOn("#plan-save");
        waitFor(robot, "#learner-timeline");
        assertEquals(before + 1, caseload.tutorialSummariesOf(drive.seeded.learnerId()).size(), "only the good plan was saved");
        Tutorial planned = caseload.tutorialsOf(drive.seeded.learnerId()).stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED && t.date().equals(plannedFor)).findFirst().orElseThrow();

        // Held now, weeks early: held today.
        Drive.selectTimeline(robot, planned.id());
        robot.clickOn("#open-entry");
        waitFor(robot, "#form-hold");
        robot.clickOn("#form-hold");
        waitUntil(() -> caseload.tutorial(planned.id()).orElseThrow().held() && robot.lookup("#form-held-on").query().isVisible());
        assertEquals(today, caseload.tutorial(planned.id()).orElseThrow().date());
        assertEquals(Formats.date(today), picker(robot, "#form-held-on").getText());
        assertTrue(robot.lookup("#form-title").queryAs(Label.class).getText().endsWith(Formats.date(today)));

        // Not in the future.
        typeOver(robot, "#form-held-on", today.plusDays(1).format(UK));
        assertEquals("That is after today. Type the day the tutorial was held.", text(robot, "#form-held-on-problem"));
        Thread.sleep(1500); // longer than the draft's pause
        assertEquals(today, caseload.tutorial(planned.id()).orElseThrow().date(), "a held day after today is not saved");
        // Held yesterday, written up today.
        LocalDate yesterday = today.minusDays(1);
        typeOver(robot, "#form-held-on", yesterday.format(UK));
        assertEquals("", text(robot, "#form-held-on-problem"));
        waitUntil(() -> caseload.tutorial(planned.id()).orElseThrow().date().equals(yesterday));

        // A SMART target's "by when" that is not a date: said beside it, and the draft is not saved with the target dateless.
        reveal(robot, "#form-add-target");
        robot.clickOn("#form-add-target");
        robot.write("Finish the brake log");
        typeOver(robot, "#form-new-by-0", "2027-13-45");
        assertTrue(text(robot, "#form-new-by-0-problem").startsWith("There is no month 13."), text(robot, "#form-new-by-0-problem"));
        drive.shoot(robot, "06b-form-bad-date");
        Thread.sleep(1500);
        assertTrue(caseload.tutorial(planned.id()).orElseThrow().form().newTargets().isEmpty(), "no target saved without its date");
        reveal(robot, "#form-sign-learner-agree");
        robot.clickOn("#form-sign-learner-agree");
        robot.clickOn("#form-sign-learner");
        assertEquals("Correct the boxes with a message beside them, then sign.", text(robot, "#form-sign-learner-problem"));
        assertTrue(caseload.tutorial(planned.id()).orElseThrow().learnerSignature() == null, "not signed");
        LocalDate by = today.plusWeeks(3);
        typeOver(robot, "#form-new-by-0", by.format(DateTimeFormatter.ofPattern("dd-MM-uuuu")));
        assertEquals("", text(robot, "#form-new-by-0-problem"));
        waitUntil(() -> !caseload.tutorial(planned.id()).orElseThrow().form().newTargets().isEmpty());
        assertEquals(by, caseload.tutorial(planned.id()).orElseThrow().form().newTargets().get(0).byWhen());
        typeOver(robot, "#form-next-date", "31/02/2027");
        assertEquals("There is no 31/02/2027: February 2027 has 28 days.", text(robot, "#form-next-date-problem"));
        typeOver(robot, "#form-next-date", "");
        assertEquals("", text(robot, "#form-next-date-problem"), "the next tutorial's date may be left empty");

        // Listed, on the caseload and for the next review: the day it was held.
        reveal(robot, "#form-back");
        robot.clickOn("#form-back");
        waitFor(robot, "#learner-timeline");
        assertTrue(robot.lookup("#learner-timeline").queryListView().getItems().stream()
                .anyMatch(e -> e.toString().startsWith(Formats.date(yesterday) + "  One-to-one progress review")));
        LearnerRow row = caseload.rows("quorth", Set.of(), null, today).get(0);
        assertEquals(yesterday, row.lastTutorialHeld());
        assertEquals(caseload.groupOf(row.learner()).reviewFrequency().dueAfter(yesterday, AcademicCalendar.standard()),
                row.review().dueBy(), "the next review counts from the day it was held");
    }

    private static TextField picker(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(TextField.class);
    }
}
