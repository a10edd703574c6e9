package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tutela.app.vault.VaultTesting.json;
import static org.tutela.app.vault.VaultTesting.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.crypto.Argon2Params;

class ChangePassphraseTest {
    @TempDir
    Path dir;

    @Test
    void theOldPassphraseStopsWorkingTheNewOneWorksAndRecordsAreIntact() {
        Path file = dir.resolve("tutor.tutela");
        UUID id = UUID.randomUUID();
        try (Vault vault = Vault.create(file, "first passphrase".toCharArray(), Argon2Params.FLOOR)) {
            vault.records().save("learner", id, json("{\"a\":1}"), WriteOptions.NORMAL);
            vault.changePassphrase("first passphrase".toCharArray(), "second passphrase".toCharArray());
            // the unlocked vault goes on working with the same data key
            vault.records().save("learner", UUID.randomUUID(), json("{}"), WriteOptions.NORMAL);
            assertEquals("{\"a\":1}", text(vault.records().get(id).orElseThrow().body()));
        }
        assertThrows(WrongPassphraseException.class, () -> Vault.open(file, "first passphrase".toCharArray()));
        try (Vault vault = Vault.open(file, "second passphrase".toCharArray())) {
            assertEquals("{\"a\":1}", text(vault.records().get(id).orElseThrow().body()));
            assertEquals(2, vault.records().list("learner").records().size());
            assertEquals(Argon2Params.FLOOR, vault.kdfParameters());
        }
    }

    @Test
    void aWrongCurrentPassphraseChangesNothing() throws Exception {
        Path file = dir.resolve("tutor.tutela");
        try (Vault vault = Vault.create(file, "first passphrase".toCharArray(), Argon2Params.FLOOR)) {
            vault.checkpoint();
            byte[] before = Files.readAllBytes(file);
            WrongPassphraseException e = assertThrows(WrongPassphraseException.class,
                    () -> vault.changePassphrase("not it".toCharArray(), "second passphrase".toCharArray()));
            assertEquals("That passphrase does not open this vault", e.getMessage());
            vault.checkpoint();
            assertArrayEquals(before, Files.readAllBytes(file));
        }
        Vault.open(file, "first passphrase".toCharArray()).close();
    }

    @Test
    void aFailureInsideTheSwapRollsBackToTheOldPassphrase() {
        Path file = dir.resolve("tutor.tutela");
        try (Vault vault = Vault.create(file, "first passphrase".toCharArray(), Argon2Params.FLOOR)) {
            vault.beforePassphraseCommit = () -> {
                throw new IllegalStateException("power cut");
            };
            assertThrows(IllegalStateException.class,
                    () -> vault.changePassphrase("first passphrase".toCharArray(), "second passphrase".toCharArray()));
        }
        assertThrows(WrongPassphraseException.class, () -> Vault.open(file, "second passphrase".toCharArray()));
        Vault.open(file, "first passphrase".toCharArray()).close();
    }
}
