package org.tutela.sync.protocol.sealed;

/** A sealed envelope could not be opened or made. Never carries any of the content. */
public class SealedEnvelopeException extends RuntimeException {
    public SealedEnvelopeException(String message) {
        super(message);
    }

    public SealedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
