package org.tutela.sync.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;
import org.tutela.crypto.ContentHash;

/**
 * How a version of a record is named on the wire (docs/sync-protocol.md, "Versions").
 *
 * <p>Revision numbers alone cannot identify a version: after head office is restored from a
 * backup the same revision number can stand for different content. A version is therefore its
 * head-office revision together with the hash of its content, and a change names both for the
 * version it was made from ({@code baseRevision}, {@code baseHash}).
 *
 * <p>A change itself is named by its {@link #changeKey}: a retried entry is a duplicate only if
 * it is the same change (same record, same base, same content), not merely the same device
 * sequence number.
 */
public final class Versions {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** Characters of one change key (12 bytes, base64url). */
    public static final int CHANGE_KEY_LENGTH = 16;

    private Versions() {
    }

    /**
     * The hash of a record version's content ({@link ContentHash}): SHA-256 over a tombstone
     * marker or the payload's UTF-8 bytes, base64url without padding (43 characters). A
     * tombstone's payload does not count.
     */
    public static String hash(boolean deleted, String payload) {
        return ContentHash.of(deleted, payload == null ? null : payload.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #hash(boolean, String)} of a version whose payload is held as UTF-8 bytes. */
    public static String hash(boolean deleted, byte[] payloadUtf8) {
        return ContentHash.of(deleted, payloadUtf8);
    }

    /**
     * The key of one change: the record, the version it was made from and the content it brings,
     * in {@link #CHANGE_KEY_LENGTH} characters.
     */
    public static String changeKey(UUID recordId, long baseRevision, long revision, boolean deleted, String payload) {
        return changeKey(recordId, baseRevision, revision, hash(deleted, payload));
    }

    /** {@link #changeKey(UUID, long, long, boolean, String)} of a change whose content's {@link #hash} is known. */
    public static String changeKey(UUID recordId, long baseRevision, long revision, String contentHash) {
        MessageDigest sha = sha256();
        sha.update(recordId.toString().getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '|');
        sha.update(Long.toString(baseRevision).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '|');
        sha.update(Long.toString(revision).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '|');
        sha.update(contentHash.getBytes(StandardCharsets.US_ASCII));
        byte[] digest = sha.digest();
        return B64.encodeToString(java.util.Arrays.copyOf(digest, 12));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
