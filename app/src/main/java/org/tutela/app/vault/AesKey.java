package org.tutela.app.vault;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A 256-bit AES key (the data key, or a key-encryption key) that can be wiped. Unlike {@code SecretKeySpec} it can be wiped: {@link #destroy()}
 * overwrites the one array it owns. {@link #getEncoded()} hands out copies, as JCE expects.
 */
final class AesKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private volatile boolean destroyed;

    /** Takes ownership of {@code key} (does not copy it). */
    AesKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a data key is 32 bytes");
        }
        this.key = key;
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("The vault is locked");
        }
        return key.clone();
    }

    /** For the wrap step only: the array itself (the caller must not keep it). */
    byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("The vault is locked");
        }
        return key;
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Test hook: true if every byte is zero (the key was wiped). */
    boolean isAllZero() {
        for (byte b : key) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
