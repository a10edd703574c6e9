package org.tutela.app.confidential;

import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TypedStore;
import org.tutela.app.domain.ConfidentialOpening;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.confidential.ConfidentialFixtures.CANARY;
import static org.tutela.app.confidential.ConfidentialFixtures.OTHER_PASSWORD;
import static org.tutela.app.confidential.ConfidentialFixtures.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.confidential.ConfidentialFixtures.MutableClock;
import org.tutela.app.confidential.ConfidentialFixtures.RecordingSleeper;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.protocol.sealed.WrongPasswordException;

/** Sealing, opening, slowing wrong passwords, changing the password and recording openings, on a real vault. */
class ConfidentialTutorialsTest {
    @TempDir
    Path dir;

    private Vault vault;
    private RecordStore store;
    private MutableClock clock;
    private RecordingSleeper sleeper;
    private ConfidentialTutorials tutorials;

    @BeforeEach
    void vault() {
        vault = Vault.create(dir.resolve("t.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
        store = vault.records();
        clock = new MutableClock(Instant.parse("2026-03-04T12:00:00Z"));
        sleeper = new RecordingSleeper(clock);
        tutorials = new ConfidentialTutorials(new TypedStore(() -> store), "Tutor Bexamund", clock, sleeper, Argon2Params.FLOOR);
    }

    @AfterEach
    void lock() {
        vault.close();
    }

    @Test
    void theVaultsDataKeyAloneCannotOpenIt() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());

        // What the vault gives back with only its data key is the envelope: header and ciphertext.
        StoredRecord stored = store.get(tutorial.id()).orElseThrow();
        assertTrue(stored.sealed());
        assertEquals(RecordKind.TUTORIAL.name(), stored.kind());
        String body = new String(stored.body(), StandardCharsets.UTF_8);
        assertFalse(body.contains("Obadiah") || body.contains("caravan") || body.contains("Zephyrine")
                || body.contains("learning mentor") || body.contains("Room 4"), "no content in the stored body: " + body);
        SealedEnvelope envelope = Sealing.fromJson(stored.body());
        assertEquals("Confidential tutorial", envelope.header().label());
        assertEquals(tutorial.learnerId(), envelope.header().learnerId());
        assertEquals("Tutor Bexamund", envelope.header().tutor());
        assertEquals(tutorial.date(), envelope.header().date());
        assertEquals("HELD", envelope.header().outcome());
        // Decrypting needs the password: the content key is only in the password wrap (no escrow configured).
        assertEquals(null, envelope.escrowWrap());
        assertThrows(WrongPasswordException.class, () -> Sealing.openWithPassword(envelope, "kettle orchard violet tram".toCharArray()),
                "the vault's passphrase is not the tutorial's password");
        assertEquals(CANARY, tutorials.open(tutorial.id(), PASSWORD.toCharArray()).tutorial().form().comments());
    }

    @Test
    void theRightPasswordOpensAndWrongOnesAreSlowedDown() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        for (int i = 1; i <= 5; i++) {
            WrongConfidentialPasswordException e = assertThrows(WrongConfidentialPasswordException.class,
                    () -> tutorials.open(tutorial.id(), OTHER_PASSWORD.toCharArray()));
            assertEquals(i, e.failures());
            assertEquals(Duration.ofSeconds(1L << (i - 1)), e.nextDelay());
        }
        // Each try after a wrong one waited: 1, 2, 4, 8 s; the next owes 16 s.
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)), sleeper.waits);
        assertEquals(Duration.ofSeconds(16), tutorials.delayBeforeNextTry(tutorial.id()));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(6), tutorials.delayBeforeNextTry(tutorial.id()));

        // The count survives a new instance (a restart): it is in the vault.
        ConfidentialTutorials restarted = new ConfidentialTutorials(new TypedStore(() -> store), "Tutor Bexamund", clock, sleeper, Argon2Params.FLOOR);
        assertEquals(5, restarted.failedTries(tutorial.id()));

        try (OpenedTutorial opened = restarted.open(tutorial.id(), PASSWORD.toCharArray())) {
            assertEquals(Duration.ofSeconds(6), sleeper.waits.get(sleeper.waits.size() - 1), "the rest of the delay was waited out");
            assertEquals(tutorial.toBuilder().confidential(true).build(), opened.tutorial());
        }
        assertEquals(0, restarted.failedTries(tutorial.id()), "a right password resets the count");
        assertEquals(Duration.ZERO, restarted.delayBeforeNextTry(tutorial.id()));
        assertEquals(PasswordThrottle.CAP, PasswordThrottle.delayAfter(40));

        List<ConfidentialOpening> openings = tutorials.openings(tutorial.id());
        assertEquals(1, openings.size(), "only the successful opening is an opening");
        assertEquals("Tutor Bexamund", openings.get(0).who());
        assertEquals(ConfidentialOpening.Method.PASSWORD, openings.get(0).method());
        assertEquals(clock.instant(), openings.get(0).at());
    }

    @Test
    void deletingTheWrongPasswordCountFromTheFileCostsTheLongestDelayNotNone() throws Exception {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        assertTrue(tutorials.triesCounted(tutorial.id()), "counted from its sealing");
        assertEquals(Duration.ZERO, tutorials.delayBeforeNextTry(tutorial.id()), "no delay before the first try here");
        for (int i = 0; i < 3; i++) {
            assertThrows(WrongConfidentialPasswordException.class, () -> tutorials.open(tutorial.id(), OTHER_PASSWORD.toCharArray()));
        }
        assertEquals(Duration.ofSeconds(4), tutorials.delayBeforeNextTry(tutorial.id()));

        // Someone with the file deletes the count's row (the vault cannot notice a deleted row).
        Path file = vault.file();
        vault.close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM local_values WHERE key LIKE 'confidential.failures.%'")) {
            assertEquals(1, ps.executeUpdate());
        }
        vault = Vault.open(file, "kettle orchard violet tram".toCharArray());
        store = vault.records();

        assertFalse(tutorials.triesCounted(tutorial.id()));
        assertEquals(PasswordThrottle.CAP, tutorials.delayBeforeNextTry(tutorial.id()), "a missing count is the longest delay");
        sleeper.waits.clear();
        WrongConfidentialPasswordException wrong = assertThrows(WrongConfidentialPasswordException.class,
                () -> tutorials.open(tutorial.id(), OTHER_PASSWORD.toCharArray()));
        assertEquals(List.of(PasswordThrottle.CAP), sleeper.waits, "the try waited the longest delay");
        assertEquals(PasswordThrottle.CAP, wrong.nextDelay(), "and the next one does too");
        assertEquals(1, wrong.failures(), "the tutor is told of the tries made since");

        try (OpenedTutorial opened = tutorials.open(tutorial.id(), PASSWORD.toCharArray())) {
            assertEquals(CANARY, opened.tutorial().form().comments());
        }
        assertTrue(tutorials.triesCounted(tutorial.id()));
        assertEquals(Duration.ZERO, tutorials.delayBeforeNextTry(tutorial.id()), "a right password starts the count again");
    }

    @Test
    void closingForgetsTheContent() throws Exception {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        OpenedTutorial opened = tutorials.open(tutorial.id(), PASSWORD.toCharArray());
        assertEquals(1, tutorials.openCount());
        opened.close();
        assertTrue(opened.isClosed());
        assertThrows(IllegalStateException.class, opened::tutorial);
        assertEquals(0, tutorials.openCount());
        // (locking the vault closes every opened tutorial: SessionRootTest)
    }

    @Test
    void changingThePasswordRewrapsOnlyAndTheEscrowStillOpens() {
        EscrowKeys.KeyPair lead = EscrowKeys.generate(new SecureRandom());
        new OrganisationSettingsStore(new TypedStore(() -> store)).save(new OrganisationSettings(lead.publicKeyBase64(), "01632 960123", null));
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        assertTrue(tutorials.seal(tutorial, PASSWORD.toCharArray()).escrowed(), "sealed to the configured lead's key too");
        SealedEnvelope before = tutorials.envelope(tutorial.id()).orElseThrow();
        assertNotNull(before.escrowWrap());

        assertThrows(WrongConfidentialPasswordException.class,
                () -> tutorials.changePassword(tutorial.id(), "not the password 12".toCharArray(), OTHER_PASSWORD.toCharArray()));
        assertThrows(IllegalArgumentException.class,
                () -> tutorials.changePassword(tutorial.id(), PASSWORD.toCharArray(), "short".toCharArray()));
        SealedEnvelope after = tutorials.changePassword(tutorial.id(), PASSWORD.toCharArray(), OTHER_PASSWORD.toCharArray());

        assertThrows(WrongConfidentialPasswordException.class, () -> tutorials.open(tutorial.id(), PASSWORD.toCharArray()));
        try (OpenedTutorial opened = tutorials.open(tutorial.id(), OTHER_PASSWORD.toCharArray())) {
            assertEquals(CANARY, opened.tutorial().form().comments());
        }
        assertArrayEquals(before.content().ciphertext(), after.content().ciphertext(), "the content is unchanged");
        assertArrayEquals(before.escrowWrap().wrappedKey(), after.escrowWrap().wrappedKey());
        SealedEnvelope stored = tutorials.envelope(tutorial.id()).orElseThrow();
        String content = new String(Sealing.openWithEscrowKey(stored, lead.privateKey()), StandardCharsets.UTF_8);
        assertTrue(content.contains(CANARY), "the escrow wrap still opens it");
    }

    @Test
    void aTamperedStoredEnvelopeFailsClosed() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        ConfidentialFixtures.alterEnvelopeHeader(store, tutorial.id());
        assertThrows(DamagedConfidentialTutorialException.class, () -> tutorials.open(tutorial.id(), PASSWORD.toCharArray()));
        assertEquals(0, tutorials.openings(tutorial.id()).size());
        assertThrows(IllegalStateException.class, () -> tutorials.seal(tutorial, PASSWORD.toCharArray()), "already sealed");
    }

    @Test
    void anOpenedTutorialCanBeEditedAndStaysSealed() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        try (OpenedTutorial opened = tutorials.open(tutorial.id(), PASSWORD.toCharArray())) {
            Tutorial changed = opened.tutorial().withForm(opened.tutorial().form().toBuilder().agreedActions("Phone the caravan site warden").build());
            tutorials.update(opened, changed);
            assertEquals("Phone the caravan site warden", opened.tutorial().form().agreedActions());
            tutorials.update(opened, opened.tutorial().withForm(opened.tutorial().form().toBuilder().tutorComments("Second edit").build()));
        }
        StoredRecord stored = store.get(tutorial.id()).orElseThrow();
        assertTrue(stored.sealed());
        assertFalse(new String(stored.body(), StandardCharsets.UTF_8).contains("warden"));
        try (OpenedTutorial again = tutorials.open(tutorial.id(), PASSWORD.toCharArray())) {
            assertEquals("Phone the caravan site warden", again.tutorial().form().agreedActions());
            assertEquals("Second edit", again.tutorial().form().tutorComments());
        }
        assertEquals(1, tutorials.envelopes().size());

        // A password change while it is open: saving the opened copy must not bring the old password back.
        try (OpenedTutorial opened = tutorials.open(tutorial.id(), PASSWORD.toCharArray())) {
            tutorials.changePassword(tutorial.id(), PASSWORD.toCharArray(), OTHER_PASSWORD.toCharArray());
            assertThrows(IllegalStateException.class, () -> tutorials.update(opened, opened.tutorial()));
        }
        assertThrows(WrongConfidentialPasswordException.class, () -> tutorials.open(tutorial.id(), PASSWORD.toCharArray()));
        tutorials.open(tutorial.id(), OTHER_PASSWORD.toCharArray()).close();

        // For lists and entitlement: the envelope as a tutorial with nothing of the content.
        Tutorial placeholder = ConfidentialTutorials.asEnvelopeOnly(tutorials.envelopes().get(0));
        assertEquals(tutorial.id(), placeholder.id());
        assertEquals(tutorial.learnerId(), placeholder.learnerId());
        assertEquals(tutorial.date(), placeholder.date());
        assertEquals(tutorial.kind(), placeholder.kind());
        assertTrue(placeholder.held() && placeholder.confidential());
        assertEquals(org.tutela.app.domain.TutorialForm.EMPTY, placeholder.form());
        assertEquals(null, placeholder.plan().location());
    }

    @Test
    void exportWritesTheEnvelopeOnly() throws Exception {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        Path file = dir.resolve("export.json");
        tutorials.export(tutorial.id(), file);
        byte[] json = Files.readAllBytes(file);
        assertFalse(new String(json, StandardCharsets.UTF_8).contains("caravan"));
        SealedEnvelope exported = Sealing.fromJson(json);
        assertEquals(tutorial.id(), exported.header().envelopeId());
        assertTrue(new String(Sealing.openWithPassword(exported, PASSWORD.toCharArray()), StandardCharsets.UTF_8).contains(CANARY));
    }

    @Test
    void organisationSettingsAreValidatedAndStored() {
        OrganisationSettingsStore settings = new OrganisationSettingsStore(new TypedStore(() -> store));
        assertEquals(OrganisationSettings.DEFAULTS, settings.load());
        assertEquals(Duration.ofHours(4), settings.load().urgentSyncThreshold());
        assertThrows(IllegalArgumentException.class, () -> new OrganisationSettings("not a key", null, null));
        assertThrows(IllegalArgumentException.class, () -> new OrganisationSettings(null, "call Bob", null));
        assertThrows(IllegalArgumentException.class, () -> new OrganisationSettings(null, null, Duration.ofMinutes(1)));
        EscrowKeys.KeyPair lead = EscrowKeys.generate(new SecureRandom());
        OrganisationSettings chosen = new OrganisationSettings(lead.publicKeyBase64(), "+44 1632 960123", Duration.ofHours(2));
        settings.save(chosen);
        assertEquals(chosen, settings.load());
        StoredRecord stored = store.get(OrganisationSettingsStore.RECORD_ID).orElseThrow();
        assertFalse(stored.sealed());
    }
}
