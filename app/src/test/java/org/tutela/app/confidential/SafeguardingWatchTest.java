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
import org.tutela.app.confidential.ConfidentialFixtures.MutableClock;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.crypto.Argon2Params;

/** Safeguarding concerns go first, and the tutor is told to phone the DSL when one waits too long. */
class SafeguardingWatchTest {
    @TempDir
    Path dir;

    private Vault vault;
    private RecordStore store;
    private MutableClock clock;
    private SafeguardingWatch watch;

    @BeforeEach
    void setUp() {
        vault = Vault.create(dir.resolve("w.tutela"), "kettle orchard violet tram".toCharArray(), Argon2Params.FLOOR);
        store = vault.records();
        clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
        watch = new SafeguardingWatch(() -> store, clock);
        new OrganisationSettingsStore(() -> store).save(new OrganisationSettings(null, "01632 960999", null));
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    private static byte[] body(Concern c) {
        return ("{\"id\":\"" + c.id() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUnsentSafeguardingConcernPastTheThresholdWarnsWithTheNumber() {
        store.save("note", UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        Concern concern = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "Tutor Bexamund",
                "Invented concern");
        watch.save(concern, body(concern));
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
        watch.save(concern, body(concern));
        assertTrue(watch.check().isPresent());

        // Head office acknowledges it: no warning.
        store.acknowledge(store.pendingOutbox(10).stream().filter(OutboxEntry::urgent).map(OutboxEntry::deviceSequence).toList());
        assertEquals(Optional.empty(), watch.check());
    }

    @Test
    void anAcknowledgedConcernNeverWarnsAndOtherConcernsAreNotUrgent() {
        Concern safeguarding = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "x");
        Concern housing = Concern.raise(UUID.randomUUID(), ConcernCategory.HOUSING, LocalDate.of(2026, 6, 1), "T", "y");
        assertEquals(WriteOptions.URGENT, SafeguardingWatch.optionsFor(safeguarding));
        assertEquals(WriteOptions.NORMAL, SafeguardingWatch.optionsFor(housing));
        watch.save(housing, body(housing));
        watch.save(safeguarding, body(safeguarding));
        clock.advance(Duration.ofMinutes(30));
        store.acknowledge(store.pendingOutbox(10).stream().filter(OutboxEntry::urgent).map(OutboxEntry::deviceSequence).toList());
        clock.advance(Duration.ofHours(10));
        assertEquals(Optional.empty(), watch.check(), "acknowledged in time: no warning, and the housing concern is not urgent");
    }

    @Test
    void theThresholdAndNumberComeFromTheSettings() {
        new OrganisationSettingsStore(() -> store).save(new OrganisationSettings(null, null, Duration.ofHours(1)));
        Concern concern = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "x");
        watch.save(concern, body(concern));
        clock.advance(Duration.ofMinutes(61));
        SafeguardingWarning warning = watch.check().orElseThrow();
        assertNull(warning.dslPhone(), "no number configured: the banner says to ask head office");
        assertEquals(Duration.ofHours(1), warning.threshold());

        // Tracked across a restart: a new watch on the same vault still knows when it was saved.
        SafeguardingWatch restarted = new SafeguardingWatch(() -> store, clock);
        assertEquals(Duration.ofMinutes(61), restarted.check().orElseThrow().waitingFor());
        assertFalse(restarted.check().isEmpty());
    }

    @Test
    void manyUrgentConcernsAreAllSeenBehindEachOther() {
        store.save("note", UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        for (int i = 0; i < 40; i++) {
            Concern c = Concern.raise(UUID.randomUUID(), ConcernCategory.SAFEGUARDING, LocalDate.of(2026, 6, 1), "T", "c" + i);
            watch.save(c, body(c));
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofHours(4));
        SafeguardingWarning warning = watch.check().orElseThrow();
        assertEquals(40, warning.concernIds().size());
        assertEquals(Duration.ofHours(4).plusSeconds(40), warning.waitingFor(), "measured from the oldest");
    }
}
