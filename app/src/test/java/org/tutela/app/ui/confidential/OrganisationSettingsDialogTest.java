package org.tutela.app.ui.confidential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
import org.tutela.app.HeadOfficeFixture;
import org.tutela.app.confidential.OrganisationSettings;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.ui.Accessibility;
import org.tutela.crypto.Argon2Params;
import org.tutela.app.vault.Vault;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.headoffice.Organisation;

/** Headless, the real dialog: once head office has sent the organisation, its settings show read-only with a note. */
@ExtendWith(ApplicationExtension.class)
class OrganisationSettingsDialogTest {
    private Stage stage;
    private Path dir;
    private Vault vault;
    private HeadOfficeFixture ho;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        dir = Files.createTempDirectory("tutela-orgsettings-ui");
        stage.setScene(new javafx.scene.Scene(new VBox(), 200, 100));
        stage.show();
    }

    @AfterEach
    void close() {
        if (vault != null) {
            vault.close();
        }
        if (ho != null) {
            ho.close();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
            // a temporary folder
        }
    }

    @Test
    void headOfficesSettingsAreShownNotEditedAndTheHoursStayTheTutors(FxRobot robot) throws Exception {
        vault = Vault.create(dir.resolve("ui.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
        OrganisationSettingsStore store = new OrganisationSettingsStore(new TypedStore(vault::records));
        store.save(new OrganisationSettings(null, "01632 960000", null, "Laptop's own name (invented)", null));
        // never enrolled: the laptop's own settings, editable
        AtomicReference<Dialog<Void>> own = new AtomicReference<>();
        robot.interact(() -> {
            own.set(OrganisationSettingsDialog.create(stage, store));
            own.get().show();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Laptop's own name (invented)"
                .equals(robot.lookup("#orgsettings-name").queryAs(TextField.class).getText()));
        assertTrue(robot.lookup("#orgsettings-name").queryAs(TextField.class).isEditable());
        assertFalse(robot.lookup("#orgsettings-head-office").queryAs(Label.class).isVisible());
        shoot(robot, robot.lookup("#orgsettings-name").query(), "organisation-settings-own");
        robot.interact(() -> own.get().close());

        ho = new HeadOfficeFixture(dir.resolve("server"));
        ho.organisation.set(new Organisation("Cwmderyn Learning Partnership", null, "Morwenna Tregaskis-Pryce", "01632 960123", null,
                List.of(HeadOfficeFixture.terms2025()), new Organisation.Entitlement(5, 10), 85));
        ho.deliver(vault.records(), RecordKinds.ORGANISATION_ID);

        AtomicReference<Dialog<Void>> dialog = new AtomicReference<>();
        robot.interact(() -> {
            dialog.set(OrganisationSettingsDialog.create(stage, store));
            dialog.get().show();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "Cwmderyn Learning Partnership"
                .equals(robot.lookup("#orgsettings-name").queryAs(TextField.class).getText()));
        TextField name = robot.lookup("#orgsettings-name").queryAs(TextField.class);
        TextField phone = robot.lookup("#orgsettings-phone").queryAs(TextField.class);
        assertFalse(name.isEditable());
        assertFalse(phone.isEditable());
        assertEquals("01632 960123", phone.getText());
        assertTrue(robot.lookup("#orgsettings-head-office").queryAs(Label.class).isVisible());
        assertTrue(robot.lookup("#orgsettings-head-office").queryAs(Label.class).getText().startsWith("Head office sets these"));
        assertEquals("Morwenna Tregaskis-Pryce", robot.lookup("#orgsettings-lead-name").queryAs(TextField.class).getText());
        assertEquals("5 one-to-one reviews and 10 group sessions a year",
                robot.lookup("#orgsettings-entitlement").queryAs(TextField.class).getText());
        assertTrue(robot.lookup("#orgsettings-choose-logo").queryAs(Button.class).isDisabled());
        assertEquals(List.of(), Accessibility.unnamedControls(name.getScene().getRoot()));
        shoot(robot, name, "organisation-settings-head-office");

        // typing into head office's fields changes nothing; the hours are the tutor's
        robot.clickOn("#orgsettings-phone").write("9");
        assertEquals("01632 960123", phone.getText());
        TextField hours = robot.lookup("#orgsettings-threshold").queryAs(TextField.class);
        robot.interact(() -> {
            hours.requestFocus();
            hours.selectAll();
        });
        robot.write("2");
        assertEquals("2", hours.getText());
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Duration.ofHours(2).equals(store.load().urgentSyncThreshold()));
        assertEquals("01632 960123", store.load().dslPhone());
        assertEquals("Cwmderyn Learning Partnership", store.load().organisationName());
        robot.interact(() -> dialog.get().close());
    }

    /** With -Dorgsettings.look=DIR, a picture of the dialog to look at. */
    private static void shoot(FxRobot robot, Node any, String file) {
        String look = System.getProperty("orgsettings.look");
        if (look == null) {
            return;
        }
        robot.interact(() -> {
            var image = any.getScene().snapshot(null);
            try {
                Files.createDirectories(Path.of(look));
                javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", Path.of(look, file + ".png").toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
