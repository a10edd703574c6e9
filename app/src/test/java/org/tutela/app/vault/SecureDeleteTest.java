package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.tutela.app.vault.VaultForensics.filesHolding;
import static org.tutela.app.vault.VaultForensics.filesOf;
import static org.tutela.app.vault.VaultForensics.storedCiphertext;
import static org.tutela.app.vault.VaultTesting.json;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content that a change replaces for good (a tutorial sealed as confidential, a deleted record) is
 * erased from the vault file and its write-ahead log when the change is saved: the earlier
 * envelope, which would still open with the vault's passphrase, is in no byte of either.
 */
class SecureDeleteTest {
    /** A draft of realistic size (the form's boxes hold sentences, not words). */
    private static final String OPEN_TUTORIAL = "{\"comments\":\"Obadiah Fernsworth told me about the caravan. " + "x".repeat(600) + "\",\"n\":%d}";
    /** An envelope is bigger than the draft it seals (base64 ciphertext, wraps, header). */
    private static final String SEALED = "{\"header\":{\"label\":\"Confidential tutorial\"},\"content\":\"" + "A".repeat(900) + "\"}";
    private static final String LEARNER = "{\"fullName\":\"Zephyrine Quillfeather\",\"notes\":\"" + "y".repeat(400) + "\",\"v\":%d}";

    @TempDir
    Path dir;
    Path file;
    Vault vault;
    RecordStore store;

    @BeforeEach
    void create() {
        file = dir.resolve("tutor.tutela");
        vault = VaultTesting.create(file);
        store = vault.records();
        // other records around it, as in a real caseload
        for (int i = 0; i < 20; i++) {
            store.save("learner", UUID.randomUUID(), json("{\"n\":" + i + "}"), WriteOptions.NORMAL);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void lock() {
        vault.close();
    }

    @Test
    void theVaultConnectionOverwritesDeletedContent() {
        assertEquals("1", vault.pragma("secure_delete"));
    }

    @Test
    void sealingAnOpenTutorialErasesEveryEarlierOpenVersion() throws Exception {
        // Several tutorials, each autosaved twice between other work, so the drafts lie in
        // different places of the file; every one is then sealed.
        List<UUID> tutorials = new java.util.ArrayList<>();
        List<byte[]> drafts = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UUID id = UUID.randomUUID();
            tutorials.add(id);
            store.save("tutorial", id, json(OPEN_TUTORIAL.formatted(i)), WriteOptions.NORMAL);
            drafts.add(storedCiphertext(file, id));
            store.save("learner", UUID.randomUUID(), json(LEARNER.formatted(i)), WriteOptions.NORMAL);
            store.save("tutorial", id, json(OPEN_TUTORIAL.formatted(100 + i)), WriteOptions.NORMAL); // the next autosave
            drafts.add(storedCiphertext(file, id));
        }
        assertFalse(filesHolding(drafts.get(drafts.size() - 1), filesOf(file)).isEmpty(),
                "control: the open version is on disk before sealing");

        for (UUID id : tutorials) {
            store.save("tutorial", id, json(SEALED), WriteOptions.SEALED_URGENT);
        }

        for (int i = 0; i < drafts.size(); i++) {
            assertEquals(List.of(), filesHolding(drafts.get(i), filesOf(file)), "open draft " + i);
        }
        vault.close();
        for (int i = 0; i < drafts.size(); i++) {
            assertEquals(List.of(), filesHolding(drafts.get(i), filesOf(file)), "open draft " + i + ", after lock");
        }
    }

    @Test
    void aDeletedRecordsContentIsGoneFromTheFileAndItsLog() throws Exception {
        UUID learner = UUID.randomUUID();
        store.save("learner", learner, json(LEARNER.formatted(1)), WriteOptions.NORMAL);
        byte[] first = storedCiphertext(file, learner);
        store.save("learner", learner, json(LEARNER.formatted(2)), WriteOptions.NORMAL);
        byte[] second = storedCiphertext(file, learner);
        assertFalse(filesHolding(second, filesOf(file)).isEmpty(), "control: the learner is on disk before deletion");

        store.delete(learner);

        assertEquals(List.of(), filesHolding(first, filesOf(file)));
        assertEquals(List.of(), filesHolding(second, filesOf(file)));
        StoredRecord tombstone = store.get(learner).orElseThrow();
        assertEquals(3, tombstone.revision(), "the tombstone keeps id, kind and revision");
        assertEquals("{}", VaultTesting.text(tombstone.body()));
    }

    @Test
    void aRecordSealedOrDeletedElsewhereErasesTheOpenCopyPulledHere() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID tutorial = UUID.randomUUID();
        UUID learner = UUID.randomUUID();
        store.applyRemote(new StoredRecord(tutorial, "tutorial", 1, at, at, false, false, json(OPEN_TUTORIAL.formatted(3))));
        store.applyRemote(new StoredRecord(learner, "learner", 1, at, at, false, false, json(LEARNER.formatted(7))));
        byte[] openTutorial = storedCiphertext(file, tutorial);
        byte[] openLearner = storedCiphertext(file, learner);
        assertFalse(filesHolding(openTutorial, filesOf(file)).isEmpty(), "control: pulled and on disk");

        store.applyRemote(new StoredRecord(tutorial, "tutorial", 2, at, at.plusSeconds(5), false, true, json(SEALED)));
        assertEquals(List.of(), filesHolding(openTutorial, filesOf(file)), "the tutorial sealed on the other laptop");

        store.applyRemote(new StoredRecord(learner, "learner", 2, at, at.plusSeconds(5), true, false, json("{}")));
        assertEquals(List.of(), filesHolding(openLearner, filesOf(file)), "the learner deleted on the other laptop");
    }
}
