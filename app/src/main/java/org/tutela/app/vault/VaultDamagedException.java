package org.tutela.app.vault;

import java.nio.file.Path;

/**
 * The file is not a readable vault: truncated, not SQLite, an unknown format version, or a header
 * that was tampered with (for example Argon2 parameters below the floor). The file is left as it is.
 */
public class VaultDamagedException extends VaultException {
    private final Path file;

    public VaultDamagedException(Path file, String reason, Throwable cause) {
        super("The vault file " + file + " cannot be opened: " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
