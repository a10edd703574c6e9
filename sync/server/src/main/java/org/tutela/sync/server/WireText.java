package org.tutela.sync.server;

import java.util.List;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushRequest;

/**
 * Text head office can store exactly as it was sent, on either database. A NUL character
 * (U+0000) cannot be stored in a PostgreSQL text column (it answers with an error, so the whole
 * batch would fail on every retry), and a lone UTF-16 surrogate is not Unicode: encoded as UTF-8
 * it silently becomes {@code ?}. Such strings are refused, by field, before anything is applied.
 */
public final class WireText {
    private WireText() {
    }

    /** What is wrong with {@code s}, or null when it can be stored as it is (null is fine). */
    public static String problem(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                if (c == '\0') {
                    return "contains a NUL character (U+0000)";
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else {
                return "contains a lone UTF-16 surrogate (not valid Unicode)";
            }
        }
        return null;
    }

    /** 400 {@code INVALID_FIELD} naming {@code field} if its text cannot be stored. */
    static void require(String field, String value) {
        String p = problem(value);
        if (p != null) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, field, field + " " + p + ", which head office cannot store");
        }
    }

    /** Every string field of an enrolment. */
    static void check(EnrolRequest req) {
        require("protocolVersion", req.protocolVersion());
        require("username", req.username());
        require("password", req.password());
        require("deviceName", req.deviceName());
    }

    /**
     * Every string field of a push that the protocol defines. An entry's payload is the record as
     * the laptop wrote it, which the laptop can never change once sent: a payload that cannot be
     * stored rejects that entry alone (see {@link SyncService}), so the rest of the queue moves on.
     */
    static void check(PushRequest req) {
        require("protocolVersion", req.protocolVersion());
        require("serverEpoch", req.serverEpoch());
        List<PushEntry> entries = req.entries();
        for (int i = 0; entries != null && i < entries.size(); i++) {
            if (entries.get(i) != null) {
                require("entries[" + i + "].kind", entries.get(i).kind());
                require("entries[" + i + "].baseHash", entries.get(i).baseHash());
            }
        }
    }
}
