package org.tutela.app.confidential;

import java.time.Duration;
import org.tutela.sync.protocol.sealed.EscrowKeys;

/**
 * The organisation's safeguarding settings, kept as an encrypted record in the vault.
 *
 * @param leadPublicKey the safeguarding lead's X25519 public key (base64, from {@code escrow keygen}),
 *     or null: confidential tutorials are then sealed with their password only
 * @param dslPhone the Designated Safeguarding Lead's phone number, or null
 * @param urgentSyncThreshold how long a safeguarding concern may wait to reach head office before
 *     the tutor is told to phone (default 4 hours)
 * @param organisationName printed in the header of the tutorial form, or null
 * @param logo a PNG or JPEG printed beside the name, or null
 */
public record OrganisationSettings(String leadPublicKey, String dslPhone, Duration urgentSyncThreshold,
                                   String organisationName, byte[] logo) {
    /** The largest logo accepted: a header image, not a poster. */
    public static final int MAX_LOGO_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_THRESHOLD = Duration.ofHours(4);
    public static final Duration MIN_THRESHOLD = Duration.ofMinutes(5);
    public static final Duration MAX_THRESHOLD = Duration.ofDays(7);
    public static final OrganisationSettings DEFAULTS = new OrganisationSettings(null, null, DEFAULT_THRESHOLD);

    /** Safeguarding settings only, with no name or logo for the printed form. */
    public OrganisationSettings(String leadPublicKey, String dslPhone, Duration urgentSyncThreshold) {
        this(leadPublicKey, dslPhone, urgentSyncThreshold, null, null);
    }

    /**
     * @throws IllegalArgumentException an unusable public key, a phone number with letters, or a
     *     threshold outside 5 minutes … 7 days (the message says which)
     */
    public OrganisationSettings {
        leadPublicKey = blankToNull(leadPublicKey);
        dslPhone = blankToNull(dslPhone);
        organisationName = blankToNull(organisationName);
        if (logo != null && !isPngOrJpeg(logo)) {
            throw new IllegalArgumentException("The logo must be a PNG or JPEG picture of at most 1 MB");
        }
        urgentSyncThreshold = urgentSyncThreshold == null ? DEFAULT_THRESHOLD : urgentSyncThreshold;
        if (leadPublicKey != null) {
            EscrowKeys.decodePublicKey(leadPublicKey);
        }
        if (dslPhone != null && !dslPhone.matches("\\+?[0-9][0-9 ()\\-]{4,30}")) {
            throw new IllegalArgumentException("The phone number may hold only digits, spaces, brackets, dashes and a leading +");
        }
        if (urgentSyncThreshold.compareTo(MIN_THRESHOLD) < 0 || urgentSyncThreshold.compareTo(MAX_THRESHOLD) > 0) {
            throw new IllegalArgumentException("The time allowed must be between 5 minutes and 7 days");
        }
    }

    /** The lead's raw public key, or null if none is configured. */
    public byte[] escrowPublicKey() {
        return leadPublicKey == null ? null : EscrowKeys.decodePublicKey(leadPublicKey);
    }

    /** The short name of the configured key (as {@code escrow keygen} prints it), or null. */
    public String leadKeyId() {
        return leadPublicKey == null ? null : keyIdOf(leadPublicKey);
    }

    /**
     * The short name of a safeguarding lead's public key given as base64 (as {@code escrow keygen}
     * prints it).
     *
     * @throws IllegalArgumentException not a usable public key
     */
    public static String keyIdOf(String leadPublicKey) {
        return EscrowKeys.keyId(EscrowKeys.decodePublicKey(leadPublicKey));
    }

    /** PNG or JPEG by its first bytes, and not too big. */
    public static boolean isPngOrJpeg(byte[] image) {
        if (image.length < 4 || image.length > MAX_LOGO_BYTES) {
            return false;
        }
        boolean png = (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G';
        boolean jpeg = (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8;
        return png || jpeg;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
