package org.tutela.app.vault;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Wraps the 32-byte data key under the key-encryption key with AES-256-GCM (a fresh 96-bit nonce
 * per wrap) and the header's identity as associated data (see {@link VaultHeader#wrapAad}).
 */
final class KeyWrap {
    private KeyWrap() {
    }

    static byte[] wrap(byte[] kek, byte[] nonce, byte[] dataKey, byte[] aad) {
        AesKey key = new AesKey(kek.clone());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(dataKey);
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not wrap the data key", e);
        } finally {
            key.destroy();
        }
    }

    /** The data key, or null if this key-encryption key (this passphrase) does not unwrap it. */
    static byte[] unwrap(byte[] kek, byte[] nonce, byte[] wrapped, byte[] aad) {
        AesKey key = new AesKey(kek.clone());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            byte[] out = cipher.doFinal(wrapped);
            if (out.length != 32) {
                Arrays.fill(out, (byte) 0);
                return null;
            }
            return out;
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new VaultException("Could not unwrap the data key", e);
        } finally {
            key.destroy();
        }
    }
}
