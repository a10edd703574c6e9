package org.tutela.sync.server.console;

import java.util.ArrayList;
import java.util.List;

/**
 * What every console page's frame needs: the words, who is signed in (null on the sign-in
 * page), the CSRF token for its forms, which navigation entry is current, the page title and a
 * notice to show once (after a change was saved).
 *
 * @param notice a message key shown at the top of the page, or null
 */
public record Chrome(ConsoleText t, ConsoleSessions.Session session, String csrf, String current, String title, String notice,
                     String organisationName) {

    /** A navigation entry: its id, link and label key. */
    public record NavItem(String id, String href, String label) {
    }

    /**
     * The entries the signed-in user may open, in order: setting up (the organisation, people,
     * groups, importing learners), then the work (reports, safeguarding), then the administrator's
     * oversight (audit trail, email alerts).
     */
    public List<NavItem> nav() {
        List<NavItem> items = new ArrayList<>();
        if (session == null) {
            return items;
        }
        if (session.can(Permission.VIEW_ORGANISATION)) {
            items.add(new NavItem("organisation", HeadOfficeConsole.ROOT + "/organisation", "nav.organisation"));
        }
        if (session.can(Permission.VIEW_PEOPLE)) {
            items.add(new NavItem("people", HeadOfficeConsole.ROOT + "/people", "nav.people"));
        }
        if (session.can(Permission.VIEW_GROUPS)) {
            items.add(new NavItem("groups", HeadOfficeConsole.ROOT + "/groups", "nav.groups"));
        }
        if (session.can(Permission.IMPORT_LEARNERS)) {
            items.add(new NavItem("import", HeadOfficeConsole.ROOT + "/import", "nav.import"));
        }
        if (session.can(Permission.VIEW_REPORTS)) {
            items.add(new NavItem("reports", HeadOfficeConsole.ROOT + "/reports", "nav.reports"));
        }
        if (session.can(Permission.VIEW_SAFEGUARDING_COUNTS)) {
            items.add(new NavItem("safeguarding", HeadOfficeConsole.ROOT + "/safeguarding", "nav.safeguarding"));
        }
        if (session.can(Permission.READ_AUDIT)) {
            items.add(new NavItem("audit", HeadOfficeConsole.ROOT + "/audit", "nav.audit"));
        }
        if (session.can(Permission.MANAGE_ALERTS)) {
            items.add(new NavItem("alerts", HeadOfficeConsole.ROOT + AlertsPage.PATH, "nav.alerts"));
        }
        return items;
    }

    /** The header offers the user's own second factor (recovery codes) once the session has passed it. */
    public boolean offersSecondFactor() {
        return session != null && session.role().needsSecondFactor() && session.secondFactorDone();
    }

    public boolean can(Permission p) {
        return session != null && session.can(p);
    }

    /** "Jane Doe (administrator)" for the header. */
    public String who() {
        return session == null ? "" : session.user().name();
    }

    public String roleLabel() {
        return session == null ? "" : t.lookup("role." + session.role().wire());
    }
}
