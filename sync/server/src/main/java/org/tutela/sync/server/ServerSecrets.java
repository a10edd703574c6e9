package org.tutela.sync.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tutela.crypto.AesGcm;

/**
 * The key that keeps the secrets the server must read back out of its database: console users'
 * TOTP secrets and the SMTP password. 32 random bytes in {@code <data-dir>/secrets/secrets.key},
 * made owner-only (0600, its folder 0700) on first start, like the escrow audit log's key. A
 * copy of the database alone (a backup, a PostgreSQL dump, a reporting role) gives none of these
 * secrets back: they are sealed with AES-256-GCM under a key derived from this one, bound to
 * what they are and whose ({@link #seal}). Recovery codes are kept as HMAC-SHA-256 under another
 * derived key ({@link #recoveryCodeHash}), so a copy of the database cannot test guesses either.
 *
 * <p>Lose the file and the sealed secrets are lost with it: every second factor must then be reset
 * ({@code reset-second-factor}) and the SMTP password typed again. Several server instances on
 * one database need the same file.
 */
public final class ServerSecrets {
    public static final String FOLDER = "secrets";
    public static final String KEY_FILE = "secrets.key";
    private static final int KEY_BYTES = 32;
    private static final String VERSION = "v1:";

    private final byte[] sealingKey;
    private final byte[] recoveryKey;

    private ServerSecrets(byte[] master) {
        this.sealingKey = derive(master, "tutela.sealed-secrets.v1");
        this.recoveryKey = derive(master, "tutela.recovery-codes.v1");
    }

    /** A value could not be opened: another key (the file was replaced or lost) or an altered value. */
    public static final class UnreadableSecretException extends Exception {
        UnreadableSecretException(String what) {
            super("A sealed " + what + " could not be opened with the data folder's secrets key (was " + FOLDER + "/" + KEY_FILE
                    + " replaced or lost?)");
        }
    }

    /** The data folder's key, made on first use. */
    public static ServerSecrets load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FOLDER).resolve(KEY_FILE);
        if (!Files.exists(file)) {
            byte[] fresh = AesGcm.newKey();
            try {
                DataFolder.createPrivateFile(file);
                Files.write(file, fresh, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            } catch (FileAlreadyExistsException raced) {
                // another instance or command made it first: read theirs
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
        }
        byte[] master = Files.readAllBytes(file);
        try {
            if (master.length != KEY_BYTES) {
                throw new IOException("The secrets key " + FOLDER + "/" + KEY_FILE + " in the data folder is damaged (it must be "
                        + KEY_BYTES + " bytes)");
            }
            return new ServerSecrets(master);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /**
     * Seals {@code plaintext} as text for a database column. {@code purpose} and {@code subject}
     * (what it is and whose: "totp", a user id) are bound to it, so a sealed value moved to another
     * row or column does not open.
     */
    public String seal(String purpose, String subject, byte[] plaintext) {
        byte[] nonce = AesGcm.newNonce();
        byte[] sealed = AesGcm.seal(sealingKey, nonce, aad(purpose, subject), plaintext);
        byte[] out = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
        return VERSION + Base64.getEncoder().encodeToString(out);
    }

    /** Opens what {@link #seal} made for the same purpose and subject; the caller wipes the result. */
    public byte[] open(String purpose, String subject, String sealed) throws UnreadableSecretException {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new UnreadableSecretException(purpose);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException(purpose);
        }
        if (raw.length < AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES) {
            throw new UnreadableSecretException(purpose);
        }
        try {
            return AesGcm.open(sealingKey, Arrays.copyOf(raw, AesGcm.NONCE_BYTES), aad(purpose, subject),
                    Arrays.copyOfRange(raw, AesGcm.NONCE_BYTES, raw.length));
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException(purpose);
        }
    }

    /** The keyed hash a recovery code is stored as (hex), bound to its user. */
    public String recoveryCodeHash(String userId, String normalisedCode) {
        return HexFormat.of().formatHex(hmac(recoveryKey, (userId + "\n" + normalisedCode).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] aad(String purpose, String subject) {
        return ("tutela.sealed\n" + purpose + "\n" + subject).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] derive(byte[] master, String label) {
        return hmac(master, label.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this Java runtime", e);
        }
    }
}
