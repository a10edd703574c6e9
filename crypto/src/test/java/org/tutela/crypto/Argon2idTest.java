package org.tutela.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.tutela.crypto.Argon2id.PasswordEncoding;

/** The one Argon2id: the bytes of each earlier implementation, one floor, one ceiling checked before deriving. */
class Argon2idTest {
    private static final byte[] SALT = new byte[16];

    static {
        for (int i = 0; i < SALT.length; i++) {
            SALT[i] = (byte) i;
        }
    }

    /**
     * Written by the three implementations as they stood before this module (the vault's, the
     * sealed envelope's and the server's), at the floor, for plain, Welsh-and-emoji and malformed
     * passwords; "refused" where that implementation refused the password.
     */
    private static Properties vectors() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Argon2idTest.class.getResourceAsStream("argon2id-vectors-before-crypto-module.properties")) {
            p.load(in);
        }
        return p;
    }

    @Test
    void strictEncodingGivesTheBytesOfTheVaultAndTheSealedEnvelopeBefore() throws IOException {
        Properties v = vectors();
        for (int i = 0; v.containsKey("password." + i); i++) {
            char[] password = v.getProperty("password." + i).toCharArray();
            String vault = v.getProperty("vault." + i);
            assertEquals(vault, v.getProperty("sealed." + i), "the two strict implementations agreed");
            if (vault.equals("refused")) {
                assertThrows(IllegalArgumentException.class,
                        () -> Argon2id.deriveKey(password, PasswordEncoding.STRICT_UTF8, SALT, Argon2Params.FLOOR), "password " + i);
            } else {
                assertEquals(vault, hex(Argon2id.deriveKey(password, PasswordEncoding.STRICT_UTF8, SALT, Argon2Params.FLOOR)), "password " + i);
            }
        }
    }

    @Test
    void lenientEncodingGivesTheBytesOfTheServerBefore() throws IOException {
        Properties v = vectors();
        int n = 0;
        for (int i = 0; v.containsKey("password." + i); i++, n++) {
            char[] password = v.getProperty("password." + i).toCharArray();
            assertEquals(v.getProperty("server." + i),
                    hex(Argon2id.derive(password, PasswordEncoding.LENIENT_UTF8, SALT, Argon2Params.FLOOR, 32)), "password " + i);
        }
        assertEquals(6, n);
    }

    @Test
    void everyInputChangesTheKey() {
        byte[] a = Argon2id.deriveKey("pass".toCharArray(), PasswordEncoding.STRICT_UTF8, SALT, Argon2Params.FLOOR);
        assertEquals(32, a.length);
        assertArrayEquals(a, Argon2id.deriveKey("pass".toCharArray(), PasswordEncoding.STRICT_UTF8, SALT, Argon2Params.FLOOR));
        assertFalse(Arrays.equals(a, Argon2id.deriveKey("pasS".toCharArray(), PasswordEncoding.STRICT_UTF8, SALT, Argon2Params.FLOOR)));
        byte[] salt2 = SALT.clone();
        salt2[15] = 0;
        assertFalse(Arrays.equals(a, Argon2id.deriveKey("pass".toCharArray(), PasswordEncoding.STRICT_UTF8, salt2, Argon2Params.FLOOR)));
        assertFalse(Arrays.equals(a, Argon2id.deriveKey("pass".toCharArray(), PasswordEncoding.STRICT_UTF8, SALT,
                new Argon2Params(19 * 1024, 3, 1))));
    }

    @Test
    void oneFloorAndOneCeiling() {
        assertNull(Argon2Params.FLOOR.problem());
        assertEquals(new Argon2Params(19 * 1024, 2, 1), Argon2Params.FLOOR);
        assertNull(new Argon2Params(1024 * 1024, 20, 8).problem(), "the widest an earlier Tutela wrote");
        assertNull(new Argon2Params(256 * 1024, 16, 1).problem(), "the most the vault's calibration chooses");
        assertNotNull(new Argon2Params(19 * 1024 - 1, 2, 1).problem());
        assertNotNull(new Argon2Params(19 * 1024, 1, 1).problem());
        assertNotNull(new Argon2Params(19 * 1024, 2, 0).problem());
        assertNotNull(new Argon2Params(1024 * 1024 + 1, 2, 1).problem());
        assertNotNull(new Argon2Params(19 * 1024, 21, 1).problem());
        assertNotNull(new Argon2Params(19 * 1024, 2, 9).problem());
        assertThrows(Argon2Params.Unusable.class, () -> new Argon2Params(4096, 2, 1).requireUsable());
    }

    @Test
    void parametersOutOfRangeAreRefusedBeforeAnyDerivation() {
        // one flipped bit in a stored field: each would otherwise run for minutes or hours
        int[][] flipped = {{19 * 1024 | 1 << 30, 2, 1}, {19 * 1024, 2 | 1 << 20, 1}, {19 * 1024, 2, 1 | 1 << 8}, {-1, 2, 1}};
        for (int[] f : flipped) {
            Argon2Params p = new Argon2Params(f[0], f[1], f[2]);
            long start = System.nanoTime();
            assertThrows(Argon2Params.Unusable.class, () -> Argon2id.deriveKey("pass".toCharArray(), PasswordEncoding.STRICT_UTF8, SALT, p));
            assertThrows(Argon2Params.Unusable.class, () -> Argon2id.deriveToUpgrade("pass".toCharArray(), PasswordEncoding.LENIENT_UTF8, SALT, p, 32));
            assertTrue(System.nanoTime() - start < 1_000_000_000L, p + " refused before deriving");
        }
    }

    @Test
    void onlyTheUpgradePathGoesBelowTheFloorAndOnlyToTheOldestServerHashes() {
        Argon2Params oldest = new Argon2Params(8 * 1024, 1, 1);
        assertThrows(Argon2Params.Unusable.class,
                () -> Argon2id.derive("pass".toCharArray(), PasswordEncoding.LENIENT_UTF8, SALT, oldest, 32));
        assertEquals(32, Argon2id.deriveToUpgrade("pass".toCharArray(), PasswordEncoding.LENIENT_UTF8, SALT, oldest, 32).length);
        assertThrows(Argon2Params.Unusable.class, () -> Argon2id.deriveToUpgrade("pass".toCharArray(), PasswordEncoding.LENIENT_UTF8,
                SALT, new Argon2Params(8 * 1024 - 1, 1, 1), 32));
    }

    @Test
    void aKeyNeedsASixteenByteSalt() {
        assertThrows(IllegalArgumentException.class,
                () -> Argon2id.deriveKey("pass".toCharArray(), PasswordEncoding.STRICT_UTF8, new byte[15], Argon2Params.FLOOR));
        assertThrows(IllegalArgumentException.class,
                () -> Argon2id.deriveKey("pass".toCharArray(), PasswordEncoding.STRICT_UTF8, null, Argon2Params.FLOOR));
    }

    @Test
    void calibrationIsNeverBelowTheFloorNorAboveTheCeiling() {
        Argon2Params p = Argon2Calibration.calibrate(50);
        assertNull(p.problem(), p.toString());
        assertEquals(1, p.parallelism());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
