package org.tutela.sync.server.escrow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import org.tutela.crypto.AesGcm;
import org.tutela.crypto.Argon2Params;
import org.tutela.crypto.Argon2id;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.Sealing;

/**
 * The safeguarding lead's private key at rest: the raw X25519 key encrypted with AES-256-GCM under
 * Argon2id(passphrase), the public key and parameters in the clear (and bound as associated data).
 * Written once, owner-only (0600 where the file system has POSIX permissions), never over a file.
 */
public final class EscrowKeyFile {
    public static final String FORMAT = "tutela-escrow-private-key";
    public static final int VERSION = 1;
    static final int MAX_FILE_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = Sealing.json();

    /** The file's JSON. Byte arrays are base64. */
    public record Stored(String format, int version, String keyId, byte[] publicKey, String kdf, int kdfVersion,
                         int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] nonce, byte[] ciphertext) {
    }

    /** The passphrase does not open the key file (or the file was altered). */
    public static final class WrongPassphraseException extends RuntimeException {
        WrongPassphraseException() {
            super("That passphrase does not open the private key file");
        }
    }

    private EscrowKeyFile() {
    }

    public static void write(Path file, EscrowKeys.KeyPair pair, char[] passphrase, Argon2Params params) throws IOException {
        params.requireUsable();
        byte[] salt = Argon2id.newSalt();
        byte[] nonce = AesGcm.newNonce();
        byte[] kek = passphraseKey(passphrase, salt, params);
        byte[] ciphertext;
        try {
            ciphertext = AesGcm.seal(kek, nonce, aad(pair.publicKey(), params), pair.privateKey());
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        Stored stored = new Stored(FORMAT, VERSION, EscrowKeys.keyId(pair.publicKey()), pair.publicKey(), Argon2id.TYPE,
                Argon2id.VERSION, params.memoryKiB(), params.iterations(), params.parallelism(), salt, nonce, ciphertext);
        writeOwnerOnly(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored));
    }

    /**
     * Reads and decrypts the private key (32 bytes; the caller wipes it).
     *
     * @throws WrongPassphraseException the passphrase does not open it
     * @throws IOException unreadable, or not a key file (with the reason)
     */
    public static byte[] read(Path file, char[] passphrase) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("Not a Tutela escrow private key file (too large): " + file);
        }
        Stored s;
        try {
            s = JSON.readValue(Files.readAllBytes(file), Stored.class);
        } catch (IOException e) {
            throw new IOException("Not a Tutela escrow private key file: " + file);
        }
        if (!FORMAT.equals(s.format()) || s.version() != VERSION || !Argon2id.TYPE.equals(s.kdf())
                || s.kdfVersion() != Argon2id.VERSION || s.publicKey() == null || s.publicKey().length != EscrowKeys.KEY_BYTES
                || s.salt() == null || s.salt().length != Argon2id.SALT_BYTES
                || s.nonce() == null || s.nonce().length != AesGcm.NONCE_BYTES
                || s.ciphertext() == null || s.ciphertext().length != EscrowKeys.KEY_BYTES + AesGcm.TAG_BYTES) {
            throw new IOException("Not a Tutela escrow private key file, or one from another version: " + file);
        }
        Argon2Params params = new Argon2Params(s.memoryKiB(), s.iterations(), s.parallelism());
        if (params.problem() != null) {
            throw new IOException("The key file's Argon2id parameters are out of range (" + params.problem() + "): " + file);
        }
        byte[] kek = passphraseKey(passphrase, s.salt(), params);
        byte[] privateKey;
        try {
            privateKey = AesGcm.open(kek, s.nonce(), aad(s.publicKey(), params), s.ciphertext());
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException();
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        if (!MessageDigest.isEqual(EscrowKeys.publicKeyOf(privateKey), s.publicKey())) {
            Arrays.fill(privateKey, (byte) 0);
            throw new IOException("The key file's private and public keys do not match: " + file);
        }
        return privateKey;
    }

    /** Creates {@code file} (never over an existing one), readable and writable by its owner only. */
    static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(ownerOnly)}
                : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
        if (posix) {
            Files.setPosixFilePermissions(file, ownerOnly); // in case the umask narrowed the create
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC)) {
            out.write(bytes);
        }
    }

    /**
     * The key that encrypts the private key: Argon2id of the passphrase as strict UTF-8. The caller wipes it.
     *
     * @throws IllegalArgumentException an empty passphrase
     */
    private static byte[] passphraseKey(char[] passphrase, byte[] salt, Argon2Params params) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("The password must not be empty");
        }
        return Argon2id.deriveKey(passphrase, Argon2id.PasswordEncoding.STRICT_UTF8, salt, params);
    }

    private static byte[] aad(byte[] publicKey, Argon2Params p) {
        String text = FORMAT + "|" + VERSION + "|" + java.util.Base64.getEncoder().encodeToString(publicKey) + "|"
                + p.memoryKiB() + "|" + p.iterations() + "|" + p.parallelism();
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
