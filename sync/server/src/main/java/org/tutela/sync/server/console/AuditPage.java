package org.tutela.sync.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.tutela.sync.server.AuditTrail;

/** The audit trail, newest first, a page at a time: who did what, when, through which door, and what was refused. */
final class AuditPage {
    static final int PAGE_SIZE = 100;

    private final HeadOfficeConsole console;
    private final AuditTrail audit;

    AuditPage(HeadOfficeConsole console, AuditTrail audit) {
        this.console = console;
        this.audit = audit;
    }

    void routes(RoutesConfig r) {
        console.page(r, "/audit", Permission.READ_AUDIT, this::show);
    }

    /**
     * @param older the {@code before} value of the link to the next older page, or null on the last page
     * @param first whether this is the newest page
     */
    public record Model(List<AuditTrail.Event> events, String older, boolean first) {
    }

    private void show(Context ctx, ConsoleSessions.Session s) throws Exception {
        Long beforeAt = null;
        String beforeId = null;
        String before = ctx.queryParam("before");
        if (before != null) {
            int colon = before.indexOf(':');
            try {
                beforeAt = Long.parseLong(colon < 0 ? before : before.substring(0, colon));
                beforeId = colon < 0 ? "" : before.substring(colon + 1);
            } catch (NumberFormatException e) {
                beforeAt = null;
            }
        }
        List<AuditTrail.Event> events = audit.page(beforeAt, beforeId, PAGE_SIZE + 1);
        String older = null;
        if (events.size() > PAGE_SIZE) {
            events = events.subList(0, PAGE_SIZE);
            AuditTrail.Event last = events.get(PAGE_SIZE - 1);
            older = last.at() + ":" + last.id();
        }
        console.render(ctx, 200, "audit.jte", console.chrome(ctx, s, "audit", "audit.title", null), new Model(events, older, beforeAt == null));
    }
}
