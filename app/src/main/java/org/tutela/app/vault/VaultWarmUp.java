package org.tutela.app.vault;

import java.security.SecureRandom;
import java.util.Arrays;
import org.tutela.crypto.Argon2Params;
import org.tutela.crypto.Argon2id;

/**
 * Gets the vault's parts ready before the first unlock: SQLite's native library loaded (the driver
 * extracts it from its jar and checks it byte for byte at first use), Argon2id's functions
 * compiled, and AES-GCM compiled with its hardware intrinsics by sealing and opening ten thousand
 * small envelopes under a throwaway key (in a cold JVM the first MiB of GCM runs in the
 * interpreter at a small fraction of its speed). Part of the caseload's warm-up, which runs while
 * the lock screen waits for the passphrase.
 */
public final class VaultWarmUp {
    /**
     * Many small envelopes (about a record's size) rather than a few large ones: the JIT compiles
     * by calls, and after these a 16 KiB piece opens at full speed (measured: 22 MB of snapshot
     * opened in 12 ms after 140 ms of this, against 130 ms after 400 pieces of 16 KiB).
     */
    private static final int CHUNK = 1024;
    private static final int ROUNDS = 10_000;

    private VaultWarmUp() {
    }

    public static void exercise() {
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            // the first vault opened loads it, and says what is wrong
        }
        // Argon2id's inner functions compiled before the passphrase's derivation: one at the floor (not a key for anything)
        Arrays.fill(Argon2id.deriveKey("warm-up".toCharArray(), Argon2id.PasswordEncoding.STRICT_UTF8,
                new byte[Argon2id.SALT_BYTES], Argon2Params.FLOOR), (byte) 0);
        SecureRandom random = new SecureRandom();
        byte[] keyBytes = new byte[32];
        random.nextBytes(keyBytes);
        AesKey key = new AesKey(keyBytes);
        Arrays.fill(keyBytes, (byte) 0);
        RecordCipher cipher = new RecordCipher(key, random);
        try {
            byte[] plain = new byte[CHUNK];
            for (int round = 0; round < ROUNDS; round++) {
                byte[] nonce = cipher.newNonce();
                cipher.sideAad("warm-up", new java.util.UUID(round, round), round);
                byte[] sealed = cipher.seal(nonce, plain);
                if (cipher.open(nonce, sealed) == null) {
                    throw new IllegalStateException("AES-GCM did not open what it sealed");
                }
            }
        } finally {
            cipher.forget();
            key.destroy();
        }
    }
}
