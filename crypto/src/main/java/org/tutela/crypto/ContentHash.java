package org.tutela.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The hash that names one version of a record's content, the same on laptop and server:
 * SHA-256 over a marker byte (0 for a deleted record, whose content does not count; 1 otherwise)
 * followed by the content's UTF-8 bytes, in base64url without padding (43 characters). The sync
 * protocol names versions with it ({@code org.tutela.sync.protocol.Versions}); the vault keeps it
 * for head office's version of each record.
 */
public final class ContentHash {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ContentHash() {
    }

    public static String of(boolean deleted, byte[] utf8) {
        MessageDigest sha = sha256();
        if (deleted || utf8 == null) {
            sha.update((byte) 0);
        } else {
            sha.update((byte) 1);
            sha.update(utf8);
        }
        return B64.encodeToString(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
