package org.tutela.sync.server.console;

import java.util.EnumSet;
import java.util.Set;
import org.tutela.sync.server.Role;

/**
 * What each console role may do. Every page and every change names the permission it needs; a
 * change without it is refused (403) and written to the audit trail. Tutors have none: they use
 * the laptop app and cannot sign in here.
 *
 * <p>A safeguarding lead's or an administrator's session has no permission at all until it has
 * passed the second factor ({@code ConsoleSessions.Session.secondFactorDone()}).
 */
public enum Permission {
    VIEW_ORGANISATION,
    EDIT_ORGANISATION,
    VIEW_PEOPLE,
    MANAGE_PEOPLE,
    MANAGE_DEVICES,
    VIEW_GROUPS,
    MANAGE_GROUPS,
    IMPORT_LEARNERS,
    READ_AUDIT,
    /** The SMTP server and who is emailed when a safeguarding concern arrives (hq-security). */
    MANAGE_ALERTS,
    // ---- the safeguarding inbox (branch safeguarding)
    /** How many concerns are open, waiting, overdue: numbers only, never a name or a word of a concern. */
    VIEW_SAFEGUARDING_COUNTS,
    /** The concerns themselves, learners' chronologies and their sealed tutorials' envelopes. */
    READ_CONCERNS,
    /** Acknowledge, record actions, referrals and outcomes, give the tutor tasks, link learners, close. */
    MANAGE_CONCERNS,
    /** Open a confidential tutorial with the escrow key (the safeguarding exception). */
    OPEN_ENVELOPES,
    /** The audit of openings of confidential tutorials (by escrow at head office and on the laptops). */
    READ_OPENINGS,
    // ---- the reports
    /** The reports across tutors and groups, learners' pages and their exports: read only. */
    VIEW_REPORTS;

    private static final Set<Permission> READ = EnumSet.of(VIEW_ORGANISATION, VIEW_PEOPLE, VIEW_GROUPS, VIEW_SAFEGUARDING_COUNTS);
    /**
     * Only the Designated Safeguarding Lead reads concerns and opens envelopes: an administrator
     * runs the system and sees the counts and the audit of openings, not the cases.
     */
    private static final Set<Permission> SAFEGUARDING_LEAD_ONLY = EnumSet.of(READ_CONCERNS, MANAGE_CONCERNS, OPEN_ENVELOPES);

    /** The permissions of a role. */
    public static Set<Permission> of(Role role) {
        return switch (role) {
            case ADMINISTRATOR -> EnumSet.complementOf(EnumSet.copyOf(SAFEGUARDING_LEAD_ONLY));
            // the pastoral and attendance lead answers for the groups and who tutors them
            case PASTORAL_LEAD -> union(READ, EnumSet.of(MANAGE_GROUPS, VIEW_REPORTS));
            case SAFEGUARDING_LEAD -> union(READ, union(SAFEGUARDING_LEAD_ONLY, EnumSet.of(READ_OPENINGS)));
            // managers monitor and evaluate the pastoral offer: they read the reports and change nothing
            case MANAGER -> union(READ, EnumSet.of(VIEW_REPORTS));
            case TUTOR -> EnumSet.noneOf(Permission.class);
        };
    }

    public static boolean allows(Role role, Permission p) {
        return of(role).contains(p);
    }

    private static Set<Permission> union(Set<Permission> a, Set<Permission> b) {
        EnumSet<Permission> s = EnumSet.copyOf(a);
        s.addAll(b);
        return s;
    }
}
