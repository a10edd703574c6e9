package org.tutela.app.syncclient;

/**
 * Sync could not go on. {@link #reason()} says why in a way the UI turns into words that tell
 * the tutor what to do; nothing received so far is lost and nothing half-written is kept.
 */
public class SyncException extends RuntimeException {

    /** Why sync stopped. */
    public enum Reason {
        /** No network, or the server did not answer: try again later; work goes on offline. */
        OFFLINE,
        /** The certificate is not the pinned one: do not send anything; tell head office. */
        UNTRUSTED_SERVER,
        /** The username or password is wrong (enrolment). */
        BAD_CREDENTIALS,
        /** Too many wrong tries: wait. */
        TOO_MANY_ATTEMPTS,
        /** The device token was revoked or is unknown: enrol again. */
        REVOKED,
        /** Protocol or schema versions do not match: update Tutela (or the server). */
        VERSION_MISMATCH,
        /** Not enrolled yet. */
        NOT_ENROLLED,
        /** The server refused the request for another reason (its message is kept). */
        REFUSED,
        /** The tutor cancelled. */
        CANCELLED
    }

    private final Reason reason;
    private final String detail;

    public SyncException(Reason reason, String detail) {
        super(reason + (detail == null ? "" : ": " + detail));
        this.reason = reason;
        this.detail = detail;
    }

    public SyncException(Reason reason, String detail, Throwable cause) {
        super(reason + (detail == null ? "" : ": " + detail), cause);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The server's own words or versions, where there are any (never record content). */
    public String detail() {
        return detail;
    }
}
