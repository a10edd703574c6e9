package org.tutela.app.ui.confidential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.confidential.ConfidentialFixtures.CANARY;
import static org.tutela.app.confidential.ConfidentialFixtures.OTHER_PASSWORD;
import static org.tutela.app.confidential.ConfidentialFixtures.PASSWORD;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.records.TypedStore;
import org.tutela.app.confidential.ConfidentialFixtures;
import org.tutela.app.confidential.ConfidentialFixtures.MutableClock;
import org.tutela.app.confidential.ConfidentialFixtures.RecordingSleeper;
import org.tutela.app.confidential.ConfidentialTutorials;
import org.tutela.app.confidential.OrganisationSettings;
import org.tutela.app.confidential.OrganisationSettingsStore;
import org.tutela.app.confidential.SafeguardingWatch;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.sealed.EscrowKeys;

/** The confidential view models without a toolkit (TaskRunner.INLINE), on a real floor-cost vault. */
class ConfidentialViewModelsTest {
    @TempDir
    Path dir;

    private Vault vault;
    private RecordStore store;
    private MutableClock clock;
    private RecordingSleeper sleeper;
    private ConfidentialTutorials tutorials;

    @BeforeEach
    void setUp() {
        vault = Vault.create(dir.resolve("vm.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
        store = vault.records();
        clock = new MutableClock(Instant.parse("2026-03-04T12:00:00Z"));
        sleeper = new RecordingSleeper(clock);
        tutorials = new ConfidentialTutorials(new TypedStore(() -> store), "Tutor Bexamund", clock, sleeper, Argon2Params.FLOOR);
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    @Test
    void markingNeedsAnAcceptedPasswordTypedTwice() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        MarkConfidentialViewModel vm = new MarkConfidentialViewModel(tutorials, tutorial, TaskRunner.INLINE);
        assertFalse(vm.canSealProperty().get());
        vm.typed("short", "");
        assertTrue(vm.messageProperty().get().contains("12 characters"), vm.messageProperty().get());
        vm.typed(PASSWORD, PASSWORD + "x");
        assertTrue(vm.messageProperty().get().contains("not the same"));
        assertFalse(vm.canSealProperty().get());
        vm.typed(PASSWORD, PASSWORD);
        assertTrue(vm.canSealProperty().get());

        // Two passwords that differ never seal, whatever the buttons say; both copies are wiped.
        char[] one = PASSWORD.toCharArray();
        char[] other = (PASSWORD + "x").toCharArray();
        vm.seal(one, other);
        assertNull(vm.sealedProperty().get());
        assertEquals(new String(new char[one.length]), new String(one), "wiped");
        assertEquals(new String(new char[other.length]), new String(other), "wiped");

        char[] chosen = PASSWORD.toCharArray();
        char[] again = PASSWORD.toCharArray();
        vm.seal(chosen, again);
        assertNotNull(vm.sealedProperty().get());
        assertEquals(new String(new char[chosen.length]), new String(chosen), "the password is wiped once used");
        assertEquals(new String(new char[again.length]), new String(again));
        assertTrue(vm.messageProperty().get().contains("only this password"), "no escrow key configured: said so");
        assertTrue(tutorials.envelope(tutorial.id()).isPresent());
        assertFalse(vm.sealedProperty().get().isClosed(), "kept open for its author to go on writing");
        assertFalse(vm.canSealProperty().get(), "sealed once");
        vm.sealedProperty().get().close();
    }

    @Test
    void openingShowsTheDelayAfterWrongPasswordsThenTheContentUntilClosed() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        OpenConfidentialViewModel vm = new OpenConfidentialViewModel(tutorials, tutorial.id(), TaskRunner.INLINE);
        vm.typed(OTHER_PASSWORD);
        assertTrue(vm.canOpenProperty().get());
        char[] wrong = OTHER_PASSWORD.toCharArray();
        vm.open(wrong);
        assertTrue(vm.errorProperty().get().startsWith("That password does not open this confidential tutorial"), vm.errorProperty().get());
        assertTrue(vm.errorProperty().get().contains("1 seconds"), vm.errorProperty().get());
        assertTrue(new String(wrong).chars().allMatch(c -> c == 0), "the copy is wiped after the try");
        vm.open(OTHER_PASSWORD.toCharArray());
        assertTrue(vm.errorProperty().get().contains("2 seconds"), vm.errorProperty().get());
        assertFalse(vm.isOpenProperty().get());
        assertEquals("", vm.contentProperty().get());

        // A new dialog says that a delay is owed.
        OpenConfidentialViewModel again = new OpenConfidentialViewModel(tutorials, tutorial.id(), TaskRunner.INLINE);
        assertTrue(again.messageProperty().get().contains("2 seconds"), again.messageProperty().get());

        vm.open(PASSWORD.toCharArray());
        assertEquals("", vm.errorProperty().get());
        assertTrue(vm.isOpenProperty().get());
        assertTrue(vm.contentProperty().get().contains(CANARY), vm.contentProperty().get());
        assertTrue(vm.contentProperty().get().contains("Visit the learning mentor"));
        assertEquals(Duration.ofSeconds(2), sleeper.waits.get(sleeper.waits.size() - 1), "the right password also waited out the delay");
        var opened = vm.openedProperty().get();
        vm.close();
        assertTrue(opened.isClosed());
        assertEquals("", vm.contentProperty().get());
        assertNull(vm.openedProperty().get());

        // Locking closes it too.
        vm.open(PASSWORD.toCharArray());
        var second = vm.openedProperty().get();
        tutorials.closeAll();
        assertTrue(second.isClosed());
        vm.close();
        assertEquals("", vm.contentProperty().get());
    }

    @Test
    void openingADamagedEnvelopeSaysSoAndShowsNothing() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        ConfidentialFixtures.alterEnvelopeHeader(store, tutorial.id());

        OpenConfidentialViewModel vm = new OpenConfidentialViewModel(tutorials, tutorial.id(), TaskRunner.INLINE);
        vm.open(PASSWORD.toCharArray());
        assertEquals("This confidential tutorial cannot be opened: it was damaged or altered. Ask head office for help.",
                vm.errorProperty().get());
        assertFalse(vm.isOpenProperty().get());
        assertEquals("", vm.contentProperty().get());
    }

    @Test
    void changingThePasswordSaysWhenTheCurrentOneIsWrong() {
        Tutorial tutorial = ConfidentialFixtures.tutorial();
        tutorials.seal(tutorial, PASSWORD.toCharArray());
        ChangeConfidentialPasswordViewModel vm = new ChangeConfidentialPasswordViewModel(tutorials, tutorial.id(), TaskRunner.INLINE);
        vm.typed("not the password 12", OTHER_PASSWORD, OTHER_PASSWORD);
        assertTrue(vm.canChangeProperty().get());
        vm.change("not the password 12".toCharArray(), OTHER_PASSWORD.toCharArray(), OTHER_PASSWORD.toCharArray());
        assertTrue(vm.errorProperty().get().contains("not right"), vm.errorProperty().get());
        assertFalse(vm.doneProperty().get());
        vm.change(PASSWORD.toCharArray(), OTHER_PASSWORD.toCharArray(), OTHER_PASSWORD.toCharArray());
        assertTrue(vm.doneProperty().get(), vm.errorProperty().get());
        try (var opened = tutorials.open(tutorial.id(), OTHER_PASSWORD.toCharArray())) {
            assertEquals(CANARY, opened.tutorial().form().comments());
        }
    }

    @Test
    void organisationSettingsAreCheckedBeforeSaving() {
        OrganisationSettingsStore settings = new OrganisationSettingsStore(new TypedStore(() -> store));
        OrganisationSettingsViewModel vm = new OrganisationSettingsViewModel(settings, TaskRunner.INLINE);
        vm.load();
        assertEquals("4", vm.thresholdHoursProperty().get(), "4 hours by default");
        assertTrue(vm.keyInfoProperty().get().startsWith("No key set"));
        vm.publicKeyProperty().set("not-a-key");
        assertFalse(vm.save());
        assertTrue(vm.errorProperty().get().contains("not a safeguarding lead public key"));
        EscrowKeys.KeyPair lead = EscrowKeys.generate(new SecureRandom());
        vm.publicKeyProperty().set(lead.publicKeyBase64());
        assertTrue(vm.keyInfoProperty().get().contains(EscrowKeys.keyId(lead.publicKey())));
        vm.phoneProperty().set("ring Bob");
        assertFalse(vm.save());
        vm.phoneProperty().set("01632 960123");
        vm.thresholdHoursProperty().set("0");
        assertFalse(vm.save());
        vm.thresholdHoursProperty().set("2.5");
        assertTrue(vm.save(), vm.errorProperty().get());
        assertEquals(new OrganisationSettings(lead.publicKeyBase64(), "01632 960123", Duration.ofMinutes(150)), settings.load());
        OrganisationSettingsViewModel reloaded = new OrganisationSettingsViewModel(settings, TaskRunner.INLINE);
        reloaded.load();
        assertEquals("2.5", reloaded.thresholdHoursProperty().get());
        assertEquals("01632 960123", reloaded.phoneProperty().get());
    }

    @Test
    void theBannerShowsThePhoneNumberWhenAConcernWaitsTooLong() {
        new OrganisationSettingsStore(new TypedStore(() -> store)).save(new OrganisationSettings(null, "01632 960999", null));
        java.util.Set<UUID> seenByLead = new java.util.concurrent.CopyOnWriteArraySet<>();
        SafeguardingWatch watch = new SafeguardingWatch(new TypedStore(() -> store), clock, () -> java.util.Set.copyOf(seenByLead));
        SafeguardingBannerViewModel vm = new SafeguardingBannerViewModel(watch, TaskRunner.INLINE);
        Concern concern = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 3, 4), "T", "x");
        watch.save(concern);
        vm.refresh();
        assertFalse(vm.showingProperty().get());
        clock.advance(Duration.ofHours(4).plusMinutes(5));
        vm.refresh();
        assertTrue(vm.showingProperty().get());
        assertEquals("A safeguarding concern has not reached head office after 4 h 5 min. "
                + "Phone the Designated Safeguarding Lead now on 01632 960999.", vm.textProperty().get());
        // at head office, not yet seen by the lead: still phone them, in other words
        store.acknowledge(store.pendingOutbox(5).stream().map(e -> e.deviceSequence()).toList());
        vm.refresh();
        assertTrue(vm.showingProperty().get());
        assertEquals("A safeguarding concern reached head office, but the Designated Safeguarding Lead has not seen it after "
                + "4 h 5 min. Phone them now on 01632 960999.", vm.textProperty().get());
        // the lead's acknowledgement arrives
        seenByLead.add(concern.id());
        vm.refresh();
        assertFalse(vm.showingProperty().get());
        assertEquals("", vm.textProperty().get());
    }
}
