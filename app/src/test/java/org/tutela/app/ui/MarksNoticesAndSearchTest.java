package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.text;
import static org.tutela.app.ui.Drive.typeOver;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.records.Caseload;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * What ControlsFX adds, seen through the real window: a warning sign on a box with a problem, whose
 * tooltip reads the same words as the line under it, gone when the problem is fixed; a red corner on
 * each box to fill in; a sync round's notification with its counts (never a learner's name), which
 * leaves the keyboard where it was; the learner's group picked from a list that narrows as the
 * tutor types, by keyboard alone.
 */
@ExtendWith(ApplicationExtension.class)
class MarksNoticesAndSearchTest {
    private static final String PASSWORD = "tutor account password 2";
    private Drive drive;

    @Start
    void start(Stage stage) throws Exception {
        drive = Drive.start(stage, 1366, 768);
    }

    @AfterEach
    void stop(FxRobot robot) {
        drive.stop(robot);
    }

    @Test
    void aBadUlnGetsASignThatReadsItsProblemAndGoesWhenFixed(FxRobot robot) throws Exception {
        drive.unlock(robot);
        robot.clickOn("#add-learner");
        waitFor(robot, "#edit-uln");

        // The boxes to fill in have their red corner (and still their "*"); the others have none.
        for (String box : List.of("#edit-given", "#edit-family", "#edit-group")) {
            Node corner = mark(robot, box + "-required").orElseThrow(() -> new AssertionError(box + " has no red corner"));
            assertTrue(corner.isVisible());
            assertInsideTopLeft(robot, corner, box);
        }
        assertTrue(mark(robot, "#edit-uln-required").isEmpty(), "the ULN need not be filled in");
        assertTrue(mark(robot, "#edit-uln-sign").isEmpty(), "no sign before anything is wrong");

        typeOver(robot, "#edit-uln", "92763");
        assertEquals("A ULN has 10 digits.", text(robot, "#edit-uln-problem"), "the line under the box stays: screen readers read it");
        waitUntil(() -> mark(robot, "#edit-uln-sign").isPresent());
        Label sign = (Label) mark(robot, "#edit-uln-sign").orElseThrow();
        assertTrue(sign.isVisible());
        assertNotNull(sign.getTooltip(), "the sign's tooltip reads the problem");
        assertEquals("A ULN has 10 digits.", sign.getTooltip().getText());
        assertAtLowerLeft(robot, sign, "#edit-uln");
        assertEquals("A ULN has 10 digits.", robot.lookup("#edit-uln").queryAs(Control.class).getAccessibleHelp());
        drive.shoot(robot, "marks-learner-uln");

        // Another problem: the sign says the new one.
        typeOver(robot, "#edit-uln", "9276308687");
        waitUntil(() -> mark(robot, "#edit-uln-sign").map(n -> ((Label) n).getTooltip().getText()).orElse("")
                .equals(text(robot, "#edit-uln-problem")) && !text(robot, "#edit-uln-problem").isEmpty());

        // Fixed: the sign goes with the line.
        typeOver(robot, "#edit-uln", "9276308686");
        waitUntil(() -> mark(robot, "#edit-uln-sign").isEmpty());
        assertEquals("", text(robot, "#edit-uln-problem"));
    }

    @Test
    void theGroupIsPickedFromAListThatNarrowsAsTheTutorTypes(FxRobot robot) throws Exception {
        Caseload caseload = drive.unlock(robot);
        robot.clickOn("#add-learner");
        waitFor(robot, "#edit-group");
        ComboBox<?> box = robot.lookup("#edit-group").queryAs(ComboBox.class);
        assertEquals("Caseload group (required)", box.getAccessibleText());
        List<String> names = caseload.groups().stream().map(Group::name).toList();
        assertTrue(names.size() > 1, "the tiny caseload has groups to choose from: " + names);
        // A word of one group's name that another group's name lacks: typing it narrows the list.
        String target = names.get(names.size() - 1);
        String word = java.util.Arrays.stream(target.split(" "))
                .filter(w -> w.length() > 1 && names.stream().anyMatch(n -> !n.toLowerCase().contains(w.toLowerCase())))
                .findFirst().orElseThrow();

        // By keyboard: Tab from the ULN's row to the group, Down opens its list, then type.
        Drive.focus(robot, robot.lookup("#edit-ilr").query());
        robot.press(KeyCode.TAB).release(KeyCode.TAB);
        waitUntil(box::isFocused);
        robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        ListView<?> list = shownList(robot);
        robot.write(word.toLowerCase());
        TextField search = (TextField) box.lookup("#search");
        assertTrue(search.isFocused(), "typing goes into the search box");
        assertEquals("Type part of the group's name", search.getAccessibleText());
        waitUntil(() -> search.getText().equals(word.toLowerCase()));
        waitUntil(() -> list.getItems().size() < names.size());
        assertFalse(list.getItems().isEmpty());
        for (Object g : list.getItems()) {
            assertTrue(((Group) g).name().toLowerCase().contains(word.toLowerCase()), "only the groups that match: " + g);
        }
        drive.shoot(robot, "search-group");
        Group wanted = (Group) list.getItems().get(0);
        robot.press(KeyCode.DOWN).release(KeyCode.DOWN);
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> wanted.equals(box.getValue()));
        assertFalse(box.isShowing());
        assertTrue(box.isFocused() || box.isFocusWithin(), "the keyboard stays on the group");
        assertEquals("", text(robot, "#edit-group-problem"));
    }

    @Test
    void aSyncRoundShowsANotificationWithItsCountsAndLeavesTheKeyboardWhereItWas(FxRobot robot) throws Exception {
        Path data = Files.createTempDirectory("tutela-server");
        try (SyncServer server = SyncServer.start(ServerSettings.defaults().with("data-dir", data.toString()).with("port", "0")
                .with("host", "127.0.0.1"))) {
            server.accounts().addUser("tutor.n", Role.TUTOR, PASSWORD.toCharArray());
            Caseload caseload = drive.unlock(robot);
            // Connect, through the dialog: its boxes to fill in have their red corner.
            MenuButton menu = robot.lookup("#shell-menu").queryAs(MenuButton.class);
            robot.interact(() -> menu.getItems().stream().filter(i -> "menu-connect".equals(i.getId())).findFirst().orElseThrow().fire());
            waitFor(robot, "#enrol-url");
            Drive.waitForFocus(robot.lookup("#enrol-url").query()); // the dialog is up and placed: a click lands where it aims
            for (String box : List.of("#enrol-url", "#enrol-fingerprint", "#enrol-username", "#enrol-password")) {
                assertTrue(mark(robot, box + "-required").isPresent(), box + " has its red corner");
            }
            robot.press(KeyCode.ENTER).release(KeyCode.ENTER); // Connect, the default button
            Drive.waitForText(robot, "#enrol-username-problem", "Type the username head office gave you.");
            waitUntil(() -> mark(robot, "#enrol-username-sign").isPresent());
            assertEquals("Type the username head office gave you.",
                    ((Label) mark(robot, "#enrol-username-sign").orElseThrow()).getTooltip().getText());
            drive.shoot(robot, robot.lookup("#enrol-url").query().getScene(), "marks-connect");
            typeOver(robot, "#enrol-url", "https://127.0.0.1:" + server.port());
            typeOver(robot, "#enrol-fingerprint", server.fingerprint());
            typeOver(robot, "#enrol-username", "tutor.n");
            typeOver(robot, "#enrol-password", PASSWORD);
            Drive.press(robot, "#enrol-button");
            Drive.waitForText(robot, "#enrol-done", "Connected.");
            Drive.press(robot, "#enrol-close");
            waitUntil(() -> robot.lookup("#enrol-url").tryQuery().isEmpty());
            waitUntil(() -> !robot.lookup("#sync-now").queryButton().isDisabled());

            // The tutor starts a round, then goes on typing in the search box while it runs.
            Drive.press(robot, "#sync-now");
            TextField search = robot.lookup("#caseload-search").queryAs(TextField.class);
            Drive.focus(robot, search);
            WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> notice(robot).isPresent());
            Node notice = notice(robot).orElseThrow();
            Window popup = notice.getScene().getWindow();
            assertTrue(popup instanceof PopupWindow p && p.getOwnerWindow() == drive.window.scene().getWindow(),
                    "shown in the main window's corner");
            Drive.waitForText(robot, "#sync-status", "Synced at");
            Matcher counts = Pattern.compile("(\\d+) sent, (\\d+) received\\.").matcher(text(robot, "#sync-status"));
            assertTrue(counts.find(), text(robot, "#sync-status"));
            assertTrue(Integer.parseInt(counts.group(1)) > 0, "the new connection sends the caseload");
            // Head office has not been told this tutor's groups: it refuses the learners' records, and says so.
            Matcher refused = Pattern.compile("Head office refused (\\d+) changes").matcher(text(robot, "#sync-problem"));
            assertTrue(refused.find(), text(robot, "#sync-problem"));
            assertEquals("Synced, but head office refused " + refused.group(1) + " changes", ((Label) notice.lookup(".title")).getText());
            String said = noticeText(notice).replace('\n', ' ');
            Bounds shown = notice.localToScreen(notice.getBoundsInLocal());
            assertTrue(shown.getWidth() < 560, "narrow enough for a small screen: " + shown.getWidth());
            Bounds main = drive.window.scene().getRoot().localToScreen(drive.window.scene().getRoot().getLayoutBounds());
            assertTrue(shown.getMinX() >= main.getMinX() && shown.getMaxX() <= main.getMaxX() + 1 && shown.getMinY() >= main.getMinY(),
                    "inside the main window: " + shown + " in " + main);
            assertTrue(said.contains(counts.group(1) + " sent, " + counts.group(2) + " received."), said);
            for (Learner l : caseload.learners()) {
                assertFalse(said.contains(l.familyName()) || said.contains(l.givenName()), "no learner's name: " + said);
            }
            drive.shoot(robot, "sync-notice");
            Drive.shoot(robot, notice.getScene(), "sync-notice-refused");
            // The keyboard stayed: the window keeps its focus, and typing (Tab too) still reaches it.
            assertTrue(drive.window.scene().getWindow().isFocused(), "the main window keeps the keyboard");
            assertTrue(search.isFocused());
            robot.write("zq");
            waitUntil(() -> search.getText().equals("zq"));
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            waitUntil(() -> !search.isFocused() && drive.window.scene().getFocusOwner() != null);
            assertTrue(notice(robot).isPresent(), "still showing: it goes by itself");

            // Head office is told the groups: the next round is done, and says its counts.
            server.accounts().assign("tutor.n", org.tutela.sync.server.Accounts.SCOPE_GROUP,
                    caseload.groups().stream().map(Group::id).toList());
            robot.interact(() -> notice(robot).ifPresent(n -> n.getScene().getWindow().hide()));
            Drive.press(robot, "#sync-now");
            WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> notice(robot)
                    .map(n -> ((Label) n.lookup(".title")).getText().equals("Synced with head office")).orElse(false));
            Drive.waitForText(robot, "#sync-status", "Synced at");
            Matcher second = Pattern.compile("(\\d+) sent, (\\d+) received\\.").matcher(text(robot, "#sync-status"));
            assertTrue(second.find());
            assertTrue(noticeText(notice(robot).orElseThrow()).contains(second.group(1) + " sent, " + second.group(2) + " received."));
            assertEquals("", text(robot, "#sync-problem"));
            Drive.shoot(robot, notice(robot).orElseThrow().getScene(), "sync-notice-done");
            // Escape still reaches the window while it shows: it cancels the form being filled in.
            robot.clickOn("#add-learner");
            waitFor(robot, "#edit-given");
            assertTrue(notice(robot).isPresent());
            robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
            waitUntil(() -> robot.lookup("#learner-edit").tryQuery().isEmpty());
        }
    }

    /** A mark ControlsFX drew on a box (they sit inside the box's own parts, so looked up from the window's root). */
    private Optional<Node> mark(FxRobot robot, String query) {
        for (Window w : List.copyOf(Window.getWindows())) {
            if (w.getScene() != null && w.isShowing()) {
                Node found = w.getScene().getRoot().lookup(query);
                if (found != null && found.getScene() != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    /** The sync notification showing, if any. */
    private static Optional<Node> notice(FxRobot robot) {
        return List.copyOf(Window.getWindows()).stream().filter(w -> w instanceof PopupWindow && w.isShowing() && w.getScene() != null)
                .map(w -> w.getScene().getRoot().lookup(".sync-notice")).filter(n -> n != null).findFirst();
    }

    private static String noticeText(Node notice) {
        StringBuilder all = new StringBuilder();
        notice.lookupAll(".label").forEach(n -> all.append(((Label) n).getText()).append('\n'));
        return all.toString();
    }

    /** The list of a combo box shown in its popup. */
    private static ListView<?> shownList(FxRobot robot) throws Exception {
        ListView<?>[] found = new ListView<?>[1];
        waitUntil(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w instanceof PopupWindow && w.isShowing() && w.getScene() != null
                        && w.getScene().getRoot().lookup(".list-view") instanceof ListView<?> l) {
                    found[0] = l;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static Bounds onScreen(Node n) {
        return n.localToScreen(n.getBoundsInLocal());
    }

    private static void assertInsideTopLeft(FxRobot robot, Node corner, String box) {
        Bounds c = onScreen(corner);
        Node field = robot.lookup(box).query();
        Bounds f = field.localToScreen(field.getLayoutBounds()); // the box's outline, without the marks over its corners
        assertTrue(Math.abs(c.getMinX() - f.getMinX()) < 2 && Math.abs(c.getMinY() - f.getMinY()) < 2,
                box + "'s corner is at its top left: " + c + " in " + f);
    }

    private static void assertAtLowerLeft(FxRobot robot, Node sign, String box) {
        Bounds s = onScreen(sign);
        Node field = robot.lookup(box).query();
        Bounds f = field.localToScreen(field.getLayoutBounds()); // the box's outline, without the marks over its corners
        double cx = s.getCenterX();
        double cy = s.getCenterY();
        assertTrue(Math.abs(cx - f.getMinX()) < s.getWidth() && Math.abs(cy - f.getMaxY()) < s.getHeight(),
                "the sign sits on " + box + "'s lower left corner: " + s + " on " + f);
    }
}
