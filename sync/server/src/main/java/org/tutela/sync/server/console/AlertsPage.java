package org.tutela.sync.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.alerts.ConcernAlerts;
import org.tutela.sync.server.alerts.MailSettings;
import org.tutela.sync.server.alerts.MailSettingsStore;
import org.tutela.sync.server.alerts.Mailer;
import org.tutela.sync.server.headoffice.Problem;

/**
 * Email alerts: the organisation's SMTP server, the safeguarding lead's and the deputy's
 * addresses, and the console's address for the link; a button that sends a test email; how many
 * alerts wait to be sent and the last failure. Administrators only. The stored password is never
 * shown: an empty password field keeps it.
 *
 * <p>Also the link every alert carries ({@link ConcernAlerts#LINK_PATH}): behind the sign-in and
 * the second factor, it sends the lead on to the concern's page.
 */
final class AlertsPage {
    static final String PATH = "/email-alerts";
    /** The safeguarding inbox's page of one concern, where an alert's link leads. */
    static final String CONCERN_PAGE = HeadOfficeConsole.ROOT + "/safeguarding/concerns/";
    static final String[] FIELDS = {"host", "port", "security", "username", "fromAddress", "leadAddress", "deputyAddress",
        "consoleAddress"};

    private final HeadOfficeConsole console;
    private final MailSettingsStore store;
    private final ConcernAlerts alerts;
    private final AuditTrail audit;

    AlertsPage(HeadOfficeConsole console, MailSettingsStore store, ConcernAlerts alerts, AuditTrail audit) {
        this.console = console;
        this.store = store;
        this.alerts = alerts;
        this.audit = audit;
    }

    void routes(RoutesConfig r) {
        console.page(r, PATH, Permission.MANAGE_ALERTS, this::show);
        console.change(r, PATH, Permission.MANAGE_ALERTS, "alerts.settings", this::save);
        console.change(r, PATH + "/test", Permission.MANAGE_ALERTS, "alerts.test", this::test);
        console.page(r, "/alerts/concerns/{id}", Permission.VIEW_ORGANISATION, this::concern);
    }

    /**
     * @param hasPassword a password is stored (the field stays empty)
     * @param test the result of a test email just sent: null, "sent", or a {@link Mailer.Failure}'s name
     */
    public record Model(Form form, boolean configured, boolean hasPassword, ConcernAlerts.Status status, String test,
                        List<Security> securities) {
        public boolean testSent() {
            return "sent".equals(test);
        }
    }

    /** A choice of connection security, as the form offers it. */
    public record Security(String value, boolean first) {
    }

    private static List<Security> securities() {
        return List.of(new Security("starttls", true), new Security("tls", false), new Security("none", false));
    }

    private void show(Context ctx, ConsoleSessions.Session s) throws Exception {
        render(ctx, s, 200, formOfSaved(ctx), null);
    }

    private Form formOfSaved(Context ctx) throws Exception {
        Form form = Form.of(console.text(ctx));
        Optional<MailSettingsStore.Shown> saved = store.shown();
        if (saved.isPresent()) {
            MailSettings m = saved.get().settings();
            form.set("host", m.host()).set("port", Integer.toString(m.port())).set("security", m.security().wire())
                    .set("username", m.username()).set("fromAddress", m.fromAddress()).set("leadAddress", m.leadAddress())
                    .set("deputyAddress", m.deputyAddress()).set("consoleAddress", m.consoleAddress());
        } else {
            // the usual submission port, and the address this page was opened at
            form.set("port", "587").set("security", "starttls").set("consoleAddress", "https://" + ctx.host());
        }
        return form;
    }

    private void render(Context ctx, ConsoleSessions.Session s, int status, Form form, String test) throws Exception {
        Optional<MailSettingsStore.Shown> saved = store.shown();
        console.render(ctx, status, "alerts.jte", console.chrome(ctx, s, "alerts", "alerts.title", null),
                new Model(form, saved.isPresent(), saved.map(MailSettingsStore.Shown::hasPassword).orElse(false), alerts.status(), test,
                        securities()));
    }

    private void save(Context ctx, ConsoleSessions.Session s) throws Exception {
        Form form = Form.of(console.text(ctx));
        for (String f : FIELDS) {
            form.set(f, PeoplePages.param(ctx, f));
        }
        form.set("removePassword", ctx.formParam("removePassword"));
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        int port = -1;
        try {
            port = Integer.parseInt(form.value("port").strip());
        } catch (NumberFormatException e) {
            // reported by the settings' own check
        }
        MailSettings wanted = new MailSettings(form.value("host"), port, MailSettings.Security.parse(form.value("security")),
                form.value("username"), password, form.value("fromAddress"), form.value("leadAddress"), form.value("deputyAddress"),
                form.value("consoleAddress"));
        MailSettingsStore.PasswordChange change = form.checked("removePassword") ? MailSettingsStore.PasswordChange.REMOVE
                : wanted.password() != null ? MailSettingsStore.PasswordChange.REPLACE : MailSettingsStore.PasswordChange.KEEP;
        List<Problem> problems = new java.util.ArrayList<>(wanted.problems());
        boolean keepsPassword = change == MailSettingsStore.PasswordChange.KEEP && store.shown().map(MailSettingsStore.Shown::hasPassword)
                .orElse(false);
        if (keepsPassword && wanted.security() == MailSettings.Security.NONE) {
            problems.add(Problem.of("security", "alerts.security.password"));
        }
        if (!problems.isEmpty()) {
            form.problems(problems, "host");
            render(ctx, s, 400, form, null);
            return;
        }
        store.save(wanted, change, HeadOfficeConsole.actor(s), audit);
        alerts.wake();
        HeadOfficeConsole.seeOther(ctx, PATH, "alerts-saved");
    }

    private void test(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Mailer.Failure> failure = alerts.sendTest();
        audit.note(HeadOfficeConsole.actor(s), "alerts.test", null, Map.of("result", failure.map(Enum::name).orElse("sent")));
        render(ctx, s, 200, formOfSaved(ctx), failure.map(Enum::name).orElse("sent"));
    }

    private void concern(Context ctx, ConsoleSessions.Session s) throws Exception {
        String id = ctx.pathParam("id");
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            console.render(ctx, 404, "error.jte", console.chrome(ctx, s, null, "error.notFound.title", null),
                    new HeadOfficeConsole.ErrorPage("error.notFound.title", "error.notFound.body"));
            return;
        }
        ctx.redirect(CONCERN_PAGE + id.toLowerCase(java.util.Locale.ROOT), HttpStatus.SEE_OTHER);
    }
}
