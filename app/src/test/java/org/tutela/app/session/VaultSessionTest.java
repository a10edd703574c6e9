package org.tutela.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.vault.Vault;
import org.tutela.crypto.Argon2Params;

class VaultSessionTest {
    private static final String PASSPHRASE = "kettle orchard violet tram";
    /** What the (counted) tuning finds: above the floor, so it is told apart from it. */
    private static final Argon2Params TUNED = new Argon2Params(Argon2Params.FLOOR.memoryKiB(), Argon2Params.FLOOR.iterations() + 1, 1);

    @Test
    void aNewVaultIsLockedWithTheLockTunedWhileTheFormWasFilledInAndNotTunedAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.tutela");
        AtomicInteger tunings = new AtomicInteger();
        VaultSession session = new VaultSession(file, null, () -> {
            tunings.incrementAndGet();
            return TUNED;
        });
        session.tuneLockAhead();
        session.tuneLockAhead(); // once only
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (session.lockTunedAhead().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(TUNED, session.lockTunedAhead().orElseThrow());
        session.create(PASSPHRASE.toCharArray());
        assertEquals(1, tunings.get(), "tuned once, ahead, and not again at Create");
        session.lock();
        try (Vault v = Vault.open(file, PASSPHRASE.toCharArray())) {
            assertEquals(TUNED, v.kdfParameters(), "the vault is locked with the tuned parameters");
        }
    }

    @Test
    void withoutTuningAheadCreateTunesTheLock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.tutela");
        AtomicInteger tunings = new AtomicInteger();
        VaultSession session = new VaultSession(file, null, () -> {
            tunings.incrementAndGet();
            return TUNED;
        });
        session.create(PASSPHRASE.toCharArray());
        assertEquals(1, tunings.get());
        session.lock();
        try (Vault v = Vault.open(file, PASSPHRASE.toCharArray())) {
            assertEquals(TUNED, v.kdfParameters());
        }
    }

    @Test
    void theRealTuningAheadNeverGoesBelowTheFloor(@TempDir Path dir) throws Exception {
        VaultSession session = new VaultSession(dir.resolve("v.tutela"), null);
        session.tuneLockAhead();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (session.lockTunedAhead().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Argon2Params tuned = session.lockTunedAhead().orElseThrow();
        assertTrue(tuned.memoryKiB() >= Argon2Params.FLOOR.memoryKiB() && tuned.iterations() >= Argon2Params.FLOOR.iterations(), tuned.toString());
    }

    @Test
    void givenParametersAreUsedAsGivenWithNothingTuned(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.tutela");
        AtomicInteger tunings = new AtomicInteger();
        VaultSession session = new VaultSession(file, Argon2Params.FLOOR, () -> {
            tunings.incrementAndGet();
            return TUNED;
        });
        session.tuneLockAhead();
        assertTrue(session.lockTunedAhead().isEmpty());
        session.create(PASSPHRASE.toCharArray());
        assertEquals(0, tunings.get());
        session.lock();
        try (Vault v = Vault.open(file, PASSPHRASE.toCharArray())) {
            assertEquals(Argon2Params.FLOOR, v.kdfParameters());
        }
    }
}
