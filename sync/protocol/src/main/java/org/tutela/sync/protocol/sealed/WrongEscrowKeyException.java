package org.tutela.sync.protocol.sealed;

/** The escrow private key does not open this envelope: another lead's key, or no escrow wrap at all. */
public class WrongEscrowKeyException extends SealedEnvelopeException {
    public WrongEscrowKeyException(String message) {
        super(message);
    }
}
