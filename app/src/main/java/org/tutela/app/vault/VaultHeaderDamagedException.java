package org.tutela.app.vault;

import java.nio.file.Path;

/**
 * The vault's header (the key settings: Argon2 parameters, salt, wrapped key) no longer matches
 * its checksum: it was damaged or edited. Said before any passphrase is tried, so a damaged header
 * is never reported as a wrong passphrase. The file is left as it is; restore it from a backup.
 */
public final class VaultHeaderDamagedException extends VaultDamagedException {
    public VaultHeaderDamagedException(Path file) {
        super(file, "its header (the settings that turn the passphrase into its key) is damaged or was changed;"
                + " no passphrase can open it as it is: restore the vault from a backup", null);
    }
}
