package org.tutela.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.ui.Drive.text;
import static org.tutela.app.ui.Drive.typeOver;
import static org.tutela.app.ui.Drive.waitFor;
import static org.tutela.app.ui.Drive.waitUntil;

import java.net.ServerSocket;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.sync.EnrolViewModel;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * Connecting to head office through the real window, against the real server over real HTTPS:
 * a malformed address or fingerprint is said beside its box at once (Connect is never greyed out
 * without a reason); a failed connection says whether the address, the certificate, the account
 * or the network is at fault, beside the box to correct, in full; what was typed stays, even when
 * the dialog is closed and opened again.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectDialogTest {
    private static final String PASSWORD = "tutor account password 1";
    private Drive drive;
    private SyncServer server;

    @Start
    void start(Stage stage) throws Exception {
        drive = Drive.start(stage, 1366, 768);
        Path data = Files.createTempDirectory("tutela-server");
        server = SyncServer.start(ServerSettings.defaults().with("data-dir", data.toString()).with("port", "0").with("host", "127.0.0.1"));
        server.accounts().addUser("tutor.a", Role.TUTOR, PASSWORD.toCharArray());
    }

    @AfterEach
    void stop(FxRobot robot) {
        drive.stop(robot);
        server.close();
    }

    @Test
    void eachProblemIsSaidBesideItsBoxAndWhatWasTypedStays(FxRobot robot) throws Exception {
        drive.unlock(robot);
        openConnect(robot);
        Button connect = robot.lookup("#enrol-button").queryButton();

        // Malformed: said beside the boxes at once; Connect is not greyed out, and pressing it says the rest.
        typeOver(robot, "#enrol-url", "htps:/tutela");
        assertTrue(text(robot, "#enrol-url-problem").startsWith("Head office's address starts with https://"), text(robot, "#enrol-url-problem"));
        typeOver(robot, "#enrol-fingerprint", "AB:CD:EF:01:23");
        assertEquals("A fingerprint has 64 digits and letters (0 to 9, A to F); this one has 10. Copy it exactly as head office gave it.",
                text(robot, "#enrol-fingerprint-problem"));
        assertFalse(connect.isDisabled(), "never greyed out without a reason");
        Drive.press(robot, "#enrol-button");
        assertEquals("Type the username head office gave you.", text(robot, "#enrol-username-problem"));
        assertFalse(drive.caseload() == null);

        // Nothing listening at that port: the address is at fault.
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        typeOver(robot, "#enrol-url", "https://127.0.0.1:" + closedPort);
        typeOver(robot, "#enrol-fingerprint", server.fingerprint());
        typeOver(robot, "#enrol-username", "tutor.a");
        typeOver(robot, "#enrol-password", PASSWORD);
        assertEquals("", text(robot, "#enrol-url-problem") + text(robot, "#enrol-fingerprint-problem")
                + text(robot, "#enrol-username-problem") + text(robot, "#enrol-password-problem"), "every box will do");
        Drive.press(robot, "#enrol-button");
        Drive.waitForText(robot, "#enrol-url-problem", "The address is at fault: nothing answered at 127.0.0.1:" + closedPort);
        fullyShown(robot, "#enrol-url-problem");
        drive.shoot(robot, robot.lookup("#enrol-url").query().getScene(), "19-connect-address");

        // The right address, a fingerprint that is not the server's: the certificate is at fault.
        typeOver(robot, "#enrol-url", "https://127.0.0.1:" + server.port());
        assertEquals("", text(robot, "#enrol-url-problem"), "fixed: the message goes");
        String otherPin = (server.fingerprint().startsWith("AA") ? "BB" : "AA") + server.fingerprint().substring(2);
        typeOver(robot, "#enrol-fingerprint", otherPin);
        assertEquals("", robot.lookup("#enrol-password").queryAs(TextField.class).getText(), "the password is never kept");
        typeOver(robot, "#enrol-password", PASSWORD);
        Drive.press(robot, "#enrol-button");
        Drive.waitForText(robot, "#enrol-fingerprint-problem", "The certificate is at fault");
        fullyShown(robot, "#enrol-fingerprint-problem");
        assertEquals("", text(robot, "#enrol-password-problem").replace("Type your head office password.", ""),
                "the password was not refused: only asked for again");

        // Closed and opened again: everything typed is there.
        Drive.press(robot, "#enrol-close");
        waitUntil(() -> robot.lookup("#enrol-url").tryQuery().isEmpty());
        openConnect(robot);
        assertEquals("https://127.0.0.1:" + server.port(), robot.lookup("#enrol-url").queryAs(TextField.class).getText());
        assertEquals(otherPin, robot.lookup("#enrol-fingerprint").queryAs(TextField.class).getText());
        assertEquals("tutor.a", robot.lookup("#enrol-username").queryAs(TextField.class).getText());

        // A wrong password: the account is at fault; then the right one connects.
        typeOver(robot, "#enrol-fingerprint", server.fingerprint());
        typeOver(robot, "#enrol-password", "not the password");
        Drive.press(robot, "#enrol-button");
        Drive.waitForText(robot, "#enrol-password-problem", "The account is at fault");
        typeOver(robot, "#enrol-password", PASSWORD);
        Drive.press(robot, "#enrol-button");
        Drive.waitForText(robot, "#enrol-done", "Connected.");
        fullyShown(robot, "#enrol-done");
    }

    @Test
    void aNetworkThatDoesNotAnswerIsSaidToBeTheNetwork() {
        EnrolViewModel model = new EnrolViewModel((url, pin, user, password, device) -> {
            throw new SyncException(SyncException.Reason.OFFLINE, null, new HttpConnectTimeoutException("timed out"));
        }, TaskRunner.INLINE, name -> { });
        model.serverUrlProperty().set("https://tutela.example.org:8443");
        model.fingerprintProperty().set("ab".repeat(32));
        model.usernameProperty().set("tutor.a");
        model.passwordTyped(PASSWORD);
        model.enrol(PASSWORD.toCharArray());
        assertTrue(model.errorProperty().get().startsWith("The network is at fault: head office's server at tutela.example.org:8443"),
                model.errorProperty().get());
        assertEquals("tutor.a", model.usernameProperty().get(), "nothing typed is lost");
        assertEquals("", model.urlProblemProperty().get(), "the address is not blamed");
    }

    private static void openConnect(FxRobot robot) throws Exception {
        MenuButton menu = robot.lookup("#shell-menu").queryAs(MenuButton.class);
        robot.interact(() -> menu.getItems().stream().filter(i -> "menu-connect".equals(i.getId())).findFirst().orElseThrow().fire());
        waitFor(robot, "#enrol-url");
    }

    /** The label's whole text is on screen: as tall as its wrapped text needs, and inside its window. */
    private static void fullyShown(FxRobot robot, String query) throws Exception {
        Label label = robot.lookup(query).queryAs(Label.class);
        waitUntil(() -> {
            Bounds b = label.localToScene(label.getBoundsInLocal());
            double needed = label.prefHeight(label.getWidth());
            return label.getHeight() + 0.5 >= needed && b.getMaxY() <= label.getScene().getHeight() + 0.5;
        });
        Node n = label;
        assertTrue(n.isVisible());
    }
}
