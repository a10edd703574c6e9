package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.vault.VaultTesting.json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caseload's snapshot in the real vault file: kept only when the records are exactly what it
 * was made from, read back only while no record has changed, in its own format, whole.
 */
class SnapshotTest {
    private static final int FORMAT = 7;
    private static final Set<String> KINDS = Set.of("learner", "tutorial");
    private static final byte[] CONTENT = "what the caseload list is made from".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final UUID learner = UUID.randomUUID();
    private final UUID tutorial = UUID.randomUUID();
    private final UUID target = UUID.randomUUID();

    /** A learner at revision 2, a tutorial at 1, a target (a kind the snapshot does not cover), a deleted tutorial. */
    private Map<UUID, Long> fill(RecordStore store) {
        store.save("learner", learner, json("{\"n\":1}"), WriteOptions.NORMAL);
        store.save("learner", learner, json("{\"n\":2}"), WriteOptions.NORMAL);
        store.save("tutorial", tutorial, json("{\"n\":3}"), WriteOptions.NORMAL);
        store.save("target", target, json("{\"n\":4}"), WriteOptions.NORMAL);
        UUID gone = UUID.randomUUID();
        store.save("tutorial", gone, json("{\"learnerId\":\"" + learner + "\"}"), WriteOptions.NORMAL);
        store.delete(gone);
        Map<UUID, Long> revisions = new HashMap<>();
        revisions.put(learner, 2L);
        revisions.put(tutorial, 1L);
        return revisions;
    }

    @Test
    void keptWhenTheRecordsAreExactlyWhatItWasMadeFromAndReadBackAfterLocking() {
        Path file = dir.resolve("v.vault");
        try (Vault v = VaultTesting.create(file)) {
            assertTrue(v.records().keepSnapshot(FORMAT, () -> CONTENT, KINDS, fill(v.records())));
        }
        try (Vault v = VaultTesting.open(file)) {
            assertArrayEquals(CONTENT, bytes(v.records().snapshot(FORMAT).orElseThrow()));
            assertEquals(Optional.empty(), v.records().snapshot(FORMAT + 1), "a snapshot in another format is not read");
        }
    }

    @Test
    void notKeptWhenTheRecordsDifferFromWhatItWasMadeFrom() {
        try (Vault v = VaultTesting.create(dir.resolve("v.vault"))) {
            RecordStore store = v.records();
            Map<UUID, Long> exact = fill(store);

            Map<UUID, Long> older = new HashMap<>(exact);
            older.put(learner, 1L);
            assertFalse(store.keepSnapshot(FORMAT, () -> CONTENT, KINDS, older), "a record at another revision");
            assertEquals(Optional.empty(), store.snapshot(FORMAT));

            Map<UUID, Long> missing = new HashMap<>(exact);
            missing.remove(tutorial);
            assertFalse(store.keepSnapshot(FORMAT, () -> CONTENT, KINDS, missing), "a record it does not hold");

            Map<UUID, Long> extra = new HashMap<>(exact);
            extra.put(UUID.randomUUID(), 1L);
            assertFalse(store.keepSnapshot(FORMAT, () -> CONTENT, KINDS, extra), "a record the vault does not hold");

            Map<UUID, Long> withTarget = new HashMap<>(exact);
            withTarget.put(target, 1L);
            assertFalse(store.keepSnapshot(FORMAT, () -> CONTENT, KINDS, withTarget), "a record of a kind it does not cover");
            assertEquals(Optional.empty(), store.snapshot(FORMAT));

            assertTrue(store.keepSnapshot(FORMAT, () -> CONTENT, KINDS, exact));
            assertArrayEquals(CONTENT, bytes(store.snapshot(FORMAT).orElseThrow()));
        }
    }

    @Test
    void oneStillKeptIsLeftAsItIsForNoRecordHasChangedSince() throws Exception {
        Path file = dir.resolve("v.vault");
        try (Vault v = VaultTesting.create(file)) {
            assertTrue(v.records().keepSnapshot(FORMAT, () -> CONTENT, KINDS, fill(v.records())));
            v.checkpoint();
        }
        long before = java.nio.file.Files.size(file);
        try (Vault v = VaultTesting.open(file)) {
            // the next lock, with nothing changed: nothing is written
            assertTrue(v.records().keepSnapshot(FORMAT, () -> "made again".getBytes(StandardCharsets.UTF_8), KINDS, Map.of()));
            assertArrayEquals(CONTENT, bytes(v.records().snapshot(FORMAT).orElseThrow()));
            assertEquals(0, java.nio.file.Files.size(VaultFile.wal(file)), "nothing written to the log");
        }
        assertEquals(before, java.nio.file.Files.size(file));
    }

    @Test
    void anyChangeToAnyRecordDropsIt() throws Exception {
        Path file = dir.resolve("v.vault");
        assertDroppedBy(file, store -> store.save("learner", learner, json("{\"n\":9}"), WriteOptions.NORMAL), "a save");
        assertDroppedBy(file, store -> store.save("target", UUID.randomUUID(), json("{}"), WriteOptions.NORMAL),
                "a new record of another kind");
        assertDroppedBy(file, store -> store.delete(tutorial), "a deletion");
        assertDroppedBy(file, store -> store.applyRemote(new StoredRecord(tutorial, "tutorial", 5, Instant.now(), Instant.now(),
                false, false, json("{\"n\":5}"))), "a change from head office");
        assertDroppedBy(file, store -> store.setHeadVersion(learner, new HeadVersion(3, "h3")), "head office's version noted");
        assertDroppedBy(file, store -> store.save("tutorial", tutorial, json("{\"sealed\":true}"), WriteOptions.SEALED),
                "a sealing");

        // and a change made to the file by anything else: the file's own triggers drop it
        try (Vault v = VaultTesting.create(dir.resolve("raw.vault"))) {
            assertTrue(v.records().keepSnapshot(FORMAT, () -> CONTENT, KINDS, fill(v.records())));
        }
        VaultTesting.sql(dir.resolve("raw.vault"), "DELETE FROM records WHERE id = ?", tutorial.toString());
        try (Vault v = VaultTesting.open(dir.resolve("raw.vault"))) {
            assertEquals(Optional.empty(), v.records().snapshot(FORMAT));
        }
    }

    private void assertDroppedBy(Path file, Consumer<RecordStore> change, String what) throws Exception {
        java.nio.file.Files.deleteIfExists(file);
        java.nio.file.Files.deleteIfExists(VaultFile.wal(file));
        java.nio.file.Files.deleteIfExists(VaultFile.shm(file));
        try (Vault v = VaultTesting.create(file)) {
            RecordStore store = v.records();
            assertTrue(store.keepSnapshot(FORMAT, () -> CONTENT, KINDS, fill(store)));
            store.putLocalValue("sync.cursor", "12"); // not a record: the snapshot stays
            assertTrue(store.snapshot(FORMAT).isPresent(), "a local value is not a record");
            change.accept(store);
            assertEquals(Optional.empty(), store.snapshot(FORMAT), what);
        }
    }

    @Test
    void aSnapshotOfManyPiecesReadsWholeAndNoPieceCanBeMovedOrDropped() throws Exception {
        Path file = dir.resolve("v.vault");
        byte[] large = new byte[Snapshots.PIECE * 2 + 1234];
        new java.util.Random(7).nextBytes(large);
        try (Vault v = VaultTesting.create(file)) {
            assertTrue(v.records().keepSnapshot(FORMAT, () -> large, KINDS, fill(v.records())));
            assertArrayEquals(large, bytes(v.records().snapshot(FORMAT).orElseThrow()));
        }
        int n = RecordCipher.NONCE_BYTES;
        int piece = Snapshots.PIECE + RecordCipher.TAG_BYTES;
        // the first two pieces swapped, each with its own nonce
        VaultTesting.sql(file, "UPDATE snapshot SET nonce = substr(nonce, " + (n + 1) + ", " + n + ") || substr(nonce, 1, " + n + ")"
                + " || substr(nonce, " + (2 * n + 1) + "), ciphertext = substr(ciphertext, " + (piece + 1) + ", " + piece + ")"
                + " || substr(ciphertext, 1, " + piece + ") || substr(ciphertext, " + (2 * piece + 1) + ")");
        try (Vault v = VaultTesting.open(file)) {
            assertEquals(Optional.empty(), v.records().snapshot(FORMAT), "pieces out of place");
            assertTrue(v.records().keepSnapshot(FORMAT, () -> large, KINDS, Map.of(learner, 2L, tutorial, 1L)));
        }
        // the last piece dropped, with its nonce: what is left is whole pieces, each authentic
        VaultTesting.sql(file, "UPDATE snapshot SET nonce = substr(nonce, 1, " + (2 * n) + "), ciphertext = substr(ciphertext, 1, "
                + (2 * piece) + ")");
        try (Vault v = VaultTesting.open(file)) {
            assertEquals(Optional.empty(), v.records().snapshot(FORMAT), "a piece dropped");
        }
    }

    @Test
    void aDamagedOrTransplantedSnapshotIsNotRead() throws Exception {
        Path file = dir.resolve("v.vault");
        try (Vault v = VaultTesting.create(file)) {
            assertTrue(v.records().keepSnapshot(FORMAT, () -> CONTENT, KINDS, fill(v.records())));
        }
        VaultTesting.sql(file, "UPDATE snapshot SET ciphertext = zeroblob(length(ciphertext))");
        try (Vault v = VaultTesting.open(file)) {
            assertEquals(Optional.empty(), v.records().snapshot(FORMAT), "a damaged snapshot");
        }
        try (java.sql.Connection c = VaultTesting.raw(file); java.sql.ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM snapshot")) {
            assertEquals(0, rs.getInt(1), "a damaged snapshot is dropped when found, so the next lock keeps a new one");
        }

        // one vault's snapshot copied into another vault's file does not open with that vault's key
        Path other = dir.resolve("other.vault");
        try (Vault v = VaultTesting.create(other)) {
            assertTrue(v.records().keepSnapshot(FORMAT, () -> "another caseload".getBytes(StandardCharsets.UTF_8), Set.of("group"), Map.of()));
        }
        try (Vault v = VaultTesting.open(file)) {
            assertTrue(v.records().keepSnapshot(FORMAT, () -> CONTENT, KINDS, Map.of(learner, 2L, tutorial, 1L)));
        }
        byte[][] foreign = new byte[2][];
        try (java.sql.Connection c = VaultTesting.raw(other); java.sql.ResultSet rs = c.createStatement()
                .executeQuery("SELECT nonce, ciphertext FROM snapshot")) {
            assertTrue(rs.next());
            foreign[0] = rs.getBytes(1);
            foreign[1] = rs.getBytes(2);
        }
        VaultTesting.sql(file, "UPDATE snapshot SET nonce = ?, ciphertext = ?", foreign[0], foreign[1]);
        try (Vault v = VaultTesting.open(file)) {
            assertEquals(Optional.empty(), v.records().snapshot(FORMAT), "another vault's snapshot");
        }
    }

    /** What a snapshot read holds, from its position to its limit. */
    private static byte[] bytes(java.nio.ByteBuffer content) {
        byte[] out = new byte[content.remaining()];
        content.duplicate().get(out);
        return out;
    }
}
