package org.tutela.sync.server.console;

import java.util.EnumSet;
import java.util.Set;
import org.tutela.sync.server.Role;

/**
 * What each console role may do. Every page and every change names the permission it needs; a
 * change without it is refused (403) and written to the audit trail. Tutors have none: they use
 * the laptop app and cannot sign in here.
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
    READ_AUDIT;

    private static final Set<Permission> READ = EnumSet.of(VIEW_ORGANISATION, VIEW_PEOPLE, VIEW_GROUPS);

    /** The permissions of a role. */
    public static Set<Permission> of(Role role) {
        return switch (role) {
            case ADMINISTRATOR -> EnumSet.allOf(Permission.class);
            // the pastoral and attendance lead answers for the groups and who tutors them
            case PASTORAL_LEAD -> union(READ, EnumSet.of(MANAGE_GROUPS));
            case SAFEGUARDING_LEAD, MANAGER -> EnumSet.copyOf(READ);
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
