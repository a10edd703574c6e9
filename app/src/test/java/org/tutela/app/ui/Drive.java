package org.tutela.app.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.demo.DemoCaseload;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.learner.LearnerViewModel;
import org.tutela.app.ui.shell.MainWindow;
import org.tutela.crypto.Argon2Params;

/**
 * Drives the real window in UI tests: starts Tutela on an invented caseload in a real vault, and
 * the small moves every test makes (wait for a node, bring it into view, type over a box's text,
 * read a label).
 */
final class Drive {
    final MainWindow window;
    final VaultSession session;
    final UiFixtures.Seeded seeded;
    final AppHome home;

    private Drive(MainWindow window, VaultSession session, UiFixtures.Seeded seeded, AppHome home) {
        this.window = window;
        this.session = session;
        this.seeded = seeded;
        this.home = home;
    }

    /** Shows Tutela, locked, on a new vault holding the tiny invented caseload, in a window of this size. */
    static Drive start(Stage stage, double width, double height) throws Exception {
        AppHome appHome = new AppHome(Files.createTempDirectory("tutela-ui")).ensureFolders();
        UiFixtures.Seeded seeded = UiFixtures.createVault(appHome.vaultFile("default"), DemoCaseload.Scale.TINY);
        VaultSession session = new VaultSession(appHome.vaultFile("default"), Argon2Params.FLOOR);
        MainWindow window = new MainWindow(appHome, Settings.load(appHome.settingsFile()), session);
        stage.setScene(window.scene());
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        stage.toFront();
        return new Drive(window, session, seeded, appHome);
    }

    /** Types the passphrase and presses Enter; returns once the caseload shows. */
    Caseload unlock(FxRobot robot) throws Exception {
        waitFor(robot, "#unlock-passphrase");
        robot.interact(() -> robot.lookup("#unlock-passphrase").query().requestFocus());
        robot.write(UiFixtures.PASSPHRASE);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.workspace() != null && window.workspace().caseload() != null
                && robot.lookup("#caseload-table").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        return caseload();
    }

    /**
     * After a test: closes the windows it left open and shuts this window down (its idle lock would
     * otherwise go off minutes later, in the middle of another test).
     */
    void stop(FxRobot robot) {
        robot.interact(() -> {
            for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) {
                if (w != window.scene().getWindow()) {
                    w.hide();
                }
            }
            window.shutdown();
        });
    }

    Caseload caseload() {
        return window.workspace().caseload();
    }

    void openLearner(FxRobot robot, UUID learnerId) throws Exception {
        robot.interact(() -> window.workspace().openLearner(learnerId));
        waitFor(robot, "#learner-timeline");
    }

    static void selectTimeline(FxRobot robot, UUID tutorialId) {
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

    /**
     * Waits until the node is on screen and drawn: a control's skin (and with it its Alt+letter) is
     * made at the first pulse after it joins the window, and under load that pulse can come well
     * after; a key pressed before then would be lost, which no tutor could do.
     */
    static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            Node node = robot.lookup(query).tryQuery().orElse(null);
            return node != null && node.isVisible() && node.getScene() != null
                    && (!(node instanceof javafx.scene.control.Control c) || c.getSkin() != null);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Waits until the keyboard is in this node (its window's focus owner); if it never gets there,
     * says where the keyboard is instead.
     */
    static void waitForFocus(Node node) throws Exception {
        try {
            waitUntil(() -> node.getScene() != null && node.getScene().getFocusOwner() == node);
        } catch (java.util.concurrent.TimeoutException e) {
            Node owner = node.getScene() == null ? null : node.getScene().getFocusOwner();
            throw new AssertionError("the keyboard is not in " + node.getId() + " but in "
                    + (owner == null ? "nothing" : owner.getClass().getSimpleName() + " " + owner.getId()
                    + (owner instanceof javafx.scene.control.Labeled l ? " \"" + l.getText() + "\"" : ""))
                    + (node.getScene() == null ? " (the node is no longer on screen)" : ""), e);
        }
    }

    /** Puts the keyboard in this node, and its window in front (a new window may not get the focus under Monocle). */
    static void focus(FxRobot robot, Node node) {
        robot.interact(() -> {
            node.getScene().getWindow().requestFocus();
            node.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Scrolls the screen so the node is in view. */
    static void reveal(FxRobot robot, String query) {
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

    /** Clicks into the box, selects what is there and types over it; then Tab leaves it. */
    static void typeOver(FxRobot robot, String query, String text) {
        reveal(robot, query);
        robot.clickOn(query);
        robot.press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        robot.press(KeyCode.BACK_SPACE).release(KeyCode.BACK_SPACE);
        robot.write(text);
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Clicks a button once it is shown whole in its window (a dialog may still be growing to fit a new message). */
    static void press(FxRobot robot, String query) throws Exception {
        try {
            waitUntil(() -> robot.lookup(query).tryQuery().map(n -> {
                Bounds b = n.localToScene(n.getBoundsInLocal());
                return n.isVisible() && n.getScene() != null && b.getMinY() >= 0 && b.getMaxY() <= n.getScene().getHeight()
                        && b.getMaxX() <= n.getScene().getWidth();
            }).orElse(false));
        } catch (java.util.concurrent.TimeoutException e) {
            Node n = robot.lookup(query).tryQuery().orElse(null);
            throw new AssertionError(n == null || n.getScene() == null ? query + " is not on screen"
                    : query + " is not whole in its window: it is at " + n.localToScene(n.getBoundsInLocal()) + " in a window of "
                    + n.getScene().getWidth() + "x" + n.getScene().getHeight(), e);
        }
        robot.clickOn(query);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the label's text starts so; if it never does, says what it shows instead (and the dialog's other lines). */
    static void waitForText(FxRobot robot, String query, String start) throws Exception {
        try {
            waitUntil(() -> text(robot, query).startsWith(start));
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder shown = new StringBuilder();
            robot.lookup(".label").queryAll().stream().filter(n -> n.getId() != null && n.isVisible())
                    .forEach(n -> shown.append("\n  ").append(n.getId()).append(": ").append(((Label) n).getText()));
            throw new AssertionError(query + " never said \"" + start + "...\" but \"" + text(robot, query) + "\"; shown:" + shown, e);
        }
    }

    /** The text of a label ("" when it is not there or hidden). */
    static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().filter(Node::isVisible).map(n -> ((Label) n).getText()).orElse("");
    }

    /** Saves a picture of the window's scene into target/screenshots (for the user guide, or to see what a test saw). */
    static Path shoot(FxRobot robot, javafx.scene.Scene scene, String name) throws java.io.IOException {
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> image[0] = scene.snapshot(null));
        Path file = shots().resolve(name + ".png");
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image[0], null), "png", file.toFile());
        return file;
    }

    Path shoot(FxRobot robot, String name) throws java.io.IOException {
        return shoot(robot, window.scene(), name);
    }

    static Path shots() throws java.io.IOException {
        return Files.createDirectories(Path.of("target/screenshots"));
    }
}
