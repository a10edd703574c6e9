package org.tutela.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (Bouncy Castle, version 0x13): the one implementation of a password to a key or a
 * password hash. Parameters are range-checked ({@link Argon2Params#requireUsable()}) before any
 * derivation, so parameters read from a damaged file cannot make it run for hours.
 */
public final class Argon2id {
    /** The type's name as the vault header, the sealed envelope and the key file store it. */
    public static final String TYPE = "argon2id";
    public static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;
    public static final int SALT_BYTES = 16;
    public static final int KEY_BYTES = 32;

    /**
     * The lowest parameters the server's password hashes were ever accepted at (m=8 MiB, t=1,
     * p=1). Only {@link #deriveToUpgrade} goes below the floor, and only down to here.
     */
    public static final Argon2Params OLDEST_SERVER_HASHES = new Argon2Params(8 * 1024, 1, 1);

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How a password's characters become the bytes Argon2id hashes. Every well-formed password is
     * its UTF-8 bytes under both; they differ only for a lone UTF-16 surrogate, which only the
     * server has ever been sent (a JSON {@code \ud800} escape). Each store keeps the one its
     * files were written with, so that every stored password still matches.
     */
    public enum PasswordEncoding {
        /** A lone surrogate is refused (the vault, confidential tutorials, the lead's key file). */
        STRICT_UTF8(CodingErrorAction.REPORT),
        /** A lone surrogate becomes '?' (the server's password hashes, as they always were). */
        LENIENT_UTF8(CodingErrorAction.REPLACE);

        private final CodingErrorAction onError;

        PasswordEncoding(CodingErrorAction onError) {
            this.onError = onError;
        }

        /**
         * The password's bytes, without going through an immutable String. The caller wipes them.
         *
         * @throws IllegalArgumentException (strict) the password holds a lone surrogate
         */
        public byte[] encode(char[] password) {
            CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(onError).onUnmappableCharacter(onError);
            ByteBuffer buffer = null;
            try {
                buffer = encoder.encode(CharBuffer.wrap(password));
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("The password contains characters that cannot be encoded", e);
            } finally {
                if (buffer != null && buffer.hasArray()) {
                    Arrays.fill(buffer.array(), (byte) 0);
                }
            }
        }
    }

    private Argon2id() {
    }

    /**
     * A 32-byte key from the password and a 16-byte salt. The caller wipes the result.
     *
     * @throws Argon2Params.Unusable parameters outside the floor and the ceiling
     * @throws IllegalArgumentException a salt that is not 16 bytes, or (strict) a lone surrogate
     */
    public static byte[] deriveKey(char[] password, PasswordEncoding encoding, byte[] salt, Argon2Params params) {
        if (salt == null || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("The Argon2id salt must be " + SALT_BYTES + " bytes");
        }
        return derive(password, encoding, salt, params, KEY_BYTES);
    }

    /**
     * {@code length} bytes from the password and a salt of 8 to 64 bytes (a password hash). The
     * caller wipes the result.
     *
     * @throws Argon2Params.Unusable parameters outside the floor and the ceiling
     * @throws IllegalArgumentException a salt or length out of range, or (strict) a lone surrogate
     */
    public static byte[] derive(char[] password, PasswordEncoding encoding, byte[] salt, Argon2Params params, int length) {
        Objects.requireNonNull(params, "params").requireUsable();
        return run(password, encoding, salt, params, length);
    }

    /**
     * Like {@link #derive}, but also for parameters below the floor down to
     * {@link #OLDEST_SERVER_HASHES}: only to check a password against a hash stored under an
     * older, lower floor, so that it can be re-hashed at the floor at once. Never to make a key or
     * a new hash.
     */
    public static byte[] deriveToUpgrade(char[] password, PasswordEncoding encoding, byte[] salt, Argon2Params params, int length) {
        Objects.requireNonNull(params, "params");
        Argon2Params oldest = OLDEST_SERVER_HASHES;
        if (params.memoryKiB() < oldest.memoryKiB() || params.iterations() < oldest.iterations()
                || params.parallelism() < oldest.parallelism()) {
            throw new Argon2Params.Unusable("the Argon2id parameters are below the oldest ever accepted: " + params);
        }
        String above = params.aboveCeiling();
        if (above != null) {
            throw new Argon2Params.Unusable(above + ": " + params);
        }
        return run(password, encoding, salt, params, length);
    }

    /** A fresh random 16-byte salt. */
    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    private static byte[] run(char[] password, PasswordEncoding encoding, byte[] salt, Argon2Params params, int length) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(encoding, "encoding");
        if (salt == null || salt.length < 8 || salt.length > 64) {
            throw new IllegalArgumentException("An Argon2id salt is 8 to 64 bytes");
        }
        if (length < 16 || length > 64) {
            throw new IllegalArgumentException("An Argon2id output is 16 to 64 bytes");
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(VERSION)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] bytes = encoding.encode(password);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(bytes, out);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            parameters.clear();
        }
        return out;
    }
}
