package org.tutela.sync.server;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.tutela.crypto.Argon2Params;
import org.tutela.crypto.Argon2id;
import org.tutela.crypto.Argon2id.PasswordEncoding;

/**
 * Argon2id password hashes ({@link Argon2id}), stored in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. New hashes use the common floor
 * ({@link Argon2Params#FLOOR}). Parameters read back are range-checked before deriving, so a
 * damaged row cannot make a login run for ever.
 *
 * <p>A hash stored under the server's older, lower floor (down to m=8 MiB, t=1) still verifies,
 * and {@link #needsRehash} tells the login to store a new hash at the floor in its place.
 * Passwords are encoded as the server always has ({@link PasswordEncoding#LENIENT_UTF8}), so every
 * stored hash still matches its password.
 */
public final class Passwords {
    /** The parameters of every new hash. */
    static final Argon2Params CURRENT = Argon2Params.FLOOR;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** A valid hash of a random password: verifying against it costs the same as a real check. */
    private static final String DUMMY = hash(new char[] {'x'});

    private Passwords() {
    }

    public static String hash(char[] password) {
        byte[] salt = Argon2id.newSalt();
        byte[] out = Argon2id.derive(password, PasswordEncoding.LENIENT_UTF8, salt, CURRENT, HASH_BYTES);
        return "$argon2id$v=19$m=" + CURRENT.memoryKiB() + ",t=" + CURRENT.iterations() + ",p=" + CURRENT.parallelism() + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Constant-time check; a malformed stored hash never matches. */
    public static boolean verify(char[] password, String stored) {
        Stored s = parse(stored);
        if (s == null) {
            return false;
        }
        try {
            // below the floor: an older hash, checked only so that the login can replace it
            byte[] actual = s.params().usable()
                    ? Argon2id.derive(password, PasswordEncoding.LENIENT_UTF8, s.salt(), s.params(), s.hash().length)
                    : Argon2id.deriveToUpgrade(password, PasswordEncoding.LENIENT_UTF8, s.salt(), s.params(), s.hash().length);
            return MessageDigest.isEqual(actual, s.hash());
        } catch (RuntimeException outOfRange) {
            return false;
        }
    }

    /**
     * True if a hash that verified should be replaced by {@link #hash} of the same password: it
     * was stored under other parameters (an older, lower floor) or other sizes.
     */
    public static boolean needsRehash(String stored) {
        Stored s = parse(stored);
        return s != null && !(s.params().equals(CURRENT) && s.salt().length == SALT_BYTES && s.hash().length == HASH_BYTES);
    }

    /** Spends the time of one verification, for unknown users. */
    public static void burn(char[] password) {
        verify(password, DUMMY);
    }

    private record Stored(Argon2Params params, byte[] salt, byte[] hash) {
    }

    /** The stored hash's parts, or null if it is not an Argon2id v1.3 PHC string of sane sizes. */
    private static Stored parse(String stored) {
        try {
            String[] parts = stored.split("\\$");
            if (parts.length != 6 || !parts[1].equals(Argon2id.TYPE) || !parts[2].equals("v=19")) {
                return null;
            }
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=");
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> {
                        return null;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] hash = B64D.decode(parts[5]);
            if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
                Arrays.fill(hash, (byte) 0);
                return null;
            }
            return new Stored(new Argon2Params(m, t, p), salt, hash);
        } catch (RuntimeException malformed) {
            return null;
        }
    }
}
