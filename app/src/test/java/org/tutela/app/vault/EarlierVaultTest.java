package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vault written by an earlier Tutela (the fixture was made by the code as it stood before the
 * one crypto module, at the floor parameters, with a passphrase of Welsh letters and an emoji)
 * still opens with today's code, byte for byte the same passphrase encoding.
 */
class EarlierVaultTest {
    /** "Tŷ Coch lantern 🦉 meadow": non-ASCII and a character outside the BMP. */
    static final String PASSPHRASE = "T\u0177 Coch lantern \uD83E\uDD89 meadow";
    static final String FIXTURE = "/org/tutela/app/vault/fixtures/vault-before-crypto-module.tutela";

    @TempDir
    Path dir;

    static Path copyOfFixture(Path dir) throws IOException {
        Path file = dir.resolve("earlier.tutela");
        try (InputStream in = EarlierVaultTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aVaultWrittenBeforeTheCryptoModuleOpensWithItsPassphrase() throws IOException {
        Path file = copyOfFixture(dir);
        try (Vault vault = Vault.open(file, PASSPHRASE.toCharArray())) {
            assertEquals(19 * 1024, vault.kdfParameters().memoryKiB());
            assertEquals(2, vault.kdfParameters().iterations());
            List<StoredRecord> records = vault.records().list("fixture").records().stream()
                    .sorted(Comparator.comparing(StoredRecord::id)).toList();
            assertEquals(2, records.size());
            assertEquals(UUID.fromString("6f1c2a40-0000-4000-8000-00000000a001"), records.get(0).id());
            assertEquals("{\"name\":\"Quorvendel Fixturewright\"}", new String(records.get(0).body(), StandardCharsets.UTF_8));
            assertEquals(2, records.get(1).revision());
            assertEquals("{\"name\":\"Yavima Oldcode\",\"edited\":true}", new String(records.get(1).body(), StandardCharsets.UTF_8));
            assertTrue(vault.records().list("fixture").damaged().isEmpty());
        }
    }

    @Test
    void theEarlierVaultRefusesAnotherPassphraseAndTakesANewOne() throws IOException {
        Path file = copyOfFixture(dir);
        // the same words without the Welsh letter: a lax encoding would not tell these apart from some others
        assertThrows(WrongPassphraseException.class, () -> Vault.open(file, "Ty Coch lantern \uD83E\uDD89 meadow".toCharArray()));
        try (Vault vault = Vault.open(file, PASSPHRASE.toCharArray())) {
            vault.changePassphrase(PASSPHRASE.toCharArray(), "a new passphrase for the earlier vault".toCharArray());
        }
        try (Vault vault = Vault.open(file, "a new passphrase for the earlier vault".toCharArray())) {
            assertEquals(2, vault.records().list("fixture").records().size());
        }
    }
}
