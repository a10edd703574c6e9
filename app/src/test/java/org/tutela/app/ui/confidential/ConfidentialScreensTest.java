package org.tutela.app.ui.confidential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.confidential.ConfidentialFixtures.CANARY;
import static org.tutela.app.confidential.ConfidentialFixtures.PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.records.TypedStore;
import org.tutela.app.confidential.ConfidentialEnvelope;
import org.tutela.app.confidential.ConfidentialFixtures;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.Accessibility;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/** Headless: mark a tutorial confidential (password twice), see its envelope, open it with a wrong then the right password. */
@ExtendWith(ApplicationExtension.class)
class ConfidentialScreensTest {
    private Vault vault;
    private ConfidentialTutorials tutorials;
    private Stage stage;
    private VBox screen;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dir = Files.createTempDirectory("tutela-confidential-ui");
        vault = Vault.create(dir.resolve("ui.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
        // Real clock; the delay after a wrong password is not slept here, only shown.
        tutorials = new ConfidentialTutorials(new TypedStore(vault::records), "Tutor Bexamund", Clock.systemUTC(), d -> { }, Argon2Params.FLOOR);
        screen = new VBox(12);
        screen.setId("tutorial-screen");
        screen.setPrefSize(760, 560);
        stage.setScene(new Scene(screen));
        stage.show();
        stage.toFront();
    }

    @AfterEach
    void lock() {
        vault.close();
    }

    @Test
    void markConfidentialThenSeeTheEnvelopeThenOpenWithWrongThenRightPassword(FxRobot robot) throws Exception {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        AtomicReference<Dialog<org.tutela.app.confidential.OpenedTutorial>> mark = new AtomicReference<>();
        robot.interact(() -> {
            mark.set(MarkConfidentialDialog.create(stage, tutorials, tutorial));
            mark.get().show();
        });

        // Mark confidential: the password twice, by keyboard.
        waitFor(robot, "#confidential-mark-password");
        assertEquals(List.of(), Accessibility.unnamedControls(root(robot, "#confidential-mark-password")));
        Button seal = robot.lookup("#confidential-mark-seal").queryButton();
        robot.clickOn("#confidential-mark-password").write("lantern");
        assertTrue(seal.isDisabled(), "a short password cannot seal it");
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.write(PASSWORD);
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        robot.write(PASSWORD);
        assertFalse(seal.isDisabled(), () -> "an accepted password typed twice can seal it: ["
                + robot.lookup("#confidential-mark-password").queryAs(javafx.scene.control.PasswordField.class).getText() + "] ["
                + robot.lookup("#confidential-mark-confirm").queryAs(javafx.scene.control.PasswordField.class).getText() + "]");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !mark.get().isShowing());
        org.tutela.app.confidential.OpenedTutorial sealedOpen = mark.get().getResult();
        assertNotNull(sealedOpen, "sealed");
        ConfidentialEnvelope envelope = sealedOpen.publicEnvelope();
        sealedOpen.close();
        assertTrue(tutorials.envelope(tutorial.id()).isPresent());

        // Closed: the screen shows only the envelope.
        robot.interact(() -> screen.getChildren().setAll(ConfidentialEnvelopeView.create(envelope, "Yavima Quorthwick",
                () -> OpenConfidentialDialog.create(stage, tutorials, tutorial.id()).show())));
        waitFor(robot, "#confidential-open");
        assertEquals("Confidential tutorial", robot.lookup("#confidential-envelope-label").queryAs(Label.class).getText());
        assertEquals("Learner: Yavima Quorthwick", robot.lookup("#confidential-envelope-learner").queryAs(Label.class).getText());
        assertEquals("Tutor: Tutor Bexamund", robot.lookup("#confidential-envelope-tutor").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#confidential-envelope-date").queryAs(Label.class).getText().contains("2026"));
        assertFalse(allText(screen).contains("caravan"), "nothing of the content on the envelope");
        assertEquals(List.of(), Accessibility.unnamedControls(screen));

        // Open… with the keyboard.
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(robot, "#confidential-open-password");
        assertEquals(List.of(), Accessibility.unnamedControls(root(robot, "#confidential-open-password")));
        // Under Monocle a new dialog window gets the keys once clicked into.
        robot.clickOn("#confidential-open-password").write("lantern quarry meadow 43");
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#confidential-open-error").queryAs(Label.class)
                .getText().startsWith("That password does not open this confidential tutorial"));
        String error = robot.lookup("#confidential-open-error").queryAs(Label.class).getText();
        assertTrue(error.contains("try again in 1 seconds"), error);
        assertFalse(robot.lookup("#confidential-open-content").query().getParent().isVisible(), "no content shown");
        assertTrue(shownText(robot).isEmpty());

        // The right one: the content, read only.
        robot.clickOn("#confidential-open-password").write(PASSWORD);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shownText(robot).contains(CANARY));
        // Shown as the form it is: each box under its own heading, read only (labels, nothing to type in).
        assertTrue(robot.lookup("#confidential-opened-form .text-input").tryQuery().isEmpty(), "read only");
        assertTrue(shownText(robot).contains("Comments"), shownText(robot));
        assertTrue(robot.lookup("#confidential-open-content").query().getParent().isVisible());
        assertEquals(1, tutorials.openCount());
        assertEquals(1, tutorials.openings(tutorial.id()).size(), "the opening is recorded");

        // Close: the content is forgotten. (The dialog lays its buttons out again once the content
        // shows, the Open button gone: the robot waits for that before it looks for Close.)
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#confidential-open-close").match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
        robot.clickOn("#confidential-open-close");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#confidential-open-content").tryQuery().isEmpty());
        assertEquals(0, tutorials.openCount());
    }

    @Test
    void theOtherDialogsAreNamedAndLockingForgetsAnOpenedTutorial(FxRobot robot) throws Exception {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());

        // Organisation settings, change password: every control named for a screen reader.
        AtomicReference<Dialog<Void>> settings = new AtomicReference<>();
        robot.interact(() -> {
            settings.set(OrganisationSettingsDialog.create(stage, new org.tutela.app.confidential.OrganisationSettingsStore(new org.tutela.app.records.TypedStore(vault::records))));
            settings.get().show();
        });
        waitFor(robot, "#orgsettings-public-key");
        assertEquals(List.of(), Accessibility.unnamedControls(root(robot, "#orgsettings-public-key")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> "4".equals(robot.lookup("#orgsettings-threshold").queryAs(javafx.scene.control.TextField.class).getText()));
        robot.interact(() -> settings.get().close());

        AtomicReference<Dialog<Void>> change = new AtomicReference<>();
        robot.interact(() -> {
            change.set(ChangeConfidentialPasswordDialog.create(stage, tutorials, tutorial.id()));
            change.get().show();
        });
        waitFor(robot, "#confidential-change-current");
        assertEquals(List.of(), Accessibility.unnamedControls(root(robot, "#confidential-change-current")));
        robot.interact(() -> change.get().close());

        // The banner: hidden until there is something to say, then plain words and the number.
        SafeguardingBannerViewModel bannerModel = new SafeguardingBannerViewModel(
                new org.tutela.app.confidential.SafeguardingWatch(new org.tutela.app.records.TypedStore(vault::records), Clock.systemUTC()),
                org.tutela.app.ui.common.TaskRunner.INLINE);
        robot.interact(() -> screen.getChildren().setAll(SafeguardingBanner.create(bannerModel)));
        assertFalse(robot.lookup("#safeguarding-banner").query().isVisible());
        robot.interact(() -> bannerModel.show(java.util.Optional.of(new org.tutela.app.confidential.SafeguardingWarning(
                List.of(java.util.UUID.randomUUID()), java.time.Instant.now().minusSeconds(5 * 3600),
                java.time.Duration.ofHours(5), "01632 960999", java.time.Duration.ofHours(4), 1))));
        assertTrue(robot.lookup("#safeguarding-banner").query().isVisible());
        assertTrue(robot.lookup("#safeguarding-banner-text").queryAs(Label.class).getText().contains("01632 960999"));
        assertEquals(List.of(), Accessibility.unnamedControls(screen));

        // Opened, then the vault locks: the dialog goes and the content is forgotten.
        AtomicReference<Dialog<Void>> open = new AtomicReference<>();
        robot.interact(() -> {
            open.set(OpenConfidentialDialog.create(stage, tutorials, tutorial.id()));
            open.get().show();
        });
        waitFor(robot, "#confidential-open-password");
        robot.clickOn("#confidential-open-password").write(PASSWORD);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shownText(robot).contains(CANARY));
        javafx.scene.layout.VBox holder = (javafx.scene.layout.VBox) robot.lookup("#confidential-opened-form").query().getParent();
        tutorials.closeAll(); // what locking the vault calls
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !open.get().isShowing());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(holder.getChildren().isEmpty(), "the content is gone from the screen");
        assertEquals(0, tutorials.openCount());
    }

    /** All the text of the opened tutorial's form, as shown. */
    private static String shownText(FxRobot robot) {
        return String.join("\n", robot.lookup("#confidential-opened-form .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList());
    }

    private static Parent root(FxRobot robot, String query) {
        return robot.lookup(query).query().getScene().getRoot();
    }

    private static String allText(Node node) {
        StringBuilder s = new StringBuilder();
        if (node instanceof Labeled l && l.getText() != null) {
            s.append(l.getText()).append('\n');
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                s.append(allText(child));
            }
        }
        return s.toString();
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            Node node = robot.lookup(query).tryQuery().orElse(null);
            return node != null && node.isVisible() && node.getScene() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        focus(robot, query);
    }

    private static void focus(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        robot.interact(() -> {
            node.getScene().getWindow().requestFocus();
            node.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
