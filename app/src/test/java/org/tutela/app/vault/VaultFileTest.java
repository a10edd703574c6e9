package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tutela.app.vault.VaultTesting.json;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.crypto.Argon2Calibration;
import org.tutela.crypto.Argon2Params;

/** Whole-file faults: wrong passphrase, truncation, not a vault, tampered header, existing files. */
class VaultFileTest {
    @TempDir
    Path dir;
    Path file;
    UUID id = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        file = dir.resolve("tutor.tutela");
        try (Vault vault = VaultTesting.create(file)) {
            for (int i = 0; i < 200; i++) {
                vault.records().save("learner", i == 0 ? id : UUID.randomUUID(), json("{\"pad\":\"" + "x".repeat(900) + "\"}"), WriteOptions.NORMAL);
            }
        }
        assertFalse(Files.exists(VaultFile.wal(file)), "closing folds the log into the file");
    }

    @Test
    void aWrongPassphraseIsRefusedClearlyAtFullCostAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(file);
        FileTime mtime = Files.getLastModifiedTime(file);
        long argon2 = Argon2Calibration.timeMillis(Argon2Params.FLOOR);
        long start = System.nanoTime();
        WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                () -> Vault.open(file, "correct horse battery stapler".toCharArray()));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals("That passphrase does not open this vault", e.getMessage());
        assertTrue(took >= argon2 / 2, "a wrong try costs the Argon2id time (" + took + " ms vs " + argon2 + " ms)");
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(mtime, Files.getLastModifiedTime(file));
        try (Vault vault = VaultTesting.open(file)) {
            assertTrue(vault.records().get(id).isPresent());
        }
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheFile() throws Exception {
        byte[] before = Files.readAllBytes(file);
        for (long length : new long[] {before.length / 2, before.length - 4096, before.length - 1, 50}) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(length);
            }
            VaultDamagedException e = assertThrows(VaultDamagedException.class, () -> VaultTesting.open(file), "length " + length);
            assertEquals(file.toAbsolutePath(), e.file());
            assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()));
            Files.write(file, before);
        }
        VaultTesting.open(file).close();
    }

    @Test
    void filesThatAreNotVaultsAreRefusedAndLeftAsTheyAre() throws Exception {
        Path text = dir.resolve("notes.tutela");
        Files.writeString(text, "These are not the records you are looking for.\n".repeat(100));
        Path empty = dir.resolve("empty.tutela");
        Files.createFile(empty);
        Path otherDb = dir.resolve("other.tutela");
        try (Connection c = VaultTesting.raw(otherDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        Path ours = dir.resolve("noheader.tutela");
        try (Connection c = VaultTesting.raw(ours); Statement s = c.createStatement()) {
            s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            s.execute("CREATE TABLE t (x)");
        }
        for (Path p : new Path[] {text, empty, otherDb, ours}) {
            byte[] before = Files.readAllBytes(p);
            VaultDamagedException e = assertThrows(VaultDamagedException.class, () -> VaultTesting.open(p), p.toString());
            assertTrue(e.getMessage().contains(p.toAbsolutePath().toString()), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(p), "unchanged: " + p);
            assertThrows(VaultException.class, () -> VaultTesting.create(p), "never created over " + p);
            assertArrayEquals(before, Files.readAllBytes(p), "unchanged: " + p);
        }
        assertThrows(VaultException.class, () -> VaultTesting.open(dir.resolve("missing.tutela")));
        assertFalse(Files.exists(dir.resolve("missing.tutela")));
    }

    @Test
    void createRefusesAnExistingVault() throws Exception {
        byte[] before = Files.readAllBytes(file);
        VaultException e = assertThrows(VaultException.class, () -> VaultTesting.create(file));
        assertTrue(e.getMessage().contains("already exists"));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            // the vault, and the lock file beside it that the first opening made
            assertEquals(java.util.Set.of(file.getFileName().toString(), file.getFileName() + ".lock"),
                    listing.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()), "no leftover files");
        }
    }

    @Test
    void parametersBelowTheFloorAreRefusedAsTampering() throws Exception {
        assertHeaderRefused("kdf_memory_kib = 19455");
        assertHeaderRefused("kdf_memory_kib = 4096");
        assertHeaderRefused("kdf_iterations = 1");
        assertHeaderRefused("kdf_parallelism = 0");
    }

    @Test
    void anotherArgon2TypeOrVersionIsRefusedAsTampering() throws Exception {
        assertHeaderRefused("kdf_type = 'argon2i'");
        assertHeaderRefused("kdf_type = 'argon2d'");
        assertHeaderRefused("kdf_version = 16");
    }

    @Test
    void absurdParametersAreRefusedFastBeforeAnyDerivation() throws Exception {
        for (String change : new String[] {"kdf_memory_kib = 1073741824", "kdf_memory_kib = 2147483647", "kdf_memory_kib = 9999999999",
                "kdf_iterations = 1000000", "kdf_iterations = 3000", "kdf_parallelism = 255", "kdf_memory_kib = 1048576, kdf_iterations = 60",
                "kdf_memory_kib = -1", "kdf_iterations = -2"}) {
            long start = System.nanoTime();
            assertHeaderRefused(change);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, change + " refused fast");
        }
    }

    @Test
    void aMalformedHeaderIsRefused() throws Exception {
        assertHeaderRefused("kdf_salt = x'00'");
        assertHeaderRefused("wrapped_key = x'0011'");
        assertHeaderRefused("device_id = 'not-a-uuid'");
    }

    @Test
    void aChangedSaltOrWrappedKeyDoesNotOpenAndIsNotMistakenForSuccess() throws Exception {
        VaultTesting.sql(file, "UPDATE vault_header SET wrapped_key = zeroblob(48)");
        assertThrows(VaultHeaderDamagedException.class, () -> VaultTesting.open(file));
    }

    @Test
    void aChangedArgon2ParameterSaysTheHeaderIsDamagedNotThatThePassphraseIsWrong() throws Exception {
        byte[] before = Files.readAllBytes(file);
        for (String change : List.of("kdf_iterations = kdf_iterations + 1", "kdf_memory_kib = kdf_memory_kib + 1024",
                "kdf_salt = zeroblob(16)", "key_nonce = zeroblob(12)")) {
            VaultTesting.sql(file, "UPDATE vault_header SET " + change);
            VaultHeaderDamagedException e = assertThrows(VaultHeaderDamagedException.class, () -> VaultTesting.open(file), change);
            assertTrue(e.getMessage().contains("header") && e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
            Files.write(file, before);
        }
        try (Vault vault = VaultTesting.open(file)) {
            assertTrue(vault.records().list("learner").damaged().isEmpty(), "the untouched header opens as before");
        }
        assertThrows(WrongPassphraseException.class, () -> Vault.open(file, "not the passphrase at all".toCharArray()),
                "a wrong passphrase is still a wrong passphrase");
    }

    @Test
    void aVaultFromBeforeTheChecksumGetsOneAtItsFirstUnlock() throws Exception {
        // format v2: no checksum column (nor the snapshot, the outbox's index and the records kept as sent, which came after it)
        for (String trigger : List.of("record_kept_as_sent", "record_as_sent_dropped_by_answer", "record_as_sent_dropped_by_renumbering")) {
            VaultTesting.sql(file, "DROP TRIGGER " + trigger);
        }
        VaultTesting.sql(file, "DROP TABLE records_as_sent");
        VaultTesting.sql(file, "DROP INDEX outbox_on_its_way");
        for (String change : List.of("insert", "update", "delete")) {
            VaultTesting.sql(file, "DROP TRIGGER snapshot_dropped_by_" + change);
        }
        VaultTesting.sql(file, "DROP TABLE snapshot");
        VaultTesting.sql(file, "ALTER TABLE vault_header DROP COLUMN header_check");
        try (Connection c = VaultTesting.raw(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 2");
        }
        VaultTesting.sql(file, "UPDATE vault_header SET kdf_iterations = kdf_iterations + 1");
        assertThrows(WrongPassphraseException.class, () -> VaultTesting.open(file),
                "without a checksum a changed parameter cannot be told from a wrong passphrase");
        VaultTesting.sql(file, "UPDATE vault_header SET kdf_iterations = kdf_iterations - 1");
        try (Vault vault = VaultTesting.open(file)) {
            assertEquals(String.valueOf(Schema.CURRENT_VERSION), vault.pragma("user_version"));
        }
        VaultTesting.sql(file, "UPDATE vault_header SET kdf_iterations = kdf_iterations + 1");
        assertThrows(VaultHeaderDamagedException.class, () -> VaultTesting.open(file), "from its first unlock on, it can");
    }

    @Test
    void aChangedPassphraseKeepsTheChecksumTrue() throws Exception {
        try (Vault vault = VaultTesting.open(file)) {
            vault.changePassphrase(VaultTesting.PASS.clone(), "a new passphrase for the test".toCharArray());
        }
        try (Vault vault = Vault.open(file, "a new passphrase for the test".toCharArray())) {
            assertTrue(vault.records().list("learner").damaged().isEmpty());
        }
    }

    @Test
    void aMissingHeaderRowIsRefused() throws Exception {
        VaultTesting.sql(file, "DELETE FROM vault_header");
        VaultDamagedException e = assertThrows(VaultDamagedException.class, () -> VaultTesting.open(file));
        assertTrue(e.getMessage().contains("header"));
    }

    @Test
    void aFileFromANewerVersionIsRefused() throws Exception {
        try (Connection c = VaultTesting.raw(file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.CURRENT_VERSION + 1));
        }
        VaultFromNewerVersionException e = assertThrows(VaultFromNewerVersionException.class, () -> VaultTesting.open(file));
        assertEquals(Schema.CURRENT_VERSION + 1, e.format());
    }

    private void assertHeaderRefused(String change) throws Exception {
        byte[] before = Files.readAllBytes(file);
        VaultTesting.sql(file, "UPDATE vault_header SET " + change);
        VaultDamagedException e = assertThrows(VaultDamagedException.class, () -> VaultTesting.open(file), change);
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()));
        Files.write(file, before);
    }
}
