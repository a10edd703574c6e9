package org.tutela.app.ui.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Refusal;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;

/** The refused changes, through the real (headless) window: listed with why, discarded only after a deliberate yes. */
@ExtendWith(ApplicationExtension.class)
class RefusedChangesDialogTest {
    @TempDir
    Path tmp;
    private Stage owner;
    private Vault vault;

    @Start
    void start(Stage stage) {
        owner = stage;
        stage.setScene(new javafx.scene.Scene(new VBox(), 200, 100));
        stage.show();
    }

    @AfterEach
    void close() {
        if (vault != null) {
            vault.close();
        }
    }

    @Test
    void aRefusedChangeIsListedAndGoesOnlyAfterAYes(FxRobot robot) throws Exception {
        vault = Vault.create(tmp.resolve("v.tutela"), "quiet harbour lantern".toCharArray(), Argon2Params.FLOOR);
        RecordStore store = vault.records();
        UUID learner = UUID.randomUUID();
        store.save("learner", learner, "{\"v\":1}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        store.putRefusal(new Refusal(learner, "OUT_OF_SCOPE", Instant.now()));
        SyncClient client = new SyncClient(store);
        robot.interact(() -> RefusedChangesDialog.create(owner, client, TaskRunner.INLINE,
                item -> org.tutela.app.ui.common.Messages.get("refused.item", "Ysolde Brackwater",
                        org.tutela.app.ui.common.Messages.get("refused.code." + item.code())), () -> { }).show());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#refused-list").tryQuery().isPresent());
        ListView<?> list = robot.lookup("#refused-list").queryAs(ListView.class);
        assertEquals(1, list.getItems().size());
        assertFalse(list.getAccessibleText().isBlank());
        shoot(robot, "refused-changes.png");

        // Discard asks first, and No is the default: Enter keeps the change
        robot.clickOn("#refused-discard");
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, client.rejections().size(), "nothing discarded without a yes");
        assertEquals(1, store.pendingOutbox(10).size());

        robot.clickOn("#refused-discard");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane ask = robot.lookup(".dialog-pane").queryAll().stream().map(DialogPane.class::cast)
                .filter(p -> p.getButtonTypes().contains(ButtonType.YES)).findFirst().orElseThrow();
        assertTrue(ask.getContentText().contains("Ysolde Brackwater"), ask.getContentText());
        robot.interact(((Button) ask.lookupButton(ButtonType.YES))::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(client.rejections().isEmpty());
        assertTrue(store.pendingOutbox(10).isEmpty(), "no longer offered to head office");
        assertTrue(store.get(learner).isPresent(), "the record stays on the laptop");
        assertTrue(list.getItems().isEmpty());
    }

    /** With -Dui.look=DIR, a picture of the dialog for the user guide. */
    private static void shoot(FxRobot robot, String name) {
        String look = System.getProperty("ui.look");
        if (look == null) {
            return;
        }
        robot.interact(() -> {
            var image = robot.lookup("#refused-list").queryAs(ListView.class).getScene().snapshot(null);
            try {
                java.nio.file.Files.createDirectories(Path.of(look));
                javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", Path.of(look, name).toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
