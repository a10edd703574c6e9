package org.tutela.app.ui.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.records.TypedStore;
import org.tutela.app.confidential.SafeguardingWatch;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.ConcernResponses;
import org.tutela.app.records.RecordKind;
import org.tutela.app.ui.Accessibility;
import org.tutela.app.ui.common.Navigator;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.concern.ConcernView;
import org.tutela.app.ui.concern.ConcernViewModel;
import org.tutela.app.ui.confidential.SafeguardingBanner;
import org.tutela.app.ui.confidential.SafeguardingBannerViewModel;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/**
 * Headless, through the real screens: head office's answer to a safeguarding concern arrives (as a
 * sync stores it); the banner telling the tutor to phone the lead goes, the concern says when the
 * lead saw it, and the lead's task is on the learner's page, where the tutor marks it done with
 * the keyboard and a task-done record waits to go to head office.
 */
@ExtendWith(ApplicationExtension.class)
class SafeguardingAnswerScreensTest {
    private Vault vault;
    private VBox screen;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("tutela-safeguarding-ui");
        vault = Vault.create(dir.resolve("ui.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
        screen = new VBox(12);
        screen.setPrefSize(1100, 700);
        stage.setScene(new Scene(screen));
        stage.getScene().getStylesheets().add(getClass().getResource("/org/tutela/app/ui/tutela.css").toExternalForm());
        stage.show();
        stage.toFront();
    }

    @AfterEach
    void lock() {
        vault.close();
    }

    /** The answer head office writes, stored as a pull stores it. */
    private static void headOfficeAnswers(RecordStore store, UUID concernId, UUID learnerId, Instant seenAt, UUID taskId, String task) {
        UUID id = UUID.randomUUID();
        String json = "{\"id\":\"" + id + "\",\"concernId\":\"" + concernId + "\",\"learnerId\":\"" + learnerId + "\",\"acknowledgedAt\":\""
                + seenAt + "\",\"tasks\":[{\"id\":\"" + taskId + "\",\"text\":\"" + task + "\",\"assignedAt\":\"" + seenAt + "\"}]}";
        store.applyRemote(new StoredRecord(id, RecordKind.Names.CONCERN_RESPONSE, 1, seenAt, seenAt, false, false,
                json.getBytes(StandardCharsets.UTF_8)));
    }

    private static final Navigator NOWHERE = new Navigator() {
        @Override public void showCaseload() { }
        @Override public void openLearner(UUID learnerId) { }
        @Override public void editLearner(UUID learnerId, Group group) { }
        @Override public void planTutorial(UUID learnerId, UUID tutorialId) { }
        @Override public void openTutorial(UUID tutorialId) { }
        @Override public void openConcern(UUID learnerId, UUID concernId) { }
        @Override public void showSummary() { }
        @Override public void editSignposting() { }
        @Override public void printGroup(Group group) { }
    };

    @Test
    void theLeadsAnswerStopsTheBannerShowsOnTheConcernAndItsTaskIsMarkedDone(FxRobot robot) throws Exception {
        RecordStore store = vault.records();
        Caseload caseload = Caseload.load(store);
        Learner learner = caseload.learnerWrites().save(Learner.builder().givenName("Llŷr").familyName("Cawrdŵr").build());
        Concern concern = caseload.tutorialWrites().save(Concern.raise(learner.id(), ConcernCategory.SAFEGUARDING, LocalDate.now(), "Aderyn Tollan",
                "Invented: an older man waits for him after class"));
        Clock fiveHoursOn = Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(5));
        SafeguardingBannerViewModel banner = new SafeguardingBannerViewModel(new SafeguardingWatch(new TypedStore(() -> store), fiveHoursOn,
                () -> ConcernResponses.seenByLead(new TypedStore(() -> store))), TaskRunner.INLINE);
        robot.interact(() -> screen.getChildren().setAll(SafeguardingBanner.create(banner, false)));
        robot.interact(banner::refresh);
        assertTrue(robot.lookup("#safeguarding-banner").query().isVisible(), "not seen by the lead after five hours: phone them");

        // head office's answer arrives: the lead saw it and gave the tutor a task
        Instant seenAt = Instant.parse("2026-06-03T13:05:00Z");
        UUID task = UUID.randomUUID();
        headOfficeAnswers(store, concern.id(), learner.id(), seenAt, task, "Ring the employer and tell me what they say");
        robot.interact(banner::refresh);
        assertFalse(robot.lookup("#safeguarding-banner").query().isVisible(), "the lead has seen it: the banner goes");

        // the concern says so
        Caseload after = Caseload.load(store);
        ConcernViewModel concernModel = new ConcernViewModel(after, TaskRunner.INLINE, learner.id(), concern.id(), "Aderyn Tollan");
        robot.interact(() -> screen.getChildren().setAll(new ConcernView(concernModel, () -> { }, () -> { }).root()));
        String local = org.tutela.app.ui.common.Formats.time(seenAt.atZone(ZoneId.systemDefault()).toLocalTime());
        String seen = robot.lookup("#concern-seen-by-lead").queryAs(Label.class).getText();
        assertTrue(seen.startsWith("Seen by the safeguarding lead at " + local), seen);
        assertEquals(List.of(), Accessibility.unnamedControls(screen));

        // the learner's page lists the task; the tutor marks it done with the keyboard
        LearnerViewModel model = new LearnerViewModel(after, learner.id(), TaskRunner.INLINE, "Aderyn Tollan");
        robot.interact(() -> screen.getChildren().setAll(new LearnerView(model, NOWHERE).root()));
        @SuppressWarnings("unchecked")
        ListView<Object> tasks = robot.lookup("#learner-tasks").queryAs(ListView.class);
        assertTrue(tasks.isVisible());
        assertEquals(1, tasks.getItems().size());
        Button markDone = robot.lookup("#mark-task-done").queryButton();
        assertTrue(markDone.isDisabled(), "nothing chosen yet");
        // under Monocle the window takes keys once clicked into: click the list, then choose the task with the keyboard
        robot.clickOn(tasks);
        robot.interact(() -> tasks.getSelectionModel().clearSelection());
        robot.interact(() -> tasks.requestFocus());
        robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !markDone.isDisabled());
        shoot(robot, "20-safeguarding-task.png");
        robot.interact(markDone::requestFocus);
        robot.press(KeyCode.SPACE).release(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#task-message").queryAs(Label.class).getText()
                .startsWith("Marked done"));
        assertTrue(markDone.isDisabled(), "a done task cannot be marked again");
        assertTrue(model.describe(model.tasks().get(0)).contains("(done "), model.describe(model.tasks().get(0)));
        assertEquals(List.of(), Accessibility.unnamedControls(screen));
        OutboxEntry waiting = store.pendingOutbox(100).stream().filter(e -> e.record().kind().equals(RecordKind.Names.TASK_DONE)).findFirst()
                .orElseThrow();
        assertEquals(task, waiting.recordId(), "the done task waits to go to head office, under the task's id");
        assertTrue(Caseload.load(store).tasksOf(learner.id()).get(0).done(), "and stays done");
    }

    /** With -Dui.look=DIR, a picture of the learner page for the user guide. */
    private void shoot(FxRobot robot, String name) {
        String look = System.getProperty("ui.look");
        if (look == null) {
            return;
        }
        robot.interact(() -> {
            var image = screen.getScene().snapshot(null);
            try {
                Files.createDirectories(Path.of(look));
                javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", Path.of(look, name).toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

}
