package org.tutela.sync.protocol.sealed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** The safeguarding lead's X25519 key pair: raw 32-byte keys, the public one shared as base64. */
public final class EscrowKeys {
    public static final int KEY_BYTES = 32;

    private EscrowKeys() {
    }

    /** A key pair: {@code privateKey} must be wiped by the caller (see {@link KeyPair#wipe()}). */
    public record KeyPair(byte[] publicKey, byte[] privateKey) {
        public void wipe() {
            Arrays.fill(privateKey, (byte) 0);
        }

        public String publicKeyBase64() {
            return Base64.getEncoder().encodeToString(publicKey);
        }
    }

    public static KeyPair generate(SecureRandom random) {
        X25519PrivateKeyParameters privateKey = new X25519PrivateKeyParameters(random);
        return new KeyPair(privateKey.generatePublicKey().getEncoded(), privateKey.getEncoded());
    }

    public static byte[] publicKeyOf(byte[] privateKey) {
        requireKey(privateKey, "private");
        return new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
    }

    /**
     * Decodes a base64 public key as configured in the organisation's settings.
     *
     * @throws IllegalArgumentException not base64 or not 32 bytes
     */
    public static byte[] decodePublicKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("No public key");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The public key is not base64");
        }
        requireKey(key, "public");
        if (isAllZero(key) || !agrees(key)) {
            throw new IllegalArgumentException("The public key is not a usable X25519 key");
        }
        return key;
    }

    /** The key's short name: the first 8 bytes of SHA-256 of the public key, hex. */
    public static String keyId(byte[] publicKey) {
        requireKey(publicKey, "public");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("tutela.escrow.key-id".getBytes(StandardCharsets.US_ASCII));
            sha.update(publicKey);
            return HexFormat.of().formatHex(Arrays.copyOf(sha.digest(), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void requireKey(byte[] key, String what) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("An X25519 " + what + " key is " + KEY_BYTES + " bytes");
        }
    }

    /** A low-order point gives an all-zero shared secret, which Bouncy Castle refuses: such a key could never be sealed to. */
    private static boolean agrees(byte[] publicKey) {
        try {
            byte[] secret = new byte[KEY_BYTES];
            new X25519PrivateKeyParameters(new SecureRandom()).generateSecret(new X25519PublicKeyParameters(publicKey, 0), secret, 0);
            Arrays.fill(secret, (byte) 0);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static boolean isAllZero(byte[] key) {
        int or = 0;
        for (byte b : key) {
            or |= b;
        }
        return or == 0;
    }
}
