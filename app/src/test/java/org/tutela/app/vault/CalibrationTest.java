package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.crypto.Argon2Calibration;
import org.tutela.crypto.Argon2Params;

/** Calibrated Argon2id parameters: never below the floor, and a derivation time in a sane band. */
class CalibrationTest {
    @TempDir
    Path dir;

    @Test
    void calibratedParametersAreAtLeastTheFloorAndTakeAboutHalfASecond() {
        Path file = dir.resolve("tutor.tutela");
        Argon2Params calibrated;
        try (Vault vault = Vault.create(file, "a passphrase".toCharArray())) {
            calibrated = vault.kdfParameters();
        }
        Argon2Params floor = Argon2Params.FLOOR;
        assertTrue(calibrated.memoryKiB() >= floor.memoryKiB(), calibrated.toString());
        assertTrue(calibrated.iterations() >= floor.iterations(), calibrated.toString());
        assertTrue(calibrated.parallelism() >= floor.parallelism(), calibrated.toString());
        assertNull(calibrated.problem());
        long millis = Argon2Calibration.timeMillis(calibrated);
        // target 500 ms; a wide band because other builds share this machine
        assertTrue(millis >= 150 && millis <= 5_000, calibrated + " took " + millis + " ms");
        try (Vault vault = Vault.open(file, "a passphrase".toCharArray())) {
            assertEquals(calibrated, vault.kdfParameters());
        }
    }

    @Test
    void parametersOutsideTheFloorAndCeilingCannotBeUsedToCreate() {
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("weak.tutela"), "p".toCharArray(), new Argon2Params(4096, 2, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("weak.tutela"), "p".toCharArray(), new Argon2Params(19 * 1024, 1, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("empty.tutela"), new char[0], Argon2Params.FLOOR));
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("huge.tutela"), "p".toCharArray(), new Argon2Params(19 * 1024, 21, 1)));
        // the vault's passphrase is strict UTF-8: a lone surrogate is refused, never approximated
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("lone.tutela"), "lantern\uD800meadow".toCharArray(), Argon2Params.FLOOR));
    }
}
