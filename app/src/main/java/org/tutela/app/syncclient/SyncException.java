package org.tutela.app.syncclient;

import java.util.List;

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
    private final List<String> shown;

    /** @param detail what happened, in English, for the log only (never shown: the tutor may read Welsh) */
    public SyncException(Reason reason, String detail) {
        this(reason, detail, List.of(), null);
    }

    public SyncException(Reason reason, String detail, Throwable cause) {
        this(reason, detail, List.of(), cause);
    }

    private SyncException(Reason reason, String detail, List<String> shown, Throwable cause) {
        super(reason + (detail == null ? "" : ": " + detail), cause);
        this.reason = reason;
        this.detail = detail;
        // the messages of these two reasons show two codes: a dash where there is none to show
        boolean twoCodes = reason == Reason.REFUSED || reason == Reason.VERSION_MISMATCH;
        this.shown = twoCodes && shown.isEmpty() ? List.of("-", "-") : List.copyOf(shown);
    }

    /**
     * Head office refused a request: its error code (the wire format's, the same in every language)
     * and the request's id, for head office to find it in its log.
     */
    public static SyncException refused(String code, String requestId, String detail, Throwable cause) {
        return new SyncException(Reason.REFUSED, detail, List.of(code == null ? "-" : code, requestId == null ? "-" : requestId), cause);
    }

    /** The versions do not match: head office's and this laptop's, as numbers. */
    public static SyncException versionMismatch(String headOffices, String laptops) {
        return new SyncException(Reason.VERSION_MISMATCH, "head office " + headOffices + ", this laptop " + laptops,
                List.of(headOffices, laptops), null);
    }

    public Reason reason() {
        return reason;
    }

    /** What happened, in English, for the log. */
    public String detail() {
        return detail;
    }

    /**
     * What the message for {@link #reason()} shows beside its words: codes and numbers, never text
     * (for {@link Reason#REFUSED}: head office's error code and the request's id; for
     * {@link Reason#VERSION_MISMATCH}: head office's versions and this laptop's); empty otherwise.
     */
    public List<String> shown() {
        return shown;
    }
}
