package org.tutela.app.vault;

import java.nio.file.Path;

/**
 * The vault was written by a newer version of Tutela (its format is one this version does not know):
 * nothing is wrong with it, this version cannot read it. The file is left as it is; the tutor
 * installs the newer version again. Never to be reported as damage, which would send them to a backup.
 */
public final class VaultFromNewerVersionException extends VaultDamagedException {
    private final int format;

    public VaultFromNewerVersionException(Path file, int format) {
        super(file, "it was written by a newer version of Tutela (format v" + format + ")", null);
        this.format = format;
    }

    public int format() {
        return format;
    }
}
