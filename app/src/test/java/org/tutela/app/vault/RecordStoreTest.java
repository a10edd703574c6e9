package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    void deleteLeavesATombstoneThatKeepsOnlyItsRoutingAndLeavesTheList() {
        UUID id = UUID.randomUUID();
        UUID learner = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        store.save("tutorial", id, json("{\"learnerId\":\"" + learner + "\",\"groupId\":\"" + group
                + "\",\"comments\":\"Quillon Varrowmede said so\"}"), WriteOptions.NORMAL);
        StoredRecord tomb = store.delete(id);
        assertTrue(tomb.deleted());
        assertEquals(2, tomb.revision());
        String kept = text(tomb.body());
        assertFalse(kept.contains("Quillon"), "the content is not kept");
        assertTrue(kept.contains(learner.toString()) && kept.contains(group.toString()), "the routing ids are: " + kept);
        StoredRecord got = store.get(id).orElseThrow();
        assertTrue(got.deleted());
        assertEquals(kept, text(got.body()));
        assertTrue(store.list("tutorial").records().isEmpty());
        assertEquals(List.of(id), store.tombstones("tutorial").records().stream().map(StoredRecord::id).toList());
        // a learner's tombstone keeps its first group; a sealed record's, the ids of its envelope header
        UUID l = UUID.randomUUID();
        store.save("learner", l, json("{\"givenName\":\"Ysolde\",\"groupIds\":[\"" + group + "\"]}"), WriteOptions.NORMAL);
        assertEquals("{\"groupId\":\"" + group + "\"}", text(store.delete(l).body()));
        UUID sealed = UUID.randomUUID();
        store.save("tutorial", sealed, json("{\"header\":{\"learnerId\":\"" + learner + "\"},\"ciphertext\":\"xyz\"}"), WriteOptions.SEALED);
        assertEquals("{\"learnerId\":\"" + learner + "\"}", text(store.delete(sealed).body()));
        // deleting again changes nothing; the deletion waits in the record's one outbox entry
        assertEquals(2, store.delete(id).revision());
        assertEquals(3, store.pendingOutbox(10).size());
        assertThrows(java.util.NoSuchElementException.class, () -> store.delete(UUID.randomUUID()));
    }

    @Test
    void aRecordWaitsInOneEntryUntilSentAndUrgentGoesFirst() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        store.save("learner", a, json("{}"), WriteOptions.NORMAL);          // seq 1
        store.save("concern", b, json("{}"), WriteOptions.NORMAL);          // seq 2
        store.save("learner", a, json("{\"x\":1}"), WriteOptions.NORMAL);   // still seq 1, now with x=1
        store.save("learner", c, json("{}"), WriteOptions.NORMAL);          // seq 3
        store.delete(c);                                                    // still seq 3, now a deletion
        store.save("concern", b, json("{\"u\":1}"), WriteOptions.URGENT);   // seq 2 becomes urgent

        List<OutboxEntry> pending = store.pendingOutbox(100);
        assertEquals(List.of(2L, 1L, 3L), pending.stream().map(OutboxEntry::deviceSequence).collect(Collectors.toList()));
        assertTrue(pending.get(0).urgent());
        assertEquals(b, pending.get(0).recordId());
        assertEquals("{\"x\":1}", text(pending.get(1).record().body()));
        assertEquals(HeadVersion.NONE, pending.get(1).base());
        assertTrue(pending.get(2).record().deleted());
        assertFalse(pending.get(0).inFlight());
        assertEquals(2, store.pendingOutbox(2).size());

        // sent: it keeps its number and its record as it was sent; a change made since waits in an entry of its own
        store.markSent(1L, 40L, () -> json("{\"what\":\"was sent\"}"), pending.get(1).record().revision());
        store.save("learner", a, json("{\"x\":2}"), WriteOptions.NORMAL);   // seq 4
        pending = store.pendingOutbox(100);
        assertEquals(List.of(1L, 2L, 3L, 4L), pending.stream().map(OutboxEntry::deviceSequence).collect(Collectors.toList()),
                "sent entries come first");
        assertEquals(40L, pending.get(0).wireSequence());
        assertNull(pending.get(0).sent(), "nothing frozen: the record had not changed when it was sent");
        assertEquals("{\"x\":1}", text(pending.get(0).record().body()), "the record as it was sent");
        assertEquals("{\"x\":2}", text(pending.get(3).record().body()));

        store.acknowledge(List.of(2L, 1L));
        assertEquals(List.of(3L, 4L), store.pendingOutbox(100).stream().map(OutboxEntry::deviceSequence).collect(Collectors.toList()));
        store.acknowledge(List.of(3L, 4L));
        assertTrue(store.pendingOutbox(100).isEmpty());

        // the sequence continues after everything was acknowledged, and after a lock/unlock
        vault.close();
        vault = VaultTesting.open(file);
        store = vault.records();
        store.save("learner", a, json("{}"), WriteOptions.NORMAL);
        assertEquals(5L, store.pendingOutbox(10).get(0).deviceSequence());
    }

    /**
     * Each batch a sync makes ready first reads the entries on their way, in wire order. Read through
     * the whole outbox and sorted, as before the index, a push of what waited after a long time
     * offline took time growing with the square of it. SQLite plans without statistics, so the plan
     * shown here is the plan it uses at any size.
     */
    @Test
    void theEntriesOnTheirWayAreFoundWithoutReadingTheWholeOutbox() {
        List<String> onTheirWay = vault.queryPlan(Outbox.outboxQuery(Outbox.ON_THEIR_WAY));
        assertTrue(onTheirWay.contains("SEARCH o USING INDEX outbox_on_its_way (wire_seq>?)"), onTheirWay.toString());
        assertTrue(onTheirWay.stream().noneMatch(step -> step.startsWith("SCAN") || step.contains("TEMP B-TREE")), onTheirWay.toString());
        List<String> waiting = vault.queryPlan(Outbox.outboxQuery(Outbox.WAITING));
        assertTrue(waiting.contains("SCAN o USING INDEX outbox_by_priority"), "in order without sorting: " + waiting);
        assertTrue(waiting.stream().noneMatch(step -> step.contains("TEMP B-TREE")), waiting.toString());
    }

    @Test
    void entriesOnTheirWayArePassedOverUnreadAndTheRestAreReadOnlyAsFarAsTheVisitorGoes() throws Exception {
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            store.save("learner", id, json("{\"n\":" + i + "}"), WriteOptions.NORMAL); // seq i + 1
        }
        store.markSent(1L, 11L, () -> json("{\"sent\":1}"), 1);
        store.markSent(2L, 12L, () -> json("{\"sent\":2}"), 1);
        store.markSent(3L, 13L, () -> json("{\"sent\":3}"), 1);
        assertEquals(List.of(3L, 4L), visited(java.util.Set.of(11L, 12L), 2), "stopped where the visitor said");
        List<String> bodies = new java.util.ArrayList<>();
        store.eachPending(java.util.Set.of(11L, 12L), e -> bodies.add(text(e.record().body())) && bodies.size() < 1);
        assertEquals(List.of("{\"n\":2}"), bodies);
        assertEquals(List.of(3L, 4L, 5L, 6L), visited(java.util.Set.of(11L, 12L), 10), "on their way first, then those waiting");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), visited(java.util.Set.of(), 10));
        assertEquals(List.of(1L, 2L), store.pendingOutbox(2).stream().map(OutboxEntry::deviceSequence).toList());

        // unread: the records sent under 11 and 12 are damaged on disk, and passing over them does not
        // notice; nor does a visitor that stops before the damaged record of entry 5
        vault.close();
        VaultTesting.sql(file, "UPDATE records SET ciphertext = zeroblob(40) WHERE id IN ('" + ids.get(0) + "', '" + ids.get(1) + "', '" + ids.get(4) + "')");
        VaultTesting.sql(file, "UPDATE records_as_sent SET ciphertext = zeroblob(40)"); // where the overwrite kept them as sent
        vault = VaultTesting.open(file);
        store = vault.records();
        assertEquals(List.of(3L, 4L), visited(java.util.Set.of(11L, 12L), 2));
        assertThrows(DamagedRecordException.class, () -> visited(java.util.Set.of(11L, 12L), 3), "reached, entry 5 is found damaged");
        assertThrows(DamagedRecordException.class, () -> store.pendingOutbox(2), "read, they are found damaged");
    }

    /** The device sequences of the entries {@link RecordStore#eachPending} hands over, the visitor stopping after {@code most}. */
    private List<Long> visited(java.util.Set<Long> onTheirWay, int most) {
        List<Long> seen = new java.util.ArrayList<>();
        store.eachPending(onTheirWay, e -> {
            seen.add(e.deviceSequence());
            return seen.size() < most;
        });
        return seen;
    }

    /**
     * A retry after a lost answer must repeat exactly the change sent: nothing is frozen when it is
     * sent, so whatever overwrites the record before the answer (the tutor saving again, a new
     * head-office version) leaves the record as it was sent kept aside, until the entry is answered
     * or numbered anew. Seen red with the trigger {@code record_kept_as_sent} removed.
     */
    @Test
    void aRecordOverwrittenWhileItsChangeIsOnItsWayIsGivenBackAsItWasSentUntilAnswered() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        store.save("learner", a, json("{\"v\":1}"), WriteOptions.NORMAL);   // seq 1
        store.save("learner", b, json("{\"w\":1}"), WriteOptions.NORMAL);   // seq 2
        store.markSent(1L, 21L, () -> json("{}"), 1);
        store.markSent(2L, 22L, () -> json("{}"), 1);

        store.save("learner", a, json("{\"v\":2}"), WriteOptions.NORMAL);   // seq 3
        store.save("learner", a, json("{\"v\":3}"), WriteOptions.NORMAL);   // the same entry, 3
        store.setHeadVersion(b, new HeadVersion(5, "b".repeat(43)));
        // one sent on a head version, which changes before the answer (a conflict chosen meanwhile)
        UUID c = UUID.randomUUID();
        store.save("learner", c, json("{\"c\":1}"), WriteOptions.NORMAL);   // seq 4
        store.setHeadVersion(c, new HeadVersion(4, "c".repeat(43)));
        store.markSent(4L, 24L, () -> json("{}"), 1);
        store.setHeadVersion(c, new HeadVersion(6, "d".repeat(43)));
        List<OutboxEntry> pending = store.pendingOutbox(10);
        assertEquals(List.of(1L, 2L, 4L, 3L), pending.stream().map(OutboxEntry::deviceSequence).toList(), "those on their way first");
        assertEquals(new HeadVersion(4, "c".repeat(43)), pending.get(2).base(), "the head version it was sent on");
        assertEquals(6, store.headVersion(c).revision());
        assertEquals("{\"v\":1}", text(pending.get(0).record().body()), "as sent, not as saved twice since");
        assertEquals(1, pending.get(0).record().revision());
        assertEquals(HeadVersion.NONE, pending.get(0).base());
        assertEquals("{\"w\":1}", text(pending.get(1).record().body()));
        assertEquals(HeadVersion.NONE, pending.get(1).base(), "based on the version it was sent on, not the head version set since");
        assertEquals("{\"v\":3}", text(pending.get(3).record().body()));
        assertEquals("{\"v\":3}", text(store.get(a).orElseThrow().body()), "the record itself is the latest");
        assertEquals(5, store.headVersion(b).revision());

        // the same after a lock and an unlock: the copy is in the file
        vault.close();
        assertEquals(3L, VaultTesting.count(file, "records_as_sent"));
        vault = VaultTesting.open(file);
        store = vault.records();
        assertEquals("{\"v\":1}", text(store.pendingOutbox(10).get(0).record().body()));

        // answered or numbered anew, the copies go
        store.acknowledge(List.of(1L));
        store.unsendAll();
        vault.close();
        assertEquals(0L, VaultTesting.count(file, "records_as_sent"));
        vault = VaultTesting.open(file);
        store = vault.records();
        assertEquals(List.of("{\"w\":1}", "{\"v\":3}", "{\"c\":1}"), store.pendingOutbox(10).stream().map(e -> text(e.record().body())).toList());
    }

    /**
     * Sealed while its open version is on its way: the open envelope is kept as sent until head office
     * answers (a retry must repeat it), and then erased from the file and its log at once, as the
     * sealing erases the record's own open version. Seen red with the erase left out of acknowledging.
     */
    @Test
    void anOpenVersionKeptAsSentIsErasedFromTheFileWhenAnswered() throws Exception {
        UUID tutorial = UUID.randomUUID();
        store.save("tutorial", tutorial, json("{\"comments\":\"open on its way\"}"), WriteOptions.NORMAL);
        store.markSent(1L, 31L, () -> json("{}"), 1);
        byte[] open;
        try (java.sql.Connection c = VaultTesting.raw(file);
             var rs = c.createStatement().executeQuery("SELECT ciphertext FROM records WHERE id = '" + tutorial + "'")) {
            rs.next();
            open = rs.getBytes(1);
        }
        store.save("tutorial", tutorial, json("{\"header\":\"sealed\"}"), WriteOptions.SEALED_URGENT);
        assertEquals("{\"comments\":\"open on its way\"}", text(store.pendingOutbox(10).get(0).record().body()),
                "kept as sent until answered");

        store.acknowledge(List.of(1L));
        for (Path f : List.of(file, VaultFile.wal(file))) {
            byte[] bytes = java.nio.file.Files.exists(f) ? java.nio.file.Files.readAllBytes(f) : new byte[0];
            assertEquals(-1, indexOf(bytes, open), "the open envelope is gone from " + f.getFileName());
        }
        assertTrue(store.get(tutorial).orElseThrow().sealed());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aSaveAfterTheOutboxWasReadWaitsInAnEntryOfItsOwnOnceTheEarlierVersionIsMarkedSent() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        store.save("learner", a, json("{\"v\":1}"), WriteOptions.NORMAL);
        store.save("learner", b, json("{}"), WriteOptions.NORMAL);
        List<OutboxEntry> read = store.pendingOutbox(10);
        // the tutor saves again, urgently, after the sync client read the outbox and before it marked what it sends
        store.save("learner", a, json("{\"v\":2}"), WriteOptions.URGENT);
        store.markSent(read.get(0).deviceSequence(), 1L, () -> json("{\"v\":1}"), read.get(0).record().revision());
        store.markSent(read.get(1).deviceSequence(), 2L, () -> json("{}"), read.get(1).record().revision());

        List<OutboxEntry> pending = store.pendingOutbox(10);
        assertEquals(3, pending.size(), "both sent entries, and the later version of a waiting anew: " + pending);
        OutboxEntry later = pending.get(2);
        assertFalse(later.inFlight());
        assertEquals(a, later.recordId());
        assertTrue(later.urgent(), "it keeps the urgency it was saved with");
        assertEquals("{\"v\":2}", text(later.record().body()));
        assertEquals(java.util.Set.of(a, b), store.recordsInOutbox(true));
        assertEquals(java.util.Set.of(a, b), store.recordsInOutbox(false));
        store.acknowledge(List.of(read.get(1).deviceSequence()));
        assertEquals(java.util.Set.of(a), store.recordsInOutbox(false));
    }

    @Test
    void unsendingMakesSentEntriesWaitAgainKeepingOnlyARecordsLatest() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        store.save("learner", a, json("{\"v\":1}"), WriteOptions.NORMAL);
        store.save("learner", b, json("{}"), WriteOptions.NORMAL);
        store.markSent(1L, 7L, () -> json("{}"), 1);
        store.markSent(2L, 8L, () -> json("{}"), 1);
        store.save("learner", a, json("{\"v\":2}"), WriteOptions.NORMAL);
        store.unsendAll();
        List<OutboxEntry> pending = store.pendingOutbox(10);
        assertEquals(2, pending.size());
        assertTrue(pending.stream().noneMatch(OutboxEntry::inFlight));
        assertEquals("{\"v\":2}", text(pending.stream().filter(e -> e.recordId().equals(a)).findFirst().orElseThrow().record().body()));
    }

    @Test
    void aFailedWriteInsideATransactionLeavesTheRestAndAFailedTransactionLeavesNoneOfItsWrites() {
        UUID a = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        store.save("learner", a, json("{}"), WriteOptions.NORMAL);
        HeadVersion head = new HeadVersion(3, "h".repeat(43));
        store.inTransaction(s -> {
            assertThrows(java.util.NoSuchElementException.class, () -> s.setHeadVersion(missing, head));
            s.setHeadVersion(a, head);
            s.putLocalValue("sync.cursor", "7");
            assertThrows(java.util.NoSuchElementException.class, () -> s.markSent(99L, 1L, () -> json("{}"), 1));
            s.putRefusal(new Refusal(a, "OUT_OF_SCOPE", java.time.Instant.now()));
            return null;
        });
        assertEquals(head, store.headVersion(a));
        assertEquals(Optional.of("7"), store.localValue("sync.cursor"));
        assertEquals(1, store.refusals().size());

        HeadVersion other = new HeadVersion(4, "g".repeat(43));
        assertThrows(IllegalStateException.class, () -> store.inTransaction(s -> {
            s.setHeadVersion(a, other);
            s.removeRefusal(a);
            s.putLocalValue("sync.cursor", "8");
            s.acknowledge(List.of(1L));
            s.applyRemote(new StoredRecord(missing, "learner", 2, java.time.Instant.now(), java.time.Instant.now(), false, false,
                    json("{}")));
            throw new IllegalStateException("boom");
        }));
        assertEquals(head, store.headVersion(a));
        assertEquals(Optional.of("7"), store.localValue("sync.cursor"));
        assertEquals(1, store.refusals().size());
        assertEquals(1, store.pendingOutbox(10).size());
        assertEquals(Optional.empty(), store.get(missing));
        assertEquals(HeadVersion.NONE, store.headVersion(missing));
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
        store.setHeadVersion(id, new HeadVersion(5, "h5"));
        store.setHeadVersion(id, new HeadVersion(3, "h3"));
        store.requeue(id, true);
        store.requeue(id, false);
        List<OutboxEntry> again = store.pendingOutbox(10);
        assertEquals(1, again.size(), "queued once");
        assertEquals(new HeadVersion(3, "h3"), again.get(0).base());
        assertTrue(again.get(0).urgent());
        assertArrayEquals(json("{\"v\":2}"), again.get(0).record().body());
        assertThrows(java.util.NoSuchElementException.class, () -> store.requeue(UUID.randomUUID(), false));
        store.discardWaiting(id);
        assertTrue(store.pendingOutbox(10).isEmpty());
    }

    @Test
    void applyRemoteStoresHeadOfficesVersionWithoutAnOutboxEntry() {
        UUID id = UUID.randomUUID();
        java.time.Instant created = java.time.Instant.parse("2026-01-05T09:30:00.123456Z");
        java.time.Instant updated = java.time.Instant.parse("2026-02-01T10:00:00Z");
        store.applyRemote(new StoredRecord(id, "tutorial", 7, created, updated, false, true, json("{\"r\":7}")));
        assertTrue(store.pendingOutbox(10).isEmpty());
        StoredRecord got = store.get(id).orElseThrow();
        assertEquals(1, got.revision(), "the local revision counts this laptop's writes");
        assertEquals(created, got.createdAt());
        assertEquals(updated, got.updatedAt());
        assertTrue(got.sealed());
        assertArrayEquals(json("{\"r\":7}"), got.body());
        assertEquals(new HeadVersion(7, org.tutela.sync.protocol.Versions.hash(false, "{\"r\":7}")), store.headVersion(id));
        // a local edit is based on head office's version, however often it is saved before a sync
        assertEquals(2, store.save("tutorial", id, json("{}"), WriteOptions.NORMAL).revision());
        store.save("tutorial", id, json("{\"again\":1}"), WriteOptions.NORMAL);
        assertEquals(1, store.pendingOutbox(10).size());
        assertEquals(7, store.pendingOutbox(10).get(0).base().revision());
        // the next version from head office
        store.applyRemote(new StoredRecord(id, "tutorial", 8, created, updated, true, false, json("{}")));
        assertEquals(4, store.get(id).orElseThrow().revision());
        assertEquals(new HeadVersion(8, org.tutela.sync.protocol.Versions.hash(true, (String) null)), store.headVersion(id));
        vault.close();
        vault = VaultTesting.open(file);
        store = vault.records();
        assertEquals(8, store.headVersion(id).revision(), "kept across lock and unlock");
    }

    @Test
    void aSaveOverAVersionTheTutorNeverSawKeepsBothForTheTutorToChoose() {
        UUID id = UUID.randomUUID();
        store.applyRemote(new StoredRecord(id, "learner", 3, java.time.Instant.now(), java.time.Instant.now(), false, false,
                json("{\"v\":\"head office\"}")));
        long opened = store.get(id).orElseThrow().revision();
        // meanwhile a sync brings another laptop's change
        store.applyRemote(new StoredRecord(id, "learner", 4, java.time.Instant.now(), java.time.Instant.now(), false, false,
                json("{\"v\":\"another laptop\"}")));
        StoredRecord mine = store.save("learner", id, json("{\"v\":\"mine\"}"), WriteOptions.NORMAL, opened);
        assertEquals("{\"v\":\"mine\"}", text(mine.body()), "the tutor's work is kept");
        Conflict c = store.conflict(id).orElseThrow();
        assertEquals(Conflict.Origin.CHANGED_WHILE_OPEN, c.origin());
        assertEquals("{\"v\":\"another laptop\"}", text(c.other().body()), "so is the version they never saw");
        assertEquals(4, c.otherHead().revision());
        assertEquals(4, store.pendingOutbox(10).get(0).base().revision(), "the change is based on the latest head-office version");
        // a save from the version as it now stands is no conflict
        store.removeConflict(id);
        store.save("learner", id, json("{\"v\":\"mine, later\"}"), WriteOptions.NORMAL, mine.revision());
        assertTrue(store.conflicts().isEmpty());
        // conflicts and refusals are kept encrypted and across lock and unlock
        store.putConflict(new Conflict(id, "learner", Conflict.Origin.HEAD_OFFICE, java.time.Instant.now(),
                new StoredRecord(id, "learner", 9, java.time.Instant.now(), java.time.Instant.now(), false, false,
                        json("{\"v\":\"Zephrine Callowbeck\"}")), new HeadVersion(9, "h9")));
        store.putRefusal(new Refusal(id, "OUT_OF_SCOPE", java.time.Instant.now()));
        vault.close();
        vault = VaultTesting.open(file);
        store = vault.records();
        assertEquals("{\"v\":\"Zephrine Callowbeck\"}", text(store.conflicts().get(0).other().body()));
        assertEquals(new HeadVersion(9, "h9"), store.conflicts().get(0).otherHead());
        assertEquals("OUT_OF_SCOPE", store.refusals().get(0).code());
        store.removeRefusal(id);
        assertTrue(store.refusals().isEmpty());
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

    @Test
    void aDeletionOfAVersionTheTutorWasNotShownKeepsThatVersionForTheTutorToChoose() {
        UUID id = UUID.randomUUID();
        UUID group = UUID.randomUUID();
        store.applyRemote(new StoredRecord(id, "learner", 3, java.time.Instant.now(), java.time.Instant.now(), false, false,
                json("{\"v\":\"head office\",\"groupIds\":[\"" + group + "\"]}")));
        long shown = store.get(id).orElseThrow().revision();
        // meanwhile a sync brings another laptop's change
        store.applyRemote(new StoredRecord(id, "learner", 4, java.time.Instant.now(), java.time.Instant.now(), false, false,
                json("{\"v\":\"another laptop\",\"groupIds\":[\"" + group + "\"]}")));
        assertTrue(store.delete(id, shown).deleted(), "the tutor's deletion is kept");
        Conflict c = store.conflict(id).orElseThrow();
        assertEquals(Conflict.Origin.CHANGED_WHILE_OPEN, c.origin());
        assertEquals("{\"v\":\"another laptop\",\"groupIds\":[\"" + group + "\"]}", text(c.other().body()),
                "so is the version they never saw");
        assertEquals(4, store.pendingOutbox(10).get(0).base().revision());
        // a deletion from the version as it stands is no conflict
        UUID other = UUID.randomUUID();
        StoredRecord saved = store.save("learner", other, json("{\"v\":1}"), WriteOptions.NORMAL);
        store.delete(other, saved.revision());
        assertTrue(store.conflict(other).isEmpty());
    }
}
