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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.protocol.sealed.KdfParams;
import org.tutela.sync.protocol.sealed.PasswordKdf;
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

    private static final SecureRandom RANDOM = new SecureRandom();
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

    public static void write(Path file, EscrowKeys.KeyPair pair, char[] passphrase, KdfParams params) throws IOException {
        params.requireValid();
        byte[] salt = random(PasswordKdf.SALT_BYTES);
        byte[] nonce = random(Sealing.NONCE_BYTES);
        byte[] kek = PasswordKdf.derive(passphrase, salt, params);
        byte[] ciphertext;
        try {
            ciphertext = gcm(Cipher.ENCRYPT_MODE, kek, nonce, aad(pair.publicKey(), params), pair.privateKey());
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("encryption cannot fail authentication", e);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        Stored stored = new Stored(FORMAT, VERSION, EscrowKeys.keyId(pair.publicKey()), pair.publicKey(), PasswordKdf.TYPE,
                PasswordKdf.VERSION, params.memoryKiB(), params.iterations(), params.parallelism(), salt, nonce, ciphertext);
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
        if (!FORMAT.equals(s.format()) || s.version() != VERSION || !PasswordKdf.TYPE.equals(s.kdf())
                || s.kdfVersion() != PasswordKdf.VERSION || s.publicKey() == null || s.publicKey().length != EscrowKeys.KEY_BYTES
                || s.salt() == null || s.salt().length != PasswordKdf.SALT_BYTES
                || s.nonce() == null || s.nonce().length != Sealing.NONCE_BYTES
                || s.ciphertext() == null || s.ciphertext().length != EscrowKeys.KEY_BYTES + Sealing.TAG_BYTES) {
            throw new IOException("Not a Tutela escrow private key file, or one from another version: " + file);
        }
        KdfParams params = new KdfParams(s.memoryKiB(), s.iterations(), s.parallelism());
        if (params.problem() != null) {
            throw new IOException("The key file's Argon2id parameters are out of range (" + params.problem() + "): " + file);
        }
        byte[] kek = PasswordKdf.derive(passphrase, s.salt(), params);
        byte[] privateKey;
        try {
            privateKey = gcm(Cipher.DECRYPT_MODE, kek, s.nonce(), aad(s.publicKey(), params), s.ciphertext());
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

    private static byte[] aad(byte[] publicKey, KdfParams p) {
        String text = FORMAT + "|" + VERSION + "|" + java.util.Base64.getEncoder().encodeToString(publicKey) + "|"
                + p.memoryKiB() + "|" + p.iterations() + "|" + p.parallelism();
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
