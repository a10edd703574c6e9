package org.tutela.sync.server;

import java.util.Arrays;
import java.util.Locale;

/** Account roles. A tutor's scope is their caseload; the other roles see the whole organisation. */
public enum Role {
    TUTOR("tutor"),
    SAFEGUARDING_LEAD("safeguarding-lead"),
    ADMINISTRATOR("administrator");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean organisationWide() {
        return this != TUTOR;
    }

    public static Role parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.wire.equals(v)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + s + "'; one of " + Arrays.stream(values()).map(Role::wire).toList());
    }
}
