package org.tutela.app.domain;

/** A ULN was refused; the message says what is wrong and is fit to show to the tutor. */
public class InvalidUlnException extends IllegalArgumentException {
    public InvalidUlnException(String message) {
        super(message);
    }
}
