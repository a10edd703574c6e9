package org.tutela.app.ui.confidential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.records.TypedStore;
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
            OrganisationSettingsStore store = new OrganisationSettingsStore(new TypedStore(vault::records));
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

    @Test
    void whatHeadOfficeSetIsShownReadOnlyAndOnlyTheLaptopsOwnThresholdIsSaved(@TempDir Path dir) throws Exception {
        try (org.tutela.app.HeadOfficeFixture ho = new org.tutela.app.HeadOfficeFixture(dir.resolve("server"));
             Vault vault = Vault.create(dir.resolve("v.tutela"), "lantern meadow copper kite".toCharArray(), Argon2Params.FLOOR)) {
            OrganisationSettingsStore store = new OrganisationSettingsStore(new TypedStore(vault::records));
            store.save(new OrganisationSettings(null, "01632 960000", null, "Laptop's own name (invented)", null));
            OrganisationSettingsViewModel model = new OrganisationSettingsViewModel(store, TaskRunner.INLINE);
            model.load();
            assertFalse(model.managedByHeadOfficeProperty().get(), "a laptop that never received the organisation keeps its own");
            assertEquals("Laptop's own name (invented)", model.organisationNameProperty().get());

            String key = org.tutela.sync.protocol.sealed.EscrowKeys.generate(new java.security.SecureRandom()).publicKeyBase64();
            ho.organisation.set(new org.tutela.sync.server.headoffice.Organisation("Cwmderyn Learning Partnership", null,
                    "Morwenna Tregaskis-Pryce", "01632 960123", key, java.util.List.of(org.tutela.app.HeadOfficeFixture.terms2025()),
                    null, 85));
            ho.deliver(vault.records(), org.tutela.sync.protocol.RecordKinds.ORGANISATION_ID);
            model.load();
            assertTrue(model.managedByHeadOfficeProperty().get());
            assertEquals("Cwmderyn Learning Partnership", model.organisationNameProperty().get());
            assertEquals("01632 960123", model.phoneProperty().get());
            assertEquals(key, model.publicKeyProperty().get());
            assertEquals("Morwenna Tregaskis-Pryce", model.leadNameProperty().get());
            assertTrue(model.termDatesProperty().get().startsWith("2025/26: 3 Sept 2025, 27 Oct 2025"), model.termDatesProperty().get());
            assertEquals("4 one-to-one reviews and 8 group sessions a year", model.entitlementProperty().get());
            assertEquals("85%", model.attendanceThresholdProperty().get());

            // a change to head office's fields goes nowhere; the threshold is the laptop's own
            model.phoneProperty().set("01632 961111");
            model.thresholdHoursProperty().set("2");
            assertTrue(model.save());
            assertEquals("01632 960123", store.load().dslPhone());
            assertEquals(java.time.Duration.ofHours(2), store.load().urgentSyncThreshold());
            assertEquals("01632 960000", store.loadLocal().dslPhone(), "the laptop's own copy is kept, unchanged, underneath");
            assertEquals(key, store.load().leadPublicKey(), "sealing uses head office's escrow key");
        }
    }
}
