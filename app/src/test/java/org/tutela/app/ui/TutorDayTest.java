package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.learner.LearnerViewModel;
import org.tutela.app.ui.shell.MainWindow;
import org.tutela.crypto.Argon2Params;

/**
 * A tutor's day through the real window, headless, on an invented demo caseload: unlock, find a
 * learner by typing part of a name, plan a tutorial, hold it and fill the whole pro forma (the
 * previous target offered for review), sign and see it locked, amend with a reason, raise a
 * concern, the summary and the signposting list, and lock with a form half typed (nothing lost).
 * Saves a screenshot of each screen into target/screenshots for the user guide.
 */
@ExtendWith(ApplicationExtension.class)
class TutorDayTest {
    private static final Path SHOTS = Path.of("target/screenshots");

    private VaultSession session;
    private MainWindow window;
    private UiFixtures.Seeded seeded;

    @Start
    void start(Stage stage) throws Exception {
        Path home = Files.createTempDirectory("tutela-day");
        AppHome appHome = new AppHome(home).ensureFolders();
        Settings settings = Settings.load(appHome.settingsFile());
        seeded = UiFixtures.createVault(appHome.vaultFile("default"), DemoCaseload.Scale.DEMO);
        session = new VaultSession(appHome.vaultFile("default"), Argon2Params.FLOOR);
        window = new MainWindow(appHome, settings, session);
        stage.setScene(window.scene());
        stage.setWidth(1200);
        stage.setHeight(800);
        stage.show();
        stage.toFront();
    }

    /** Shuts the window down: its idle lock would otherwise go off minutes later, in another test. */
    @org.junit.jupiter.api.AfterEach
    void shutDown(FxRobot robot) {
        robot.interact(window::shutdown);
    }

    @Test
    void aTutorsDay(FxRobot robot) throws Exception {
        Files.createDirectories(SHOTS);
        waitFor(robot, "#unlock-passphrase");
        robot.clickOn("#unlock-passphrase").write(UiFixtures.PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        TableView<?> table = waitForTable(robot);
        int everyone = table.getItems().size();
        assertTrue(everyone > 200, "the demo caseload shows: " + everyone);
        noUnnamedControls(robot);
        shoot(robot, "01-caseload");

        // Find a learner by typing part of a name.
        robot.clickOn("#caseload-search").write("quorth");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        shoot(robot, "02-search");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER); // to the table, first row
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER); // open the learner
        waitFor(robot, "#learner-timeline");
        assertEquals("Yavima Quorthwick", robot.lookup("#learner-name").queryAs(Label.class).getText());
        ListView<LearnerViewModel.Entry> timeline = robot.lookup("#learner-timeline").queryListView();
        assertTrue(timeline.getItems().stream().anyMatch(e -> e.confidential() && e.what().equals("Confidential tutorial")));
        assertTrue(timeline.getItems().stream().noneMatch(e -> e.toString().contains(UiFixtures.CONFIDENTIAL_COMMENT)));
        noUnnamedControls(robot);
        shoot(robot, "03-learner");

        // Editing the details: a wrong ULN is refused with a message that says why.
        robot.clickOn("#edit-learner");
        waitFor(robot, "#edit-uln");
        robot.doubleClickOn("#edit-uln").press(KeyCode.END).release(KeyCode.END);
        robot.press(KeyCode.BACK_SPACE).release(KeyCode.BACK_SPACE).write("7");
        assertTrue(robot.lookup("#edit-uln-problem").queryAs(Label.class).getText().startsWith("This ULN's check digit is wrong"));
        assertFalse(robot.lookup("#edit-save").queryButton().isDisabled(), "never greyed out: Save would say what is wrong");
        // A contact is added in place, straight to typing its name.
        int rows = robot.lookup(".contact-name").queryAll().size();
        robot.interact(() -> robot.lookup("#edit-contact-add").queryButton().requestFocus()); // below the fold: by keyboard
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("Tamsin Odrelle");
        assertEquals("Tamsin Odrelle", robot.lookup("#edit-contact-" + (rows + 1) + "-name").queryAs(TextField.class).getText());
        noUnnamedControls(robot);
        shoot(robot, "03b-edit-learner");
        robot.clickOn("#edit-contact-" + (rows + 1) + "-remove");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(rows, robot.lookup(".contact-name").queryAll().size());
        assertTrue(robot.lookup("#edit-contact-add").queryButton().isFocused(), "the keyboard carries on from Add a contact");
        robot.clickOn("#edit-cancel");
        waitFor(robot, "#learner-timeline");

        // Plan a tutorial ten days ahead.
        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-time");
        LocalDate day = caseload().today().plusDays(10);
        robot.interact(() -> robot.lookup("#plan-date").queryAs(TextField.class).setText(org.tutela.app.ui.common.Formats.date(day)));
        robot.clickOn("#plan-time").write("10:30");
        robot.clickOn("#plan-location").write("Room 4");
        String notice = robot.lookup("#plan-notice").queryAs(TextArea.class).getText();
        assertTrue(notice.contains("Yavima") && notice.contains("10:30") && notice.contains("Room 4"), notice);
        assertTrue(robot.lookup("#plan-advice").queryAs(Label.class).getText().startsWith("Tell the learner"));
        noUnnamedControls(robot);
        shoot(robot, "04-plan");
        robot.clickOn("#plan-save");
        waitFor(robot, "#learner-timeline");
        Tutorial planned = caseload().tutorialsOf(seeded.learnerId()).stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED && t.date().equals(day)).findFirst().orElseThrow();

        // Open it and hold it: the previous target is offered for review.
        selectTimeline(robot, planned.id());
        robot.clickOn("#open-entry");
        waitFor(robot, "#form-hold");
        robot.clickOn("#form-hold");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> caseload().tutorial(planned.id()).orElseThrow().held()
                && robot.lookup("#form-prev-met-0").tryQuery().isPresent() && !robot.lookup("#form-lessons").queryAs(TextField.class).isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#form-previous-targets").queryAs(Parent.class).getChildrenUnmodifiable().get(0)
                .lookupAll(".label").stream().anyMatch(n -> ((Label) n).getText().startsWith(UiFixtures.TARGET_TEXT)));
        assertEquals("40", robot.lookup("#form-lessons").queryAs(TextField.class).getText(), "attendance frozen in when held");
        assertEquals("Yavima Quorthwick", robot.lookup("#form-learner-name").queryAs(Label.class).getText());
        noUnnamedControls(robot);
        shoot(robot, "05-form-held");

        // Fill the whole pro forma, in its order.
        type(robot, "#form-absences", "\b4");
        click(robot, "#form-punctuality-good");
        type(robot, "#form-level", " Merit");
        click(robot, "#form-on-target-yes");
        type(robot, "#form-comments", "Practical work on brakes is strong; written units behind.");
        type(robot, "#form-learner-comments", "I want more time in the workshop.");
        type(robot, "#form-tutor-comments", "Good progress.");
        click(robot, "#form-prev-notmet-0");
        type(robot, "#form-prev-why-0", "Off sick for a week");
        shoot(robot, "06-form-targets");
        click(robot, "#form-add-target");
        type(robot, "#form-new-target-0", "Finish the brake log");
        robot.interact(() -> robot.lookup("#form-new-by-0").queryAs(TextField.class).setText(org.tutela.app.ui.common.Formats.date(day.plusWeeks(3))));
        type(robot, "#form-agreed-actions", "Book study skills drop-in.");
        robot.interact(() -> robot.lookup("#form-next-date").queryAs(TextField.class).setText(org.tutela.app.ui.common.Formats.date(day.plusWeeks(6))));
        click(robot, "#form-copy-student");
        click(robot, "#form-copy-ilr");
        click(robot, "#form-copy-employer");
        // The draft saves itself a moment after typing stops.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#form-status").queryAs(Label.class).getText().startsWith("Draft saved")
                && "Book study skills drop-in.".equals(caseload().tutorial(planned.id()).orElseThrow().form().agreedActions()));
        Tutorial draft = caseload().tutorial(planned.id()).orElseThrow();
        assertEquals("Practical work on brakes is strong; written units behind.", draft.form().comments());
        assertEquals(4, draft.form().attendance().absences());
        assertEquals(Boolean.TRUE, draft.form().onTargetToAchieve());
        assertEquals(3, draft.form().copiesTo().size());
        assertEquals(day.plusWeeks(6), draft.form().nextTutorialDate());
        assertEquals(TargetStatus.CARRIED, caseload().target(seeded.targetId()).orElseThrow().status());
        assertEquals("Finish the brake log", draft.form().newTargets().get(0).text());
        shoot(robot, "07-form-filled");

        // Sign: learner, then tutor. Then it is locked.
        // The learner signs by drawing in the box; the tutor with the typed name and declaration.
        click(robot, "#form-sign-learner-agree");
        reveal(robot, "#form-sign-learner-pad");
        robot.moveTo("#form-sign-learner-pad").moveBy(-120, 0).press(javafx.scene.input.MouseButton.PRIMARY)
                .moveBy(30, -20).moveBy(30, 25).moveBy(40, -30).moveBy(50, 20).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        click(robot, "#form-sign-learner");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> caseload().tutorial(planned.id()).orElseThrow().learnerSignature() != null);
        assertEquals(org.tutela.app.domain.Signature.Method.DRAWN, caseload().tutorial(planned.id()).orElseThrow().learnerSignature().method());
        click(robot, "#form-sign-tutor-agree");
        shoot(robot, "08-signing");
        click(robot, "#form-sign-tutor");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> caseload().tutorial(planned.id()).orElseThrow().locked());
        waitFor(robot, "#form-locked");
        assertFalse(robot.lookup("#form-comments").queryAs(TextArea.class).isEditable(), "a signed tutorial is locked");
        reveal(robot, "#form-locked");
        shoot(robot, "09-locked");

        // Amend with a reason: the earlier version is kept.
        click(robot, "#form-amend");
        click(robot, "#form-amend-save");
        assertEquals("Give a reason for amending a signed tutorial.", robot.lookup("#form-error").queryAs(Label.class).getText());
        type(robot, "#form-tutor-comments", " Absences corrected.");
        type(robot, "#form-amend-reason", "Absences were miscounted");
        shoot(robot, "10-amending");
        click(robot, "#form-amend-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> caseload().tutorial(planned.id()).orElseThrow().history().size() == 1);
        Tutorial amended = caseload().tutorial(planned.id()).orElseThrow();
        assertEquals("Absences were miscounted", amended.history().get(0).reason());
        assertEquals("Good progress.", amended.history().get(0).previousVersion().form().tutorComments());
        assertEquals("Good progress. Absences corrected.", amended.form().tutorComments());
        waitFor(robot, "#form-history");
        robot.interact(() -> robot.lookup("#form-history").queryListView().getSelectionModel().select(0));
        click(robot, "#form-view-version");
        waitFor(robot, "#form-back");
        assertEquals("Good progress.", robot.lookup("#form-tutor-comments").queryAs(TextArea.class).getText());
        shoot(robot, "11-earlier-version");
        robot.clickOn("#form-back");
        waitFor(robot, "#form-amend");
        robot.clickOn("#form-back");

        // A concern, referred to a service on the signposting list.
        waitFor(robot, "#raise-concern");
        robot.clickOn("#raise-concern");
        waitFor(robot, "#concern-category");
        robot.interact(() -> robot.lookup("#concern-category").queryAs(ComboBox.class).setValue(ConcernCategory.HOUSING));
        robot.clickOn("#concern-description").write("Staying with friends since October.");
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<Object> s = robot.lookup("#concern-service").queryAs(ComboBox.class);
            s.setValue(s.getItems().stream().filter(x -> x.toString().contains("Housing")).findFirst().orElse(s.getItems().get(0)));
        });
        robot.clickOn("#concern-follow-up").write("Booked the housing drop-in");
        noUnnamedControls(robot);
        robot.clickOn("#concern-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !caseload().concernsOf(seeded.learnerId()).isEmpty());
        shoot(robot, "12-concern");

        // The confidential tutorial shows only its envelope.
        robot.clickOn("#concern-back");
        waitFor(robot, "#learner-timeline");
        selectTimeline(robot, seeded.confidentialId());
        shoot(robot, "13-learner-after");
        robot.clickOn("#open-entry");
        waitFor(robot, "#confidential-envelope");
        assertTrue(robot.lookup("#form-comments").tryQuery().isEmpty(), "no form content for a confidential tutorial");
        shoot(robot, "14-confidential");

        // A group session: hold it and tick who came.
        robot.clickOn("#form-back");
        waitFor(robot, "#learner-timeline");
        Tutorial groupSession = caseload().groupSessions(seeded.groupId()).stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED).findFirst().orElseThrow();
        selectTimeline(robot, groupSession.id());
        robot.clickOn("#open-entry");
        waitFor(robot, "#form-hold");
        robot.clickOn("#form-hold");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> caseload().tutorial(groupSession.id()).orElseThrow().held()
                && !robot.lookup("#form-attendees").queryAs(Parent.class).isDisabled());
        List<Node> boxes = List.copyOf(robot.lookup("#form-attendees").queryAs(Parent.class).getChildrenUnmodifiable());
        robot.clickOn(boxes.get(0));
        robot.clickOn(boxes.get(1));
        robot.clickOn(boxes.get(2));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> caseload().tutorial(groupSession.id()).orElseThrow().attendeeIds().size() == 3);
        shoot(robot, "18-group-session");

        // The summary and the signposting list.
        robot.clickOn("#nav-summary");
        waitFor(robot, "#summary-table");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#summary-table").queryTableView().getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        noUnnamedControls(robot);
        shoot(robot, "15-summary");
        robot.clickOn("#nav-signposting");
        waitFor(robot, "#signposting-table");
        noUnnamedControls(robot);
        shoot(robot, "16-signposting");

        // Filters on the caseload.
        robot.clickOn("#nav-caseload");
        waitFor(robot, "#caseload-table");
        robot.interact(() -> robot.lookup("#caseload-search").queryAs(TextField.class).setText(""));
        robot.clickOn("#filter-overdue");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(table.getItems().size() < everyone);
        shoot(robot, "17-overdue");
        robot.clickOn("#filter-overdue");

        // Lock with a form half typed: nothing is lost.
        robot.clickOn("#caseload-search").write("quorth");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#plan-tutorial");
        robot.clickOn("#plan-tutorial");
        waitFor(robot, "#plan-save");
        robot.interact(() -> robot.lookup("#plan-date").queryAs(TextField.class).setText(org.tutela.app.ui.common.Formats.date(caseload().today())));
        robot.clickOn("#plan-save");
        waitFor(robot, "#learner-timeline");
        Tutorial second = caseload().tutorialsOf(seeded.learnerId()).stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED && t.date().equals(caseload().today())).findFirst().orElseThrow();
        selectTimeline(robot, second.id());
        robot.clickOn("#open-entry");
        waitFor(robot, "#form-hold");
        robot.clickOn("#form-hold");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#form-comments").queryAs(TextArea.class).isDisabled()
                && robot.lookup("#form-comments").queryAs(TextArea.class).isEditable());
        type(robot, "#form-comments", "Typed just before locking");
        robot.press(KeyCode.CONTROL).press(KeyCode.L).release(KeyCode.L).release(KeyCode.CONTROL);
        waitFor(robot, "#unlock-passphrase");
        assertFalse(session.isUnlocked());
        robot.clickOn("#unlock-passphrase").write(UiFixtures.PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitForTable(robot);
        assertEquals("Typed just before locking", caseload().tutorial(second.id()).orElseThrow().form().comments(),
                "the draft was saved before the vault locked");
    }

    // ---- helpers ----

    private Caseload caseload() {
        return window.workspace().caseload();
    }

    private TableView<?> waitForTable(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.workspace() != null && caseload() != null
                && robot.lookup("#caseload-table").tryQuery().isPresent()
                && !robot.lookup("#caseload-table").queryTableView().getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#caseload-table").queryTableView();
    }

    private static void selectTimeline(FxRobot robot, UUID tutorialId) {
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

    private static void noUnnamedControls(FxRobot robot) {
        Parent root = robot.lookup("#workspace").queryAs(Parent.class).getScene().getRoot();
        assertEquals(List.of(), Accessibility.unnamedControls(root));
    }

    private static void type(FxRobot robot, String query, String text) {
        reveal(robot, query);
        robot.clickOn(query);
        robot.press(KeyCode.END).release(KeyCode.END);
        if (text.startsWith("\b")) {
            robot.press(KeyCode.BACK_SPACE).release(KeyCode.BACK_SPACE);
            text = text.substring(1);
        }
        robot.write(text);
    }

    private static void click(FxRobot robot, String query) {
        reveal(robot, query);
        robot.clickOn(query);
    }

    /** Scrolls the form so the node is in view. */
    private static void reveal(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        robot.interact(() -> {
            Node p = node.getParent();
            while (p != null && !(p instanceof ScrollPane)) {
                p = p.getParent();
            }
            if (p instanceof ScrollPane scroll && scroll.getContent() != null) {
                Node content = scroll.getContent();
                Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                double extra = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                if (extra > 0) {
                    scroll.setVvalue(Math.max(0, Math.min(1, (b.getMinY() - 80) / extra)));
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            Node node = robot.lookup(query).tryQuery().orElse(null);
            return node != null && node.isVisible() && node.getScene() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void shoot(FxRobot robot, String name) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        Scene scene = robot.lookup("#workspace").queryAs(Parent.class).getScene();
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", SHOTS.resolve(name + ".png").toFile());
    }
}
