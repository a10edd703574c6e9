package org.tutela.app.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibrated Argon2id parameters: never below the floor, and a derivation time in a sane band. */
class CalibrationTest {
    @TempDir
    Path dir;

    @Test
    void calibratedParametersAreAtLeastTheFloorAndTakeAboutHalfASecond() {
        Path file = dir.resolve("tutor.tutela");
        KdfParameters calibrated;
        try (Vault vault = Vault.create(file, "a passphrase".toCharArray())) {
            calibrated = vault.kdfParameters();
        }
        KdfParameters floor = KdfParameters.FLOOR;
        assertTrue(calibrated.memoryKiB() >= floor.memoryKiB(), calibrated.toString());
        assertTrue(calibrated.iterations() >= floor.iterations(), calibrated.toString());
        assertTrue(calibrated.parallelism() >= floor.parallelism(), calibrated.toString());
        assertNull(Argon2Kdf.problemWith(calibrated));
        long millis = Argon2Kdf.timeMillis(calibrated);
        // target 500 ms; a wide band because other builds share this machine
        assertTrue(millis >= 150 && millis <= 5_000, calibrated + " took " + millis + " ms");
        try (Vault vault = Vault.open(file, "a passphrase".toCharArray())) {
            assertEquals(calibrated, vault.kdfParameters());
        }
    }

    @Test
    void argon2idIsDeterministicAndSensitiveToEveryInput() {
        byte[] salt = new byte[16];
        byte[] a = Argon2Kdf.derive("pass".toCharArray(), salt, KdfParameters.FLOOR);
        assertEquals(32, a.length);
        assertTrue(java.util.Arrays.equals(a, Argon2Kdf.derive("pass".toCharArray(), salt, KdfParameters.FLOOR)));
        assertTrue(!java.util.Arrays.equals(a, Argon2Kdf.derive("pasS".toCharArray(), salt, KdfParameters.FLOOR)));
        byte[] salt2 = salt.clone();
        salt2[15] = 1;
        assertTrue(!java.util.Arrays.equals(a, Argon2Kdf.derive("pass".toCharArray(), salt2, KdfParameters.FLOOR)));
        assertTrue(!java.util.Arrays.equals(a, Argon2Kdf.derive("pass".toCharArray(), salt, new KdfParameters(19 * 1024, 3, 1))));
    }

    @Test
    void parametersBelowTheFloorCannotBeUsedToCreate() {
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("weak.tutela"), "p".toCharArray(), new KdfParameters(4096, 2, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("weak.tutela"), "p".toCharArray(), new KdfParameters(19 * 1024, 1, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> Vault.create(dir.resolve("empty.tutela"), new char[0], KdfParameters.FLOOR));
    }
}
