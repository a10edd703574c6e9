package org.tutela.app.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM envelopes under the data key, with the JDK's cipher (SunJCE, hardware AES).
 * One encrypting and one decrypting {@link Cipher} are created once per unlocked vault and
 * reused for every record; the vault's lock serialises all use, so they are never shared by two
 * threads at once. The associated data is built in a reused scratch buffer.
 *
 * <p>Record AAD: {@code "tutela.record.v1" ‖ id (16) ‖ revision (8) ‖ created µs (8) ‖
 * updated µs (8) ‖ flags (1: deleted=1, sealed=2) ‖ kind (UTF-8)} — every plaintext column of the
 * row, so a body cannot be moved to another row, revision, kind or flag without failing.
 * Local values: {@code "tutela.local.v1" ‖ key (UTF-8)}.
 */
final class RecordCipher {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final int TAG_BITS = TAG_BYTES * 8;
    private static final byte[] RECORD_TAG = "tutela.record.v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOCAL_TAG = "tutela.local.v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIDE_TAG = "tutela.side.v1".getBytes(StandardCharsets.US_ASCII);

    private final AesKey dataKey;
    private final SecureRandom random;
    private final Cipher encryptor;
    private final Cipher decryptor;
    private byte[] aad = new byte[256];
    private int aadLength;

    RecordCipher(AesKey dataKey, SecureRandom random) {
        this.dataKey = dataKey;
        this.random = random;
        try {
            this.encryptor = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            this.decryptor = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM is not available in this Java runtime", e);
        }
    }

    byte[] newNonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    void recordAad(UUID id, String kind, long revision, long createdMicros, long updatedMicros, boolean deleted, boolean sealed) {
        byte[] kindBytes = kind.getBytes(StandardCharsets.UTF_8);
        int length = RECORD_TAG.length + 16 + 8 + 8 + 8 + 1 + kindBytes.length;
        ensure(length);
        int at = 0;
        System.arraycopy(RECORD_TAG, 0, aad, at, RECORD_TAG.length);
        at += RECORD_TAG.length;
        at = putLong(at, id.getMostSignificantBits());
        at = putLong(at, id.getLeastSignificantBits());
        at = putLong(at, revision);
        at = putLong(at, createdMicros);
        at = putLong(at, updatedMicros);
        aad[at++] = (byte) ((deleted ? 1 : 0) | (sealed ? 2 : 0));
        System.arraycopy(kindBytes, 0, aad, at, kindBytes.length);
        aadLength = at + kindBytes.length;
    }

    void localAad(String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ensure(LOCAL_TAG.length + keyBytes.length);
        System.arraycopy(LOCAL_TAG, 0, aad, 0, LOCAL_TAG.length);
        System.arraycopy(keyBytes, 0, aad, LOCAL_TAG.length, keyBytes.length);
        aadLength = LOCAL_TAG.length + keyBytes.length;
    }

    /**
     * Side data kept beside a record (what sync keeps: head office's version hash, a sent entry's
     * frozen copy, a conflict's other version): {@code "tutela.side.v1" ‖ purpose ‖ id (16) ‖ n (8)},
     * so it cannot be moved to another record, row or purpose.
     */
    void sideAad(String purpose, UUID id, long n) {
        byte[] p = purpose.getBytes(StandardCharsets.US_ASCII);
        ensure(SIDE_TAG.length + p.length + 1 + 16 + 8);
        int at = 0;
        System.arraycopy(SIDE_TAG, 0, aad, at, SIDE_TAG.length);
        at += SIDE_TAG.length;
        System.arraycopy(p, 0, aad, at, p.length);
        at += p.length;
        aad[at++] = 0;
        at = putLong(at, id.getMostSignificantBits());
        at = putLong(at, id.getLeastSignificantBits());
        aadLength = putLong(at, n);
    }

    /** Encrypts under the AAD set last. */
    byte[] seal(byte[] nonce, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_BYTES];
        seal(nonce, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** Encrypts {@code length} bytes of {@code in} from {@code inOffset} into {@code out} at {@code outOffset} (length + tag), under the AAD set last. */
    void seal(byte[] nonce, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        try {
            encryptor.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            encryptor.updateAAD(aad, 0, aadLength);
            if (encryptor.doFinal(in, inOffset, length, out, outOffset) != length + TAG_BYTES) {
                throw new IllegalStateException("unexpected GCM output length");
            }
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not encrypt", e);
        }
    }

    /** Decrypts {@code length} bytes of {@code in} (ciphertext + tag) into {@code out}; false if they do not authenticate. */
    boolean open(byte[] nonce, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        if (nonce == null || nonce.length != NONCE_BYTES || length < TAG_BYTES) {
            return false;
        }
        try {
            decryptor.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            decryptor.updateAAD(aad, 0, aadLength);
            return decryptor.doFinal(in, inOffset, length, out, outOffset) == length - TAG_BYTES;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not decrypt", e);
        }
    }

    /** Decrypts under the AAD set last; null if the envelope does not authenticate or is malformed. */
    byte[] open(byte[] nonce, byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < TAG_BYTES) {
            return null;
        }
        byte[] out = new byte[ciphertext.length - TAG_BYTES];
        return open(nonce, ciphertext, 0, ciphertext.length, out, 0) ? out : null;
    }

    /** Drops the key schedule the ciphers hold by re-keying them with a throwaway key. */
    void forget() {
        byte[] junk = new byte[32];
        random.nextBytes(junk);
        AesKey throwaway = new AesKey(junk);
        try {
            encryptor.init(Cipher.ENCRYPT_MODE, throwaway, new GCMParameterSpec(TAG_BITS, newNonce()));
            decryptor.init(Cipher.DECRYPT_MODE, throwaway, new GCMParameterSpec(TAG_BITS, newNonce()));
        } catch (GeneralSecurityException ignored) {
            // best effort: the vault is being locked either way
        } finally {
            throwaway.destroy();
            java.util.Arrays.fill(aad, (byte) 0);
        }
    }

    private void ensure(int length) {
        if (aad.length < length) {
            aad = new byte[Math.max(length, aad.length * 2)];
        }
    }

    private int putLong(int at, long v) {
        for (int i = 7; i >= 0; i--) {
            aad[at++] = (byte) (v >>> (i * 8));
        }
        return at;
    }
}
