package org.tutela.sync.server.secondfactor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps compute them (RFC 6238 over RFC 4226):
 * HMAC-SHA-1 of the number of 30-second steps since 1970, truncated to 6 digits; secrets of 160
 * random bits, shown to people in base32. SHA-1 is what the apps expect by default; HOTP's use
 * of it relies only on HMAC, which SHA-1's collisions do not break.
 */
public final class Totp {
    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    public static final int SECRET_BYTES = 20;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    /** The 30-second step that {@code epochMillis} falls in. */
    public static long step(long epochMillis) {
        return Math.floorDiv(epochMillis, PERIOD_SECONDS * 1000L);
    }

    /** The 6-digit code of {@code step} under {@code secret}. */
    public static String code(byte[] secret, long step) {
        byte[] counter = new byte[8];
        for (int i = 7; i >= 0; i--) {
            counter[i] = (byte) (step >>> (8 * (7 - i)));
        }
        byte[] h;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            h = mac.doFinal(counter);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-1 is not available in this Java runtime", e);
        }
        int offset = h[h.length - 1] & 0x0f;
        int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    }

    /** True if {@code typed} is the code of {@code step} (compared in constant time). */
    static boolean matches(byte[] secret, long step, String typed) {
        return MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), typed.getBytes(StandardCharsets.US_ASCII));
    }

    /** Six digits, spaces allowed between them ("123 456"), as a code is typed. */
    public static String normalise(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "");
    }

    public static boolean looksLikeCode(String normalised) {
        return normalised.length() == DIGITS && normalised.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    public static byte[] newSecret() {
        byte[] s = new byte[SECRET_BYTES];
        RANDOM.nextBytes(s);
        return s;
    }

    /** RFC 4648 base32 without padding, as authenticator apps take a secret. */
    public static String base32(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : bytes) {
            buffer = (buffer << 8) | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                b.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            b.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return b.toString();
    }

    /** The inverse of {@link #base32}; spaces and case are ignored. */
    public static byte[] fromBase32(String text) {
        String s = text.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT);
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : s.toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("Not base32: " + c);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    /** The secret in groups of four letters, easier to type: "ABCD EFGH ...". */
    public static String grouped(String base32) {
        return base32.replaceAll("(.{4})(?!$)", "$1 ");
    }

    /**
     * The {@code otpauth://} URI an authenticator app reads from the QR code: the issuer and the
     * account name it shows, the secret, and the parameters spelled out.
     */
    public static String uri(String issuer, String account, byte[] secret) {
        String label = enc(issuer) + ":" + enc(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + enc(issuer) + "&algorithm=SHA1&digits=" + DIGITS
                + "&period=" + PERIOD_SECONDS;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
