package org.tutela.sync.server;

import java.util.Arrays;
import java.util.Locale;

/**
 * Account roles. A tutor's scope is their caseload; the other roles see the whole organisation.
 * Tutors work on their laptops and cannot sign in to the head-office console; pastoral leads and
 * managers work only in the console (reports, no records of their own) and cannot enrol a laptop.
 */
public enum Role {
    TUTOR("tutor"),
    SAFEGUARDING_LEAD("safeguarding-lead"),
    ADMINISTRATOR("administrator"),
    PASTORAL_LEAD("pastoral-lead"),
    MANAGER("manager");

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

    /** May sign in to the head-office console. */
    public boolean usesConsole() {
        return this != TUTOR;
    }

    /** May enrol a laptop and sync: a manager or pastoral lead, who changes no records, has no device to sync. */
    public boolean usesLaptop() {
        return this == TUTOR || this == SAFEGUARDING_LEAD || this == ADMINISTRATOR;
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
