package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.vault.VaultTesting.json;
import static org.tutela.app.vault.VaultTesting.text;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Altered or moved envelopes are reported by id; every other record still opens. */
class TamperTest {
    @TempDir
    Path dir;
    Path file;
    final List<UUID> ids = new ArrayList<>();

    @BeforeEach
    void setUp() {
        file = dir.resolve("tutor.tutela");
        try (Vault vault = VaultTesting.create(file)) {
            for (int i = 0; i < 5; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                vault.records().save("learner", id, json("{\"n\":" + i + "}"), WriteOptions.NORMAL);
            }
        }
    }

    private byte[] column(UUID id, String column) throws Exception {
        try (Connection c = VaultTesting.raw(file);
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM records WHERE id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getBytes(1);
            }
        }
    }

    private void flipByte(UUID id, String column, int index) throws Exception {
        byte[] value = column(id, column);
        value[index] ^= 0x01;
        VaultTesting.sql(file, "UPDATE records SET " + column + " = ? WHERE id = ?", value, id.toString());
    }

    /** Opens the vault and checks: exactly {@code damaged} is reported, the rest open intact. */
    private void assertOnlyDamaged(UUID damaged) {
        try (Vault vault = VaultTesting.open(file)) {
            RecordStore store = vault.records();
            RecordList list = store.list("learner");
            assertEquals(List.of(damaged), list.damaged());
            assertEquals(ids.size() - 1, list.records().size());
            for (StoredRecord r : list.records()) {
                assertEquals("{\"n\":" + ids.indexOf(r.id()) + "}", text(r.body()));
            }
            DamagedRecordException e = assertThrows(DamagedRecordException.class, () -> store.get(damaged));
            assertEquals(damaged, e.recordId());
            assertTrue(e.getMessage().contains(damaged.toString()));
            for (UUID id : ids) {
                if (!id.equals(damaged)) {
                    assertTrue(store.get(id).isPresent());
                }
            }
        }
    }

    @Test
    void aFlippedCiphertextByteIsReportedById() throws Exception {
        flipByte(ids.get(1), "ciphertext", 3);
        assertOnlyDamaged(ids.get(1));
    }

    @Test
    void aFlippedTagByteIsReportedById() throws Exception {
        byte[] ct = column(ids.get(1), "ciphertext");
        flipByte(ids.get(1), "ciphertext", ct.length - 1);
        assertOnlyDamaged(ids.get(1));
    }

    @Test
    void aFlippedNonceByteIsReportedById() throws Exception {
        flipByte(ids.get(2), "nonce", 0);
        assertOnlyDamaged(ids.get(2));
    }

    @Test
    void aChangedRevisionIsReportedById() throws Exception {
        VaultTesting.sql(file, "UPDATE records SET revision = revision + 1 WHERE id = ?", ids.get(3).toString());
        assertOnlyDamaged(ids.get(3));
    }

    @Test
    void aChangedUpdatedAtIsReportedById() throws Exception {
        VaultTesting.sql(file, "UPDATE records SET updated_at = updated_at - 1 WHERE id = ?", ids.get(0).toString());
        assertOnlyDamaged(ids.get(0));
    }

    @Test
    void aChangedCreatedAtIsReportedById() throws Exception {
        VaultTesting.sql(file, "UPDATE records SET created_at = created_at + 1000000 WHERE id = ?", ids.get(1).toString());
        assertOnlyDamaged(ids.get(1));
    }

    @Test
    void aRecordMarkedSealedBehindOurBackIsReportedById() throws Exception {
        // Readers would take its body for a confidential tutorial's envelope.
        VaultTesting.sql(file, "UPDATE records SET sealed = 1 WHERE id = ?", ids.get(2).toString());
        assertOnlyDamaged(ids.get(2));
    }

    @Test
    void aSealedRecordWhoseFlagIsClearedIsReportedById() throws Exception {
        // A sealed envelope passed off as an open record: the flag is authenticated in both directions.
        UUID sealed = UUID.randomUUID();
        try (Vault vault = VaultTesting.open(file)) {
            vault.records().save("tutorial", sealed, json("{\"header\":{}}"), WriteOptions.SEALED);
        }
        VaultTesting.sql(file, "UPDATE records SET sealed = 0 WHERE id = ?", sealed.toString());
        try (Vault vault = VaultTesting.open(file)) {
            assertEquals(List.of(sealed), vault.records().list("tutorial").damaged());
            DamagedRecordException e = assertThrows(DamagedRecordException.class, () -> vault.records().get(sealed));
            assertEquals(sealed, e.recordId());
            assertEquals(ids.size(), vault.records().list("learner").records().size(), "every other record opens");
        }
    }

    @Test
    void aRecordMarkedDeletedBehindOurBackIsReportedNotSilentlyHidden() throws Exception {
        VaultTesting.sql(file, "UPDATE records SET deleted = 1 WHERE id = ?", ids.get(4).toString());
        assertOnlyDamaged(ids.get(4));
    }

    @Test
    void aChangedKindIsReportedById() throws Exception {
        UUID moved = ids.get(2);
        VaultTesting.sql(file, "UPDATE records SET kind = 'tutorial' WHERE id = ?", moved.toString());
        try (Vault vault = VaultTesting.open(file)) {
            assertEquals(List.of(moved), vault.records().list("tutorial").damaged());
            assertEquals(ids.size() - 1, vault.records().list("learner").records().size());
            assertThrows(DamagedRecordException.class, () -> vault.records().get(moved));
        }
    }

    @Test
    void anEnvelopeCopiedIntoAnotherRowIsReportedById() throws Exception {
        UUID from = ids.get(0);
        UUID into = ids.get(1);
        VaultTesting.sql(file, "UPDATE records SET nonce = ?, ciphertext = ? WHERE id = ?",
                column(from, "nonce"), column(from, "ciphertext"), into.toString());
        assertOnlyDamaged(into);
    }

    @Test
    void aWholeRowCopiedOverAnotherIdIsReportedById() throws Exception {
        // same kind, revision and timestamps too: only the id differs, and the id is in the AAD
        UUID from = ids.get(0);
        UUID into = ids.get(1);
        VaultTesting.sql(file, "DELETE FROM records WHERE id = ?", into.toString());
        VaultTesting.sql(file, "INSERT INTO records (id, kind, revision, created_at, updated_at, deleted, sealed, nonce, ciphertext)"
                + " SELECT ?, kind, revision, created_at, updated_at, deleted, sealed, nonce, ciphertext FROM records WHERE id = ?",
                into.toString(), from.toString());
        assertOnlyDamaged(into);
    }

    @Test
    void damageSpreadOverALargeListIsReportedAndEveryOtherRecordOpens() throws Exception {
        List<UUID> many = new ArrayList<>(ids);
        try (Vault vault = VaultTesting.open(file)) {
            vault.records().inTransaction(s -> {
                for (int i = 5; i < 5000; i++) {
                    UUID id = UUID.randomUUID();
                    many.add(id);
                    s.save("learner", id, json("{\"n\":" + i + "}"), WriteOptions.NORMAL);
                }
                return null;
            });
        }
        List<UUID> broken = List.of(many.get(17), many.get(1500), many.get(3333), many.get(4999));
        for (UUID id : broken) {
            flipByte(id, "ciphertext", 2);
        }
        try (Vault vault = VaultTesting.open(file)) {
            RecordList list = vault.records().list("learner");
            assertEquals(new java.util.HashSet<>(broken), new java.util.HashSet<>(list.damaged()));
            assertEquals(many.size() - broken.size(), list.records().size());
            for (StoredRecord r : list.records()) {
                assertEquals("{\"n\":" + many.indexOf(r.id()) + "}", text(r.body()));
            }
        }
    }

    @Test
    void aTamperedLocalValueIsRefused() throws Exception {
        try (Vault vault = VaultTesting.open(file)) {
            vault.records().putLocalValue("a", "1");
            vault.records().putLocalValue("b", "2");
        }
        VaultTesting.sql(file, "UPDATE local_values SET nonce = (SELECT nonce FROM local_values WHERE key = 'a'),"
                + " ciphertext = (SELECT ciphertext FROM local_values WHERE key = 'a') WHERE key = 'b'");
        try (Vault vault = VaultTesting.open(file)) {
            assertEquals("1", vault.records().localValue("a").orElseThrow());
            assertThrows(VaultException.class, () -> vault.records().localValue("b"));
        }
    }
}
