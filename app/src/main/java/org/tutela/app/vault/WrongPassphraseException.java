package org.tutela.app.vault;

/** The passphrase did not unwrap the data key. Nothing in the vault was changed. */
public class WrongPassphraseException extends VaultException {
    public WrongPassphraseException() {
        super("That passphrase does not open this vault");
    }
}
