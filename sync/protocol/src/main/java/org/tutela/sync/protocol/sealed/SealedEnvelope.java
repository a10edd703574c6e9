package org.tutela.sync.protocol.sealed;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.tutela.crypto.Argon2Params;

/**
 * A confidential tutorial as it is stored, synced and exported: the paper "sealed envelope".
 *
 * <p>The {@link Header} is plaintext (what head office and every list may show: learner, tutor,
 * date, "Confidential tutorial"). The content is AES-256-GCM ciphertext under a random 256-bit
 * content key, with the header as associated data, so the header cannot be changed or swapped
 * without the content failing to open. The content key is wrapped (a) under an Argon2id key from
 * the tutorial's own password ({@link PasswordWrap}) and (b) optionally to the safeguarding lead's
 * X25519 public key with HPKE ({@link EscrowWrap}). Byte arrays are base64 in JSON.
 *
 * <p>Made and opened only by {@link Sealing}; this record is just the format.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SealedEnvelope(
        String format,
        int version,
        Header header,
        Content content,
        PasswordWrap passwordWrap,
        EscrowWrap escrowWrap) {

    public static final String FORMAT = "tutela-sealed-envelope";
    public static final int VERSION = 1;
    public static final String LABEL = "Confidential tutorial";

    /**
     * What may be seen without opening it.
     *
     * @param envelopeId the tutorial's id
     * @param learnerId the learner (null for a group session)
     * @param groupId the group, if any
     * @param tutor who gave the tutorial
     * @param date the tutorial's date
     * @param tutorialKind the kind of tutorial (so it still counts for entitlement), e.g. ONE_TO_ONE_REVIEW
     * @param outcome planned / held / cancelled / did not attend (so it still counts for entitlement)
     * @param label always "Confidential tutorial"
     * @param sealedAt when it was (last) sealed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Header(UUID envelopeId, UUID learnerId, UUID groupId, String tutor, LocalDate date,
                         String tutorialKind, String outcome, String label, Instant sealedAt) {
    }

    /** AES-256-GCM: a 96-bit nonce and the ciphertext with its 128-bit tag. */
    public record Content(String cipher, byte[] nonce, byte[] ciphertext) {
    }

    /** The content key under AES-256-GCM with a key from Argon2id(password, salt, parameters). */
    public record PasswordWrap(String kdf, int kdfVersion, int memoryKiB, int iterations, int parallelism,
                               byte[] salt, byte[] nonce, byte[] wrappedKey) {
        public Argon2Params params() {
            return new Argon2Params(memoryKiB, iterations, parallelism);
        }
    }

    /**
     * The content key sealed with HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256),
     * HKDF-SHA256, AES-256-GCM) to the safeguarding lead's public key.
     *
     * @param keyId names the lead's key pair (the first 8 bytes of SHA-256 of the public key, hex)
     * @param enc the HPKE encapsulated key (32 bytes)
     */
    public record EscrowWrap(String suite, String keyId, byte[] enc, byte[] wrappedKey) {
    }
}
