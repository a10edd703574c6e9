package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.vault.VaultTesting.json;
import static org.tutela.app.vault.VaultTesting.text;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStoreTest {
    @TempDir
    Path dir;
    Path file;
    Vault vault;
    RecordStore store;

    @BeforeEach
    void setUp() {
        file = dir.resolve("tutor.tutela");
        vault = VaultTesting.create(file);
        store = vault.records();
    }

    @AfterEach
    void tearDown() {
        vault.close();
    }

    @Test
    void savedRecordsRoundTripAcrossLockAndUnlock() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        StoredRecord saved = store.save("learner", a, json("{\"name\":\"Ada\"}"), WriteOptions.NORMAL);
        store.save("learner", b, json("{\"name\":\"Bea\"}"), WriteOptions.SEALED);
        store.save("group", UUID.randomUUID(), json("{}"), WriteOptions.NORMAL);
        assertEquals(1, saved.revision());
        assertEquals(saved.createdAt(), saved.updatedAt());

        vault.close();
        vault = VaultTesting.open(file);
        store = vault.records();

        StoredRecord got = store.get(a).orElseThrow();
        assertEquals("learner", got.kind());
        assertEquals(1, got.revision());
        assertEquals(saved.createdAt(), got.createdAt());
        assertEquals(saved.updatedAt(), got.updatedAt());
        assertFalse(got.deleted());
        assertFalse(got.sealed());
        assertEquals("{\"name\":\"Ada\"}", text(got.body()));
        assertTrue(store.get(b).orElseThrow().sealed());

        RecordList learners = store.list("learner");
        assertEquals(2, learners.records().size());
        assertTrue(learners.damaged().isEmpty());
        assertEquals(1, store.list("group").records().size());
        assertEquals(0, store.list("tutorial").records().size());
        assertEquals(Optional.empty(), store.get(UUID.randomUUID()));
    }

    @Test
    void everySaveBumpsTheRevisionAndKeepsCreatedAt() throws Exception {
        UUID id = UUID.randomUUID();
        StoredRecord r1 = store.save("tutorial", id, json("{\"v\":1}"), WriteOptions.NORMAL);
        Thread.sleep(2);
        StoredRecord r2 = store.save("tutorial", id, json("{\"v\":2}"), WriteOptions.NORMAL);
        StoredRecord r3 = store.save("tutorial", id, json("{\"v\":3}"), WriteOptions.NORMAL);
        assertEquals(List.of(1L, 2L, 3L), List.of(r1.revision(), r2.revision(), r3.revision()));
        assertEquals(r1.createdAt(), r3.createdAt());
        assertTrue(r2.updatedAt().isAfter(r1.updatedAt()));
        StoredRecord got = store.get(id).orElseThrow();
        assertEquals(3, got.revision());
        assertEquals("{\"v\":3}", text(got.body()));
        assertThrows(IllegalArgumentException.class, () -> store.save("learner", id, json("{}"), WriteOptions.NORMAL));
    }

    @Test
    void deleteLeavesATombstoneThatDropsTheContentAndLeavesTheList() {
        UUID id = UUID.randomUUID();
        store.save("learner", id, json("{\"name\":\"Cy\"}"), WriteOptions.NORMAL);
        StoredRecord tomb = store.delete(id);
        assertTrue(tomb.deleted());
        assertEquals(2, tomb.revision());
        assertEquals("{}", text(tomb.body()));
        StoredRecord got = store.get(id).orElseThrow();
        assertTrue(got.deleted());
        assertEquals("{}", text(got.body()));
        assertTrue(store.list("learner").records().isEmpty());
        // deleting again changes nothing
        assertEquals(2, store.delete(id).revision());
        assertEquals(2, store.pendingOutbox(10).size());
        assertThrows(java.util.NoSuchElementException.class, () -> store.delete(UUID.randomUUID()));
    }

    @Test
    void outboxIsGapFreeAndUrgentFirst() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        store.save("learner", a, json("{}"), WriteOptions.NORMAL);          // seq 1, base 0
        store.save("concern", b, json("{}"), WriteOptions.URGENT);          // seq 2, urgent
        store.save("learner", a, json("{\"x\":1}"), WriteOptions.NORMAL);   // seq 3, base 1
        store.save("learner", c, json("{}"), WriteOptions.NORMAL);          // seq 4
        store.delete(c);                                                    // seq 5, base 1

        List<OutboxEntry> pending = store.pendingOutbox(100);
        assertEquals(List.of(2L, 1L, 3L, 4L, 5L), pending.stream().map(OutboxEntry::deviceSequence).collect(Collectors.toList()));
        assertTrue(pending.get(0).urgent());
        assertEquals(b, pending.get(0).recordId());
        assertEquals(0, pending.get(1).baseRevision());
        assertEquals(1, pending.get(2).baseRevision());
        assertEquals(2, pending.get(2).record().revision());
        assertEquals(1, pending.get(4).baseRevision());
        assertTrue(pending.get(4).record().deleted());
        assertEquals(2, store.pendingOutbox(2).size());

        store.acknowledge(List.of(2L, 1L));
        assertEquals(List.of(3L, 4L, 5L), store.pendingOutbox(100).stream().map(OutboxEntry::deviceSequence).collect(Collectors.toList()));
        store.acknowledge(List.of(3L, 4L, 5L));
        assertTrue(store.pendingOutbox(100).isEmpty());

        // the sequence continues after everything was acknowledged, and after a lock/unlock
        vault.close();
        vault = VaultTesting.open(file);
        store = vault.records();
        store.save("learner", a, json("{}"), WriteOptions.NORMAL);
        assertEquals(6L, store.pendingOutbox(10).get(0).deviceSequence());
    }

    @Test
    void failedTransactionLeavesNothingAndNoSequenceGap() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        RuntimeException boom = new IllegalStateException("boom");
        RuntimeException thrown = assertThrows(IllegalStateException.class, () -> store.inTransaction(s -> {
            s.save("learner", a, json("{}"), WriteOptions.NORMAL);
            s.save("learner", b, json("{}"), WriteOptions.URGENT);
            s.putLocalValue("sync.cursor", "42");
            throw boom;
        }));
        assertEquals(boom, thrown);
        assertEquals(Optional.empty(), store.get(a));
        assertEquals(Optional.empty(), store.get(b));
        assertTrue(store.pendingOutbox(10).isEmpty());
        assertEquals(Optional.empty(), store.localValue("sync.cursor"));

        int n = store.inTransaction(s -> {
            s.save("learner", a, json("{}"), WriteOptions.NORMAL);
            s.save("learner", b, json("{}"), WriteOptions.NORMAL);
            return 2;
        });
        assertEquals(2, n);
        assertEquals(List.of(1L, 2L), store.pendingOutbox(10).stream().map(OutboxEntry::deviceSequence).collect(Collectors.toList()));
    }

    @Test
    void aFailedNestedTransactionRollsBackOnlyItself() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        store.inTransaction(s -> {
            s.save("learner", a, json("{}"), WriteOptions.NORMAL);
            assertThrows(IllegalStateException.class, () -> s.inTransaction(inner -> {
                inner.save("learner", b, json("{}"), WriteOptions.NORMAL);
                throw new IllegalStateException("inner");
            }));
            return null;
        });
        assertTrue(store.get(a).isPresent());
        assertEquals(Optional.empty(), store.get(b));
        assertEquals(List.of(1L), store.pendingOutbox(10).stream().map(OutboxEntry::deviceSequence).collect(Collectors.toList()));
    }

    @Test
    void aRecordHeadOfficeLostIsQueuedAgainOnTopOfWhatItHolds() {
        UUID id = UUID.randomUUID();
        store.save("learner", id, json("{\"v\":1}"), WriteOptions.NORMAL);
        store.save("learner", id, json("{\"v\":2}"), WriteOptions.NORMAL);
        store.acknowledge(store.pendingOutbox(10).stream().map(OutboxEntry::deviceSequence).toList());
        store.resend(id, 1);
        List<OutboxEntry> again = store.pendingOutbox(10);
        assertEquals(1, again.size());
        assertEquals(1, again.get(0).baseRevision());
        assertEquals(2, again.get(0).record().revision());
        assertArrayEquals(json("{\"v\":2}"), again.get(0).record().body());
        assertThrows(IllegalArgumentException.class, () -> store.resend(id, 2), "head office cannot hold it at our own revision");
        assertThrows(java.util.NoSuchElementException.class, () -> store.resend(UUID.randomUUID(), 0));
        assertEquals(1, store.pendingOutbox(10).size(), "a refused request queues nothing");
    }

    @Test
    void applyRemoteStoresTheServerRecordWithoutAnOutboxEntry() {
        UUID id = UUID.randomUUID();
        java.time.Instant created = java.time.Instant.parse("2026-01-05T09:30:00.123456Z");
        java.time.Instant updated = java.time.Instant.parse("2026-02-01T10:00:00Z");
        store.applyRemote(new StoredRecord(id, "tutorial", 7, created, updated, false, true, json("{\"r\":7}")));
        assertTrue(store.pendingOutbox(10).isEmpty());
        StoredRecord got = store.get(id).orElseThrow();
        assertEquals(7, got.revision());
        assertEquals(created, got.createdAt());
        assertEquals(updated, got.updatedAt());
        assertTrue(got.sealed());
        assertArrayEquals(json("{\"r\":7}"), got.body());
        // a local edit continues from the server's revision
        assertEquals(8, store.save("tutorial", id, json("{}"), WriteOptions.NORMAL).revision());
        assertEquals(7, store.pendingOutbox(10).get(0).baseRevision());
    }

    @Test
    void localValuesAreStoredEncrypted() throws Exception {
        assertEquals(Optional.empty(), store.localValue("sync.cursor"));
        store.putLocalValue("sync.cursor", "cursor-123");
        assertEquals(Optional.of("cursor-123"), store.localValue("sync.cursor"));
        store.putLocalValue("sync.cursor", "cursor-456");
        vault.close();
        assertFalse(new String(java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains("cursor-456"));
        vault = VaultTesting.open(file);
        store = vault.records();
        assertEquals(Optional.of("cursor-456"), store.localValue("sync.cursor"));
        store.putLocalValue("sync.cursor", null);
        assertEquals(Optional.empty(), store.localValue("sync.cursor"));
    }

    @Test
    void lockWipesTheKeyAndRefusesEveryLaterCall() {
        UUID id = UUID.randomUUID();
        store.save("learner", id, json("{}"), WriteOptions.NORMAL);
        vault.close();
        assertTrue(vault.isLocked());
        assertTrue(vault.dataKeyWiped());
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> store.get(id),
                () -> store.list("learner"),
                () -> store.save("learner", id, json("{}"), WriteOptions.NORMAL),
                () -> store.delete(id),
                () -> store.pendingOutbox(1),
                () -> store.localValue("k"),
                () -> vault.records())) {
            VaultException e = assertThrows(VaultException.class, call);
            assertEquals("The vault is locked", e.getMessage());
        }
        vault.close(); // idempotent
    }

    @Test
    void lockingWhileAnotherThreadReadsEitherWaitsForItOrRefusesIt() throws Exception {
        store.inTransaction(s -> {
            for (int i = 0; i < 5000; i++) {
                s.save("tutorial", UUID.randomUUID(), json("{\"i\":" + i + ",\"pad\":\"" + "z".repeat(500) + "\"}"), WriteOptions.NORMAL);
            }
            return null;
        });
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Integer> reads = reader.submit(() -> {
                int complete = 0;
                while (true) {
                    RecordList list;
                    try {
                        list = store.list("tutorial");
                    } catch (VaultException e) {
                        assertEquals("The vault is locked", e.getMessage());
                        return complete;
                    }
                    assertEquals(5000, list.records().size(), "a read is complete or refused, never partial");
                    assertTrue(list.damaged().isEmpty(), "never decrypted with a wiped key");
                    complete++;
                }
            });
            Thread.sleep(300);
            vault.close();
            assertTrue(reads.get(30, java.util.concurrent.TimeUnit.SECONDS) >= 0);
        } finally {
            reader.shutdownNow();
        }
        assertTrue(vault.dataKeyWiped());
    }

    @Test
    void theStoreIsSafeToUseFromSeveralThreads() throws Exception {
        int threads = 4;
        int each = 50;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        UUID id = UUID.randomUUID();
                        store.save("learner", id, json("{\"i\":" + i + "}"), WriteOptions.NORMAL);
                        assertTrue(store.get(id).isPresent());
                        store.list("learner");
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, store.list("learner").records().size());
        List<Long> seqs = store.pendingOutbox(10_000).stream().map(OutboxEntry::deviceSequence).sorted().collect(Collectors.toList());
        assertEquals(threads * each, seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1L, seqs.get(i));
        }
    }
}
