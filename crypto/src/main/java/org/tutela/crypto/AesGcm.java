package org.tutela.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One-shot AES-256-GCM with the JDK's cipher (SunJCE, hardware AES): a 32-byte key, a 96-bit
 * nonce, a 128-bit tag, and associated data that binds what the ciphertext belongs to. The one
 * seal and open for wrapping keys (the vault's data key, a confidential tutorial's content key
 * under its password, the lead's private key in its file) and for a sealed tutorial's content.
 * The vault's per-record cipher, which reuses one {@link Cipher} for every record, stays in the vault.
 */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    /** Encrypts {@code plaintext}: the ciphertext with its tag appended. The nonce must never be used twice with the key. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            return run(Cipher.ENCRYPT_MODE, key, nonce, aad, plaintext);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("encryption cannot fail authentication", e);
        }
    }

    /**
     * Decrypts and authenticates. Nothing is returned unless the tag verifies.
     *
     * @throws AEADBadTagException another key, another associated data, or an altered ciphertext
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
        if (ciphertext == null || ciphertext.length < TAG_BYTES) {
            throw new AEADBadTagException("shorter than a GCM tag");
        }
        return run(Cipher.DECRYPT_MODE, key, nonce, aad, ciphertext);
    }

    /** A fresh random 96-bit nonce. */
    public static byte[] newNonce() {
        return random(NONCE_BYTES);
    }

    /** A fresh random 256-bit key (the caller wipes it). */
    public static byte[] newKey() {
        return random(KEY_BYTES);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] run(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) throws AEADBadTagException {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("An AES-256 key is " + KEY_BYTES + " bytes");
        }
        if (nonce == null || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("An AES-GCM nonce is " + NONCE_BYTES + " bytes");
        }
        WipeableKey secret = new WipeableKey(key.clone());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            cipher.init(mode, secret, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        } finally {
            secret.destroy();
        }
    }
}
