package org.tutela.app.vault;

/** Base of the vault's checked-at-the-edge failures. Messages never carry record content. */
public class VaultException extends RuntimeException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
