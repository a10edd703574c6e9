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
    /** The reports across tutors and groups, learners' pages and their exports: read only. */
    VIEW_REPORTS;

    private static final Set<Permission> READ = EnumSet.of(VIEW_ORGANISATION, VIEW_PEOPLE, VIEW_GROUPS);

    /** The permissions of a role. */
    public static Set<Permission> of(Role role) {
        return switch (role) {
            case ADMINISTRATOR -> EnumSet.allOf(Permission.class);
            // the pastoral and attendance lead answers for the groups and who tutors them
            case PASTORAL_LEAD -> union(READ, EnumSet.of(MANAGE_GROUPS, VIEW_REPORTS));
            // managers monitor and evaluate the pastoral offer: they read the reports and change nothing
            case MANAGER -> union(READ, EnumSet.of(VIEW_REPORTS));
            case SAFEGUARDING_LEAD -> EnumSet.copyOf(READ);
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
