package org.tutela.crypto;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A 256-bit AES key that can be wiped: unlike {@code SecretKeySpec}, {@link #destroy()} overwrites
 * the one array it owns. {@link #getEncoded()} hands out copies, as JCE expects.
 */
public class WipeableKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private volatile boolean destroyed;

    /** Takes ownership of {@code key} (does not copy it). */
    public WipeableKey(byte[] key) {
        if (key == null || key.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("An AES-256 key is " + AesGcm.KEY_BYTES + " bytes");
        }
        this.key = key;
    }

    @Override
    public final String getAlgorithm() {
        return "AES";
    }

    @Override
    public final String getFormat() {
        return "RAW";
    }

    @Override
    public final byte[] getEncoded() {
        return array().clone();
    }

    /** The array itself, for a subclass whose caller must not keep it. */
    protected final byte[] array() {
        if (destroyed) {
            throw new IllegalStateException(wipedMessage());
        }
        return key;
    }

    /** What using the key after {@link #destroy()} says. */
    protected String wipedMessage() {
        return "This key has been wiped";
    }

    @Override
    public final void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public final boolean isDestroyed() {
        return destroyed;
    }

    /** True if every byte is zero (the key was wiped): for tests. */
    public final boolean isAllZero() {
        for (byte b : key) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
