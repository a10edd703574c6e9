package org.tutela.sync.protocol.sealed;

/** The envelope is malformed or was altered: it fails closed, nothing of it is used. */
public class EnvelopeDamagedException extends SealedEnvelopeException {
    public EnvelopeDamagedException(String message) {
        super(message);
    }

    public EnvelopeDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
