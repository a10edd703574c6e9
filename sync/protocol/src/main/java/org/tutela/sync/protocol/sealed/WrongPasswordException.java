package org.tutela.sync.protocol.sealed;

/** The password does not open this envelope (or its password wrap was altered: the two look the same). */
public class WrongPasswordException extends SealedEnvelopeException {
    public WrongPasswordException() {
        super("That password does not open this confidential tutorial");
    }
}
