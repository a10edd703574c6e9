package org.tutela.app.vault;

import java.nio.file.Path;

/**
 * An unlocked vault: one SQLite file per tutor profile, holding encrypted record envelopes.
 * Closing it is locking it: the data key is wiped and the connection closed.
 *
 * <p>API placeholder for parallel work; the implementation lands with the vault branch.
 */
public final class Vault implements AutoCloseable {

    private Vault() {
    }

    /** True if something (a vault, or a damaged file) is at {@code file}; the app never creates over it. */
    public static boolean exists(Path file) {
        return java.nio.file.Files.exists(file);
    }

    /** Creates a new vault, calibrating Argon2id to about half a second (never below the floor). */
    public static Vault create(Path file, char[] passphrase) {
        throw new UnsupportedOperationException("vault not yet implemented");
    }

    /** Creates a new vault with the given Argon2id parameters (tests use the floor). */
    public static Vault create(Path file, char[] passphrase, KdfParameters parameters) {
        throw new UnsupportedOperationException("vault not yet implemented");
    }

    /**
     * Opens (unlocks) a vault.
     *
     * @throws WrongPassphraseException the passphrase does not open it; nothing changed
     * @throws VaultDamagedException not a vault, truncated, unknown version, or tampered header
     */
    public static Vault open(Path file, char[] passphrase) {
        throw new UnsupportedOperationException("vault not yet implemented");
    }

    public RecordStore records() {
        throw new UnsupportedOperationException("vault not yet implemented");
    }

    /** Rewraps the data key under a new passphrase; a crash half-way leaves the old one working. */
    public void changePassphrase(char[] current, char[] replacement) {
        throw new UnsupportedOperationException("vault not yet implemented");
    }

    public KdfParameters kdfParameters() {
        throw new UnsupportedOperationException("vault not yet implemented");
    }

    public Path file() {
        throw new UnsupportedOperationException("vault not yet implemented");
    }

    /** Locks: wipes the data key from memory and closes the file. */
    @Override
    public void close() {
    }
}
