package org.tutela.app.confidential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.records.RecordKind;
import org.tutela.app.records.TypedStore;
import org.tutela.app.confidential.ConfidentialFixtures.MutableClock;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.crypto.Argon2Params;

/**
 * Safeguarding concerns go first, and the tutor is told to phone the DSL when one waits too long
 * for the lead to see it: on its way to head office, or at head office until the lead's
 * acknowledgement arrives.
 */
class SafeguardingWatchTest {
    @TempDir
    Path dir;

    private Vault vault;
    private RecordStore store;
    private MutableClock clock;
    private SafeguardingWatch watch;
    /** The concerns head office's answers say the lead has seen. */
    private final java.util.Set<UUID> seenByLead = new java.util.concurrent.CopyOnWriteArraySet<>();

    @BeforeEach
    void setUp() {
        vault = Vault.create(dir.resolve("w.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
        store = vault.records();
        clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
        watch = new SafeguardingWatch(new TypedStore(() -> store), clock, () -> java.util.Set.copyOf(seenByLead));
        new OrganisationSettingsStore(new TypedStore(() -> store)).save(new OrganisationSettings(null, "01632 960999", null));
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    @Test
    void anUnsentSafeguardingConcernPastTheThresholdWarnsWithTheNumber() {
        store.save("note", UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        Concern concern = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "Tutor Bexamund",
                "Invented concern");
        watch.save(concern);
        List<OutboxEntry> outbox = store.pendingOutbox(10);
        assertEquals(concern.id(), outbox.get(0).recordId(), "the safeguarding concern goes first");
        assertTrue(outbox.get(0).urgent());

        assertEquals(Optional.empty(), watch.check());
        clock.advance(Duration.ofHours(3).plusMinutes(59));
        assertEquals(Optional.empty(), watch.check(), "not yet");
        clock.advance(Duration.ofMinutes(1));
        SafeguardingWarning warning = watch.check().orElseThrow();
        assertEquals(List.of(concern.id()), warning.concernIds());
        assertEquals("01632 960999", warning.dslPhone());
        assertEquals(Duration.ofHours(4), warning.waitingFor());

        // Saving it again (an edit) does not restart the clock.
        watch.save(concern);
        assertTrue(watch.check().isPresent());

        assertEquals(1, warning.notAtHeadOffice(), "it has not reached head office");

        // Head office has it: the lead has not seen it yet, so the warning stays, saying so.
        store.acknowledge(store.pendingOutbox(10).stream().filter(OutboxEntry::urgent).map(OutboxEntry::deviceSequence).toList());
        SafeguardingWarning atHeadOffice = watch.check().orElseThrow();
        assertEquals(List.of(concern.id()), atHeadOffice.concernIds());
        assertTrue(atHeadOffice.allAtHeadOffice());
        assertEquals(Duration.ofHours(4), atHeadOffice.waitingFor(), "measured from when it was saved");

        // The lead's acknowledgement arrives: no warning, and the concern is no longer watched.
        seenByLead.add(concern.id());
        assertEquals(Optional.empty(), watch.check());
        seenByLead.clear();
        assertEquals(Optional.empty(), watch.check(), "once seen, it stays unwatched");
    }

    @Test
    void aConcernTheLeadSawInTimeNeverWarnsAndOtherConcernsAreNotUrgent() {
        Concern safeguarding = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "x");
        Concern housing = Concern.raise(UUID.randomUUID(), ConcernCategory.HOUSING, LocalDate.of(2026, 6, 1), "T", "y");
        assertTrue(RecordKind.CONCERN.urgent(safeguarding), "a safeguarding concern is urgent");
        assertFalse(RecordKind.CONCERN.urgent(housing), "a housing concern is not");
        watch.save(housing);
        watch.save(safeguarding);
        clock.advance(Duration.ofMinutes(30));
        store.acknowledge(store.pendingOutbox(10).stream().map(OutboxEntry::deviceSequence).toList());
        clock.advance(Duration.ofHours(1));
        seenByLead.add(safeguarding.id());
        clock.advance(Duration.ofHours(10));
        assertEquals(Optional.empty(), watch.check(), "seen in time: no warning, and the housing concern is not urgent");
    }

    @Test
    void aConcernSentBeforeTheFirstCheckIsWatchedUntilTheLeadSeesItAndADeletedOneIsNot() {
        Concern sent = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "sent at once");
        Concern deleted = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "a mistake");
        watch.save(sent);
        watch.save(deleted);
        // both reach head office within the minute, before the banner checks
        store.acknowledge(store.pendingOutbox(10).stream().map(OutboxEntry::deviceSequence).toList());
        store.delete(deleted.id());
        store.acknowledge(store.pendingOutbox(10).stream().map(OutboxEntry::deviceSequence).toList());
        clock.advance(Duration.ofHours(5));
        SafeguardingWarning warning = watch.check().orElseThrow();
        assertEquals(List.of(sent.id()), warning.concernIds(), "the deleted concern is no longer watched");
        assertTrue(warning.allAtHeadOffice());
        seenByLead.add(sent.id());
        assertEquals(Optional.empty(), watch.check());
    }

    @Test
    void theThresholdAndNumberComeFromTheSettings() {
        new OrganisationSettingsStore(new TypedStore(() -> store)).save(new OrganisationSettings(null, null, Duration.ofHours(1)));
        Concern concern = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "x");
        watch.save(concern);
        clock.advance(Duration.ofMinutes(61));
        SafeguardingWarning warning = watch.check().orElseThrow();
        assertNull(warning.dslPhone(), "no number configured: the banner says to ask head office");
        assertEquals(Duration.ofHours(1), warning.threshold());

        // Tracked across a restart: a new watch on the same vault still knows when it was saved.
        SafeguardingWatch restarted = new SafeguardingWatch(new TypedStore(() -> store), clock);
        assertEquals(Duration.ofMinutes(61), restarted.check().orElseThrow().waitingFor());
        assertFalse(restarted.check().isEmpty());
    }

    @Test
    void manyUrgentConcernsAreAllSeenBehindEachOther() {
        store.save("note", UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        for (int i = 0; i < 40; i++) {
            Concern c = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "c" + i);
            watch.save(c);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofHours(4));
        SafeguardingWarning warning = watch.check().orElseThrow();
        assertEquals(40, warning.concernIds().size());
        assertEquals(Duration.ofHours(4).plusSeconds(40), warning.waitingFor(), "measured from the oldest");
    }
}
