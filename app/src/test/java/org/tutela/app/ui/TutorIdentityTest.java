package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.text;
import static org.tutela.app.ui.Drive.typeOver;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import javafx.scene.control.MenuButton;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Tutor;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.print.FormContent;
import org.tutela.app.print.PrintItems;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.TutorStore;
import org.tutela.app.syncclient.Enrolment;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.sync.EnrolViewModel;
import org.tutela.sync.protocol.EnrolResponse;
import org.tutela.sync.protocol.ProtocolJson;

/**
 * The tutor using Tutela is who "the tutor" is, everywhere: the notice to the learner is signed
 * with their name, role, email and phone (not the group's tutor's name, nor "default"), the
 * tutorial they plan is printed with them as its tutor, their follow-ups are credited to them;
 * they change their details from the menu and the next notice follows; a vault that does not know
 * its tutor asks once, and will not go on without a name; head office's name for them, sent at
 * enrolment, becomes their name.
 */
@ExtendWith(ApplicationExtension.class)
class TutorIdentityTest {
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
    void theTutorsOwnDetailsSignNoticesFormsAndFollowUps(FxRobot robot) throws Exception {
        Caseload caseload = drive.unlock(robot);
        assertTrue(robot.lookup("#tutor-save").tryQuery().isEmpty(), "a vault that knows its tutor does not ask");
        String groupTutor = caseload.groupOf(caseload.learner(drive.seeded.learnerId()).orElseThrow()).tutor();
        assertFalse(UiFixtures.TUTOR.name().equals(groupTutor), "the group's tutor is someone else: " + groupTutor);

        drive.openLearner(robot, drive.seeded.learnerId());
        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-notice");
        String notice = robot.lookup("#plan-notice").queryAs(TextArea.class).getText();
        assertTrue(notice.endsWith("\n\nOrla Vexmoor\nCourse tutor\norla.vexmoor@example.org \u00b7 01632 960333"), notice);
        assertFalse(notice.contains(groupTutor), "not signed by the group's tutor");
        typeOver(robot, "#plan-time", "09:30");
        robot.clickOn("#plan-save");
        waitFor(robot, "#learner-timeline");
        Tutorial planned = caseload.tutorialsOf(drive.seeded.learnerId()).stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED && drive.seeded.learnerId().equals(t.learnerId())).findFirst().orElseThrow();
        assertEquals("Orla Vexmoor", planned.tutor());
        FormContent printed = (FormContent) PrintItems.blankFor(planned, caseload.learner(drive.seeded.learnerId()).orElseThrow(),
                caseload.groupOf(caseload.learner(drive.seeded.learnerId()).orElseThrow()), java.util.List.of());
        assertEquals("Orla Vexmoor", printed.extras().tutor(), "\"Tutor:\" on the printed form");

        // Menu, Your details: a new surname, and an email address with a slip that is said beside its box.
        openYourDetails(robot);
        typeOver(robot, "#tutor-name", "Orla Vexmoor-Pike");
        typeOver(robot, "#tutor-email", "orla.pike@example");
        assertEquals("That email address does not look right: it should be like name@example.org.", text(robot, "#tutor-email-problem"));
        Drive.press(robot, "#tutor-save");
        assertTrue(robot.lookup("#tutor-save").tryQuery().isPresent(), "not saved with a slip in it");
        typeOver(robot, "#tutor-email", "orla.pike@example.org");
        Drive.press(robot, "#tutor-save");
        waitUntil(() -> robot.lookup("#tutor-save").tryQuery().isEmpty());
        assertEquals(new Tutor("Orla Vexmoor-Pike", "Course tutor", "orla.pike@example.org", "01632 960333"),
                new TutorStore(new TypedStore(drive.session::records)).load().orElseThrow(), "kept in the vault");

        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-notice");
        // A review is planned already, so no second date is proposed (and the screen says so): the tutor types one.
        assertTrue(text(robot, "#plan-warning").contains(org.tutela.app.ui.common.Formats.longDate(planned.date())), text(robot, "#plan-warning"));
        java.time.LocalDate later = java.time.LocalDate.now().plusWeeks(5).with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.WEDNESDAY));
        typeOver(robot, "#plan-date", org.tutela.app.ui.common.Formats.date(later));
        String renoticed = robot.lookup("#plan-notice").queryAs(TextArea.class).getText();
        assertTrue(renoticed.endsWith("\n\nOrla Vexmoor-Pike\nCourse tutor\norla.pike@example.org \u00b7 01632 960333"), renoticed);
        robot.clickOn("#plan-cancel");
        waitFor(robot, "#learner-timeline");

        // A follow-up is credited to the tutor who wrote it.
        robot.clickOn("#raise-concern");
        waitFor(robot, "#concern-category");
        robot.interact(() -> robot.lookup("#concern-category").queryComboBox().getSelectionModel().select(ConcernCategory.WELLBEING));
        robot.clickOn("#concern-follow-up").write("Spoke to the learner after class");
        robot.clickOn("#concern-save");
        waitUntil(() -> !caseload.concernsOf(drive.seeded.learnerId()).isEmpty());
        var concern = caseload.concernsOf(drive.seeded.learnerId()).get(0);
        assertEquals("Orla Vexmoor-Pike", concern.raisedBy());
        assertEquals("Orla Vexmoor-Pike", concern.followUps().get(0).by());
        assertTrue(robot.lookup("#concern-follow-ups").queryListView().getItems().toString().contains("Orla Vexmoor-Pike"));
    }

    @Test
    void aVaultThatDoesNotKnowItsTutorAsksOnceAndNeedsAName(FxRobot robot) throws Exception {
        // A vault from before Tutela asked: its tutor's details are not there.
        try (var v = org.tutela.app.vault.Vault.open(drive.home.vaultFile("default"), UiFixtures.PASSPHRASE.toCharArray())) {
            v.records().putLocalValue("tutor.details", null);
        }
        drive.unlock(robot);
        waitFor(robot, "#tutor-save");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        Drive.press(robot, "#tutor-save");
        assertEquals("Type your name: it signs your notices and forms.", text(robot, "#tutor-name-problem"));
        assertTrue(robot.lookup("#tutor-save").tryQuery().isPresent(), "no way on without a name");
        robot.clickOn("#tutor-name").write("Kerensa Polglaze");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#tutor-save").tryQuery().isEmpty());
        assertEquals("Kerensa Polglaze", new TutorStore(new TypedStore(drive.session::records)).load().orElseThrow().name());
        drive.openLearner(robot, drive.seeded.learnerId());
        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-notice");
        assertTrue(robot.lookup("#plan-notice").queryAs(TextArea.class).getText().endsWith("\n\nKerensa Polglaze"));
        assertTrue(!robot.lookup("#plan-notice").queryAs(TextArea.class).getText().contains("default"));
    }

    @Test
    void headOfficesNameForTheTutorBecomesTheirName() throws Exception {
        EnrolResponse answer = ProtocolJson.mapper().readValue("{\"protocolVersion\":\"1\",\"deviceId\":\"" + java.util.UUID.randomUUID()
                + "\",\"deviceToken\":\"t\",\"role\":\"tutor\",\"serverEpoch\":\"e\",\"tutorName\":\"Morwenna Tregarthen\"}", EnrolResponse.class);
        assertEquals("Morwenna Tregarthen", answer.tutorName());
        assertFalse(ProtocolJson.mapper().writeValueAsString(new EnrolResponse("1", java.util.UUID.randomUUID(), "t", "tutor", "e"))
                .contains("tutorName"), "left out when head office has none");

        String[] named = new String[1];
        EnrolViewModel enrol = new EnrolViewModel((url, pin, user, password, device) -> new Enrolment(null, answer.tutorName()),
                TaskRunner.INLINE, name -> named[0] = name);
        enrol.serverUrlProperty().set("https://head-office.example.org");
        enrol.fingerprintProperty().set("ab".repeat(32));
        enrol.usernameProperty().set("m.tregarthen");
        enrol.passwordTyped("an invented password");
        enrol.passwordTyped(""); // as the dialog does it: the box is emptied as its characters are taken, before Connect
        enrol.enrol("an invented password".toCharArray());
        assertTrue(enrol.doneProperty().get());
        assertEquals("Morwenna Tregarthen", named[0]);
        assertEquals("Morwenna Tregarthen", enrol.tutorNameProperty().get());

        String[] unnamed = new String[1];
        EnrolViewModel without = new EnrolViewModel((url, pin, user, password, device) -> new Enrolment(null, null),
                TaskRunner.INLINE, name -> unnamed[0] = name);
        without.serverUrlProperty().set("https://head-office.example.org");
        without.fingerprintProperty().set("ab".repeat(32));
        without.usernameProperty().set("m.tregarthen");
        without.passwordTyped("an invented password");
        without.enrol("an invented password".toCharArray());
        assertTrue(without.doneProperty().get());
        assertNull(unnamed[0], "no name from head office: the tutor's own stays");
    }

    private static void openYourDetails(FxRobot robot) throws Exception {
        MenuButton menu = robot.lookup("#shell-menu").queryAs(MenuButton.class);
        robot.interact(() -> menu.getItems().stream().filter(i -> "menu-tutor-details".equals(i.getId())).findFirst().orElseThrow().fire());
        waitFor(robot, "#tutor-save");
    }
}
