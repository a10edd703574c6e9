package org.tutela.app.vault;

import java.nio.file.Path;

/**
 * The vault is open in another Tutela (another window, or another user on this computer): two
 * programs writing one vault would each number changes of their own and lose some at head office.
 */
public class VaultInUseException extends VaultException {
    public VaultInUseException(Path file) {
        super("The vault " + file.getFileName() + " is already open in another Tutela; close it there first");
    }
}
