package org.tutela.sync.protocol.sealed;

import java.util.Objects;
import org.bouncycastle.crypto.PasswordConverter;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (Bouncy Castle, version 0x13) from a password to a 256-bit key; parameters range-checked first. */
public final class PasswordKdf {
    public static final String TYPE = "argon2id";
    public static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;
    public static final int SALT_BYTES = 16;
    public static final int KEY_BYTES = 32;

    private PasswordKdf() {
    }

    /**
     * @throws EnvelopeDamagedException parameters outside the accepted range, or a salt of the wrong size
     * @throws IllegalArgumentException an empty password
     */
    public static byte[] derive(char[] password, byte[] salt, KdfParams params) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("The password must not be empty");
        }
        if (salt == null || salt.length != SALT_BYTES) {
            throw new EnvelopeDamagedException("The Argon2id salt must be " + SALT_BYTES + " bytes");
        }
        Objects.requireNonNull(params, "params").requireValid();
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(VERSION)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(salt)
                .withCharToByteConverter(PasswordConverter.UTF8)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] key = new byte[KEY_BYTES];
        generator.generateBytes(password, key);
        parameters.clear();
        return key;
    }
}
