package org.tutela.app.ui.confidential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.confidential.OrganisationSettings;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.print.PrintSettings;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

/** The organisation's name and logo for the printed form, set in its settings and kept in the vault. */
class OrganisationSettingsViewModelTest {

    @Test
    void nameAndLogoAreSavedAndAPictureThatIsNotOneIsRefused(@TempDir Path dir) throws Exception {
        try (Vault vault = Vault.create(dir.resolve("v.tutela"), "lantern meadow copper kite".toCharArray(), Argon2Params.FLOOR)) {
            OrganisationSettingsStore store = new OrganisationSettingsStore(vault::records);
            OrganisationSettingsViewModel model = new OrganisationSettingsViewModel(store, TaskRunner.INLINE);
            model.load();
            assertEquals("No logo on the printed form.", model.logoInfoProperty().get());

            Path notAPicture = dir.resolve("logo.png");
            Files.writeString(notAPicture, "not really a picture");
            model.chooseLogo(notAPicture);
            assertTrue(model.errorProperty().get().startsWith("That file is not a PNG or JPEG"));

            Path png = dir.resolve("crest.png");
            ImageIO.write(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
            model.chooseLogo(png);
            model.organisationNameProperty().set("Quillbrook Learning (invented)");
            assertTrue(model.save());

            OrganisationSettings saved = store.load();
            assertEquals("Quillbrook Learning (invented)", saved.organisationName());
            assertArrayEquals(Files.readAllBytes(png), saved.logo());
            PrintSettings forPrinting = PrintSettings.of(saved.organisationName(), saved.logo());
            assertEquals("Quillbrook Learning (invented)", forPrinting.organisationName());

            model.removeLogo();
            assertTrue(model.save());
            assertNull(store.load().logo());
        }
    }
}
