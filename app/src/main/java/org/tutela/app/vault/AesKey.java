package org.tutela.app.vault;

import org.tutela.crypto.WipeableKey;

/** A 256-bit AES key of the vault (the data key): wiped when the vault locks. */
final class AesKey extends WipeableKey {
    private static final long serialVersionUID = 1L;

    /** Takes ownership of {@code key} (does not copy it). */
    AesKey(byte[] key) {
        super(key);
    }

    /** For the wrap step only: the array itself (the caller must not keep it). */
    byte[] bytes() {
        return array();
    }

    @Override
    protected String wipedMessage() {
        return "The vault is locked";
    }
}
