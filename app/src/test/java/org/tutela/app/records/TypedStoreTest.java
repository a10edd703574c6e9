package org.tutela.app.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.vault.OutboxEntry;
import org.tutela.app.vault.Vault;
import org.tutela.app.vault.WriteOptions;
import org.tutela.crypto.Argon2Params;

/** The one typed door to the vault, on a real vault file. */
class TypedStoreTest {
    private static final char[] PASS = "invented test passphrase 52".toCharArray();

    @TempDir
    Path dir;
    private Vault vault;
    private TypedStore store;

    @BeforeEach
    void open() {
        vault = Vault.create(dir.resolve("t.tutela"), PASS.clone(), Argon2Params.FLOOR);
        store = new TypedStore(vault::records);
    }

    @AfterEach
    void close() {
        vault.close();
    }

    private static Concern concern(ConcernCategory category) {
        return Concern.raise(UUID.randomUUID(), category, LocalDate.of(2026, 11, 2), "Tutor Quillon", "Invented description");
    }

    @Test
    void aRecordIsReadBackAsItsTypeAndOnlyAsItsOwnKind() {
        SignpostingService service = SignpostingService.create("Invented Helpline", "money worries", "01632 960100");
        store.save(RecordKind.SIGNPOSTING, service.id(), service);
        assertEquals(Optional.of(service), store.find(RecordKind.SIGNPOSTING, service.id()));
        assertEquals(List.of(service), store.all(RecordKind.SIGNPOSTING));
        assertEquals(Optional.empty(), store.find(RecordKind.CONCERN, service.id()), "the same id, another kind: none");
        vault.records().delete(service.id());
        assertEquals(Optional.empty(), store.find(RecordKind.SIGNPOSTING, service.id()), "deleted: none");
        assertTrue(store.isGone(service.id()));
        assertTrue(store.all(RecordKind.SIGNPOSTING).isEmpty());
    }

    @Test
    void aSafeguardingConcernIsSavedUrgentAndListedAsWaitingUrgentlyUntilHeadOfficeHasIt() {
        Concern housing = concern(ConcernCategory.HOUSING);
        Concern safeguarding = concern(ConcernCategory.SAFEGUARDING);
        store.save(RecordKind.CONCERN, housing.id(), housing);
        store.save(RecordKind.CONCERN, safeguarding.id(), safeguarding);
        List<OutboxEntry> outbox = vault.records().pendingOutbox(10);
        assertEquals(safeguarding.id(), outbox.get(0).recordId(), "urgent first");
        assertTrue(outbox.get(0).urgent());
        assertFalse(outbox.get(1).urgent());
        assertEquals(List.of(safeguarding.id()), List.copyOf(store.waitingUrgently(RecordKind.CONCERN).keySet()));
        vault.records().acknowledge(outbox.stream().map(OutboxEntry::deviceSequence).toList());
        assertTrue(store.waitingUrgently(RecordKind.CONCERN).isEmpty());
    }

    @Test
    void anUpdateChangesTheRecordInOneTransactionStartingFromWhatIsThereOrTheDefault() {
        UUID id = UUID.randomUUID();
        SignpostingService first = store.update(RecordKind.SIGNPOSTING, id,
                () -> new SignpostingService(id, "Invented Line", "a", "01632 960101"), s -> s);
        SignpostingService second = store.update(RecordKind.SIGNPOSTING, id, () -> { throw new AssertionError("it is there"); },
                s -> new SignpostingService(s.id(), s.name(), "b", s.contact()));
        assertEquals("a", first.whatFor());
        assertEquals(Optional.of(second), store.find(RecordKind.SIGNPOSTING, id));
        assertThrows(IllegalStateException.class, () -> store.update(RecordKind.SIGNPOSTING, id, () -> null, s -> {
            throw new IllegalStateException("changed my mind");
        }));
        assertEquals(Optional.of(second), store.find(RecordKind.SIGNPOSTING, id), "a failed change leaves it as it was");
    }

    @Test
    void listenersHearOfAWriteOnceItIsStoredAndNeverOfOneRolledBack() {
        List<UUID> told = new ArrayList<>();
        List<Boolean> storedWhenTold = new ArrayList<>();
        store.whenWritten(RecordKind.TUTORIAL, id -> {
            told.add(id);
            storedWhenTold.add(store.sealedEnvelope(id).isPresent());
        });
        UUID sealed = UUID.randomUUID();
        store.inTransaction(s -> {
            s.saveSealed(sealed, "{\"envelope\":1}".getBytes(StandardCharsets.UTF_8), true);
            assertTrue(told.isEmpty(), "not before the transaction commits");
            return null;
        });
        assertEquals(List.of(sealed), told);
        assertEquals(List.of(true), storedWhenTold, "stored by the time listeners hear of it");
        UUID rolledBack = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> store.inTransaction(s -> {
            s.saveSealed(rolledBack, "{}".getBytes(StandardCharsets.UTF_8), false);
            throw new IllegalStateException("fails after the write");
        }));
        assertEquals(List.of(sealed), told, "a write rolled back is never told");
        assertEquals(Optional.empty(), store.sealedEnvelope(rolledBack));
        SignpostingService other = SignpostingService.create("Invented", "x", "01632 960102");
        store.save(RecordKind.SIGNPOSTING, other.id(), other);
        assertEquals(List.of(sealed), told, "listeners hear only of their kind");
    }

    @Test
    void aSealedTutorialIsOnlyEverItsEnvelope() {
        UUID id = UUID.randomUUID();
        byte[] envelope = "{\"header\":{}}".getBytes(StandardCharsets.UTF_8);
        store.saveSealed(id, envelope, true);
        assertArrayEquals(envelope, store.sealedEnvelope(id).orElseThrow());
        assertEquals(1, store.sealedEnvelopes().size());
        assertEquals(Optional.empty(), store.find(RecordKind.TUTORIAL, id), "never read as an open tutorial");
        assertTrue(store.all(RecordKind.TUTORIAL).isEmpty());
        assertTrue(vault.records().pendingOutbox(1).get(0).urgent(), "urgent as first sealed");
        vault.records().save(RecordKind.TUTORIAL.name(), UUID.randomUUID(), "{}".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        assertEquals(1, store.sealedEnvelopes().size(), "an open tutorial is not an envelope");
    }

    @Test
    void localValuesKeepTheirTypeAndOneThatDoesNotReadCountsAsNone() {
        Map<UUID, Long> tracked = Map.of(UUID.randomUUID(), 1_700_000_000_000L);
        store.putLocal("test.tracked", tracked);
        assertEquals(Optional.of(tracked), store.local("test.tracked", new TypeReference<Map<UUID, Long>>() { }));
        store.putLocalText("test.broken", "{not json");
        assertEquals(Optional.empty(), store.local("test.broken", new TypeReference<Map<UUID, Long>>() { }));
        assertEquals(Optional.empty(), store.local("test.none", SignpostingService.class));
    }

    @Test
    void aRecordThatDoesNotReadCountsAsNoneWhereTheCallerHasDefaults() {
        UUID id = UUID.randomUUID();
        vault.records().save(RecordKind.ORGANISATION_SETTINGS.name(), id, "[1,2,3]".getBytes(StandardCharsets.UTF_8), WriteOptions.NORMAL);
        assertEquals(Optional.empty(), store.findReadable(RecordKind.ORGANISATION_SETTINGS, id));
        assertThrows(RuntimeException.class, () -> store.find(RecordKind.ORGANISATION_SETTINGS, id));
        assertTrue(store.all(RecordKind.ORGANISATION_SETTINGS).isEmpty(), "left out of a list");
    }
}
