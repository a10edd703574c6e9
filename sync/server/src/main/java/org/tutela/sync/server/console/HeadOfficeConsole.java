package org.tutela.sync.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.AuditTrail.Actor;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.LoginLimiter;
import org.tutela.sync.server.ServerSecrets;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.alerts.ConcernAlerts;
import org.tutela.sync.server.alerts.MailSettingsStore;
import org.tutela.sync.server.headoffice.OrganisationSetup;

/**
 * The head-office console: server-rendered pages under {@value #ROOT} on the sync server's HTTPS
 * port. Pages are jte templates compiled at build time; there is no JavaScript. Every page
 * needs a signed-in session of a head-office role; every change needs the session's CSRF token
 * and the permission its role grants ({@link Permission}); a change refused for want of one is
 * answered 403 and written to the audit trail.
 */
public final class HeadOfficeConsole {
    public static final String ROOT = "/console";
    private static final Logger LOG = LoggerFactory.getLogger(HeadOfficeConsole.class);
    /** No script runs, nothing is framed, forms post only here, images and styles come only from here. */
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    /** Notices a page may be asked to show after a change (anything else in {@code ?done=} is ignored). */
    private static final Set<String> NOTICES = Set.of("saved", "person-added", "person-updated", "person-disabled",
            "person-enabled", "device-revoked", "signed-out", "ended", "group-created", "group-archived", "group-restored",
            "learner-moved", "imported",
            // second factor and email alerts
            "recovery-code-used", "alerts-saved",
            // the safeguarding inbox
            "acknowledged", "recorded", "task-assigned", "case-closed", "linked");
    static final String CSRF_FIELD = "csrf";

    private final Database db;
    private final Accounts accounts;
    private final AuditTrail audit;
    private final ConsoleSessions sessions;
    private final LoginLimiter limiter;
    private final LoginLimiter addressLimiter;
    private final Semaphore hashing;
    private final Clock clock;
    private final ServerSettings settings;
    private final ServerSecrets secrets;
    private final ConcernAlerts alerts;
    /** The templates of src/main/jte, compiled by the build into this package (jte-maven-plugin). */
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html,
            HeadOfficeConsole.class.getClassLoader(), HeadOfficeConsole.class.getPackageName());
    private final byte[] stylesheet;

    /**
     * @param limiter the failed-login throttle the device enrolment uses (per username), shared so
     *     that guesses through either door count together
     * @param addressLimiter the same per client address
     * @param hashing the permits for password checks, shared with enrolment
     * @param secrets the data folder's key that seals TOTP secrets and the SMTP password
     * @param alerts the sender of safeguarding alerts (its settings page sends a test email through it)
     */
    public HeadOfficeConsole(Database db, Accounts accounts, LoginLimiter limiter, LoginLimiter addressLimiter, Semaphore hashing,
                             Clock clock, ServerSettings settings, ServerSecrets secrets, ConcernAlerts alerts) {
        this.db = db;
        this.accounts = accounts;
        this.audit = accounts.audit();
        this.limiter = limiter;
        this.addressLimiter = addressLimiter;
        this.hashing = hashing;
        this.clock = clock;
        this.settings = settings;
        this.secrets = secrets;
        this.alerts = alerts;
        this.sessions = new ConsoleSessions(db, clock, Duration.ofMinutes(settings.consoleIdleMinutes()));
        this.stylesheet = resource("/console/console.css");
    }

    /** Registers the console's routes and settings on the server being built. */
    public void install(JavalinConfig config) {
        // an uploaded file (a logo, an MIS export) is held in memory, never spooled to a temp file
        config.jetty.multipartConfig.maxInMemoryFileSize(10, SizeUnit.MB);
        config.jetty.multipartConfig.maxFileSize(8, SizeUnit.MB);
        config.jetty.multipartConfig.maxTotalRequestSize(9, SizeUnit.MB);
        RoutesConfig r = config.routes;
        r.get(ROOT + "/static/console.css", ctx -> {
            ctx.header("Cache-Control", "max-age=3600");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.contentType("text/css; charset=utf-8").result(stylesheet);
        });
        // "/console" and "/console/" are one route (Javalin ignores a trailing slash)
        r.get(ROOT, ctx -> guarded(ctx, () -> home(ctx)));
        r.get(ROOT + "/sign-in", ctx -> guarded(ctx, () -> signInPage(ctx)));
        r.post(ROOT + "/sign-in", ctx -> guarded(ctx, () -> signIn(ctx)));
        r.post(ROOT + "/sign-out", ctx -> guarded(ctx, () -> signOut(ctx)));
        OrganisationSetup organisation = new OrganisationSetup(db);
        new OrganisationPage(this, organisation, audit).routes(r);
        new PeoplePages(this, accounts).routes(r);
        new GroupsPage(this, db, accounts, organisation).routes(r);
        new ImportPage(this, db, accounts, clock).routes(r);
        new AuditPage(this, audit).routes(r);
        // the second factor and email alerts (hq-security)
        new SecondFactorPages(this, new org.tutela.sync.server.secondfactor.SecondFactors(db, secrets, clock), sessions, limiter,
                addressLimiter, audit).routes(r);
        new AlertsPage(this, new MailSettingsStore(db, secrets, clock), alerts, audit).routes(r);
        new SafeguardingPages(this, db, accounts, organisation, clock, settings.dataDir()).routes(r);
        new ReportsPages(this, db, audit, clock, settings.consoleZone()).routes(r);
        r.get(ROOT + "/<rest>", ctx -> guarded(ctx, () -> {
            ConsoleSessions.Lookup l = sessions.current(ctx);
            render(ctx, 404, "error.jte", chrome(ctx, l.session(), null, "error.notFound.title", null),
                    new ErrorPage("error.notFound.title", "error.notFound.body"));
        }));
    }

    // ---- the frame every handler runs in

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface SessionHandler {
        void handle(Context ctx, ConsoleSessions.Session session) throws Exception;
    }

    /** Sets the console's security headers, and answers any failure with a page that names the request id only. */
    void guarded(Context ctx, Body body) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        try {
            body.run();
        } catch (Exception e) {
            LOG.error("Console failed handling {} {}", ctx.method(), ctx.path(), SyncServer.scrub(e));
            try {
                render(ctx, 500, "error.jte", chrome(ctx, null, null, "error.internal.title", null),
                        new ErrorPage("error.internal.title", "error.internal.body", String.valueOf(ctx.attribute("tutela.requestId"))));
            } catch (Exception again) {
                ctx.status(500).contentType("text/plain; charset=utf-8").result("The server failed.");
            }
        }
    }

    /** A page to read: needs a session whose role has {@code needed}. */
    void page(RoutesConfig r, String path, Permission needed, SessionHandler h) {
        page(r, path, needed, null, h);
    }

    /**
     * A page to read whose refusal is also written to the audit trail as {@code refusedAction}
     * (about the page's id): a concern's details, a chronology, an envelope. Someone without the
     * safeguarding lead's role trying to read those is worth the lead's and the auditor's notice.
     */
    void page(RoutesConfig r, String path, Permission needed, String refusedAction, SessionHandler h) {
        r.get(ROOT + path, ctx -> guarded(ctx, () -> {
            ConsoleSessions.Session s = gatedSession(ctx);
            if (s == null) {
                return;
            }
            if (!s.can(needed)) {
                LOG.info("Console: {} may not open {} ({})", s.user().id(), ctx.path(), needed);
                if (refusedAction != null) {
                    audit.refused(actor(s), refusedAction, ctx.pathParamMap().values().stream().findFirst().orElse(null));
                }
                forbidden(ctx, s, "error.forbidden.body");
                return;
            }
            h.handle(ctx, s);
        }));
    }

    /**
     * A change: needs a session, the session's CSRF token in the form, and a role with
     * {@code needed}. A refusal for want of the token or the role is answered 403, logged and
     * written to the audit trail under {@code action}; nothing else happens.
     */
    void change(RoutesConfig r, String path, Permission needed, String action, SessionHandler h) {
        r.post(ROOT + path, ctx -> guarded(ctx, () -> {
            ConsoleSessions.Session s = gatedSession(ctx);
            if (s == null) {
                return;
            }
            // the audit names what the change was about; an import's token is a secret and is left out
            String target = ctx.pathParamMap().entrySet().stream().filter(e -> !e.getKey().equals("token"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (!ConsoleSessions.same(s.csrf(), ctx.formParam(CSRF_FIELD))) {
                LOG.warn("Console: change {} by user {} refused: missing or wrong CSRF token", action, s.user().id());
                audit.refused(actor(s), action, "csrf");
                forbidden(ctx, s, "error.csrf.body");
                return;
            }
            if (!s.can(needed)) {
                LOG.warn("Console: change {} by user {} ({}) refused: the role lacks {}", action, s.user().id(), s.role().wire(), needed);
                audit.refused(actor(s), action, target);
                forbidden(ctx, s, "error.forbidden.change");
                return;
            }
            h.handle(ctx, s);
        }));
    }

    /**
     * The active session, or null after redirecting to the sign-in page (saying so if one just
     * ended, and with the page asked for, to come back to after signing in).
     */
    ConsoleSessions.Session sessionOrSignIn(Context ctx) throws Exception {
        ConsoleSessions.Lookup l = sessions.current(ctx);
        if (l.state() == ConsoleSessions.State.ACTIVE) {
            return l.session();
        }
        String next = ctx.method() == io.javalin.http.HandlerType.GET ? safeNext(ctx.path()) : null;
        String query = (l.state() == ConsoleSessions.State.ENDED ? "done=ended" : "") + (next == null ? ""
                : (l.state() == ConsoleSessions.State.ENDED ? "&" : "") + "next=" + enc(next));
        ctx.redirect(ROOT + "/sign-in" + (query.isEmpty() ? "" : "?" + query), HttpStatus.SEE_OTHER);
        return null;
    }

    /**
     * The active session that has passed the second factor where its role needs one (the gate of
     * every page and change registered through {@link #page} and {@link #change}); or null after
     * sending the browser to sign in, or to the second factor.
     */
    private ConsoleSessions.Session gatedSession(Context ctx) throws Exception {
        ConsoleSessions.Session s = sessionOrSignIn(ctx);
        if (s != null && !s.secondFactorDone()) {
            String next = ctx.method() == io.javalin.http.HandlerType.GET ? safeNext(ctx.path()) : null;
            ctx.redirect(ROOT + SecondFactorPages.PATH + (next == null ? "" : "?next=" + enc(next)), HttpStatus.SEE_OTHER);
            return null;
        }
        return s;
    }

    /** A console page to come back to after signing in: a plain path under the console, else null. */
    static String safeNext(String path) {
        if (path == null || path.length() > 200 || !path.matches("/console(/[A-Za-z0-9._~-]+)+/?")
                || path.startsWith(ROOT + "/sign-") || path.startsWith(ROOT + SecondFactorPages.PATH) || path.contains("..")) {
            return null;
        }
        return path;
    }

    private void forbidden(Context ctx, ConsoleSessions.Session s, String bodyKey) throws Exception {
        render(ctx, 403, "error.jte", chrome(ctx, s, null, "error.forbidden.title", null), new ErrorPage("error.forbidden.title", bodyKey));
    }

    static Actor actor(ConsoleSessions.Session s) {
        return Actor.console(s.user().username(), s.role());
    }

    // ---- rendering

    /** The frame for a page; {@code titleKey} names the page, {@code ?done=} a notice to show. */
    Chrome chrome(Context ctx, ConsoleSessions.Session s, String current, String titleKey, String csrfOverride) {
        ConsoleText t = text(ctx);
        String done = ctx.queryParam("done");
        String notice = done != null && NOTICES.contains(done) ? "notice." + done : null;
        return new Chrome(t, s, csrfOverride != null ? csrfOverride : s == null ? null : s.csrf(), current, t.lookup(titleKey),
                notice, null);
    }

    ConsoleText text(Context ctx) {
        return new ConsoleText(ConsoleText.choose(ctx.header("Accept-Language")), settings.consoleZone());
    }

    void render(Context ctx, int status, String template, Chrome chrome, Object model) {
        StringOutput out = new StringOutput(16 * 1024);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("chrome", chrome);
        params.put("model", model);
        templates.render(template, params, out);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    /** After a change: back to a page, with a notice to show there. */
    static void seeOther(Context ctx, String path, String notice) {
        ctx.redirect(ROOT + path + (notice == null ? "" : (path.contains("?") ? "&" : "?") + "done=" + notice), HttpStatus.SEE_OTHER);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    long now() {
        return clock.millis();
    }

    /** An error page's words: title, body, and a request id to quote (or null). */
    public record ErrorPage(String titleKey, String bodyKey, String requestId) {
        ErrorPage(String titleKey, String bodyKey) {
            this(titleKey, bodyKey, null);
        }
    }

    // ---- home, sign-in and sign-out

    private void home(Context ctx) throws Exception {
        ConsoleSessions.Session s = gatedSession(ctx);
        if (s == null) {
            return;
        }
        Optional<Chrome.NavItem> first = chrome(ctx, s, null, "nav.organisation", null).nav().stream().findFirst();
        ctx.redirect(first.map(Chrome.NavItem::href).orElse(ROOT + "/sign-in"), HttpStatus.SEE_OTHER);
    }

    /**
     * The sign-in form's model: the username typed, a problem for the whole form (a message key)
     * or none, and the page to go on to afterwards (or null).
     */
    public record SignInModel(Form form, String problem, String problemArg, String next) {
    }

    private void signInPage(Context ctx) throws Exception {
        if (sessions.current(ctx).state() == ConsoleSessions.State.ACTIVE) {
            ctx.redirect(ROOT + "/", HttpStatus.SEE_OTHER);
            return;
        }
        showSignIn(ctx, 200, Form.of(text(ctx)), null, null);
    }

    private void showSignIn(Context ctx, int status, Form form, String problem, String problemArg) {
        String token = sessions.signInToken(ctx);
        Chrome chrome = chrome(ctx, null, null, "signIn.title", token);
        String next = safeNext(ctx.method() == io.javalin.http.HandlerType.GET ? ctx.queryParam("next") : ctx.formParam("next"));
        render(ctx, status, "sign-in.jte", chrome, new SignInModel(form, problem,
                problemArg != null ? problemArg : Long.toString(sessions.idleLimit().toMinutes()), next));
    }

    private void signIn(Context ctx) throws Exception {
        if (!ConsoleSessions.signInTokenMatches(ctx, ctx.formParam(CSRF_FIELD))) {
            LOG.warn("Console: a sign-in without its form token was refused");
            render(ctx, 403, "error.jte", chrome(ctx, null, null, "error.forbidden.title", null),
                    new ErrorPage("error.forbidden.title", "error.csrf.signIn"));
            return;
        }
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Form form = Form.of(text(ctx)).set("username", username);
        if (username.isEmpty()) {
            form.error("username", "signIn.username.required");
        }
        if (password.isEmpty()) {
            form.error("password", "signIn.password.required");
        }
        if (username.length() > 100) {
            form.error("username", "signIn.failed");
        }
        if (password.length() > 1000) {
            form.error("password", "signIn.failed");
        }
        if (form.hasErrors()) {
            showSignIn(ctx, 400, form, null, null);
            return;
        }
        String ipKey = "ip:" + ctx.ip();
        String userKey = "user:" + username.toLowerCase(Locale.ROOT);
        long wait = Math.max(addressLimiter.retryAfterSeconds(ipKey), limiter.retryAfterSeconds(userKey));
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            showSignIn(ctx, 429, form, "signIn.tooMany", Long.toString((wait + 59) / 60));
            return;
        }
        if (!hashing.tryAcquire(10, TimeUnit.SECONDS)) {
            showSignIn(ctx, 503, form, "signIn.busy", null);
            return;
        }
        Optional<Accounts.User> user;
        char[] pw = password.toCharArray();
        try {
            user = accounts.checkPassword(username, pw);
        } finally {
            Arrays.fill(pw, '\0');
            hashing.release();
        }
        if (user.isEmpty()) {
            limiter.failure(userKey);
            addressLimiter.failure(ipKey);
            LOG.info("Console: sign-in refused (wrong username or password, or disabled)");
            showSignIn(ctx, 401, form, "signIn.failed", null);
            return;
        }
        limiter.success(userKey);
        Accounts.User u = user.get();
        if (!u.role().usesConsole()) {
            LOG.info("Console: sign-in by user {} refused: a {} uses the laptop app", u.id(), u.role().wire());
            audit.refused(Actor.console(u.username(), u.role()), "console.sign-in", u.username());
            showSignIn(ctx, 403, form, "signIn.tutor", null);
            return;
        }
        sessions.start(ctx, u);
        audit.note(Actor.console(u.username(), u.role()), "console.sign-in", u.username(), Map.of());
        LOG.info("Console: user {} signed in", u.id());
        String next = safeNext(ctx.formParam("next"));
        if (u.role().needsSecondFactor()) {
            // the password alone opens nothing but the second-factor pages
            ctx.redirect(ROOT + SecondFactorPages.PATH + (next == null ? "" : "?next=" + enc(next)), HttpStatus.SEE_OTHER);
            return;
        }
        ctx.redirect(next != null ? next : ROOT + "/", HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) throws Exception {
        ConsoleSessions.Lookup l = sessions.current(ctx);
        if (l.state() != ConsoleSessions.State.ACTIVE) {
            sessions.end(ctx, null);
            ctx.redirect(ROOT + "/sign-in", HttpStatus.SEE_OTHER);
            return;
        }
        ConsoleSessions.Session s = l.session();
        if (!ConsoleSessions.same(s.csrf(), ctx.formParam(CSRF_FIELD))) {
            LOG.warn("Console: sign-out by user {} without its CSRF token refused", s.user().id());
            forbidden(ctx, s, "error.csrf.body");
            return;
        }
        sessions.end(ctx, s);
        audit.note(actor(s), "console.sign-out", s.user().username(), Map.of());
        ctx.redirect(ROOT + "/sign-in?done=signed-out", HttpStatus.SEE_OTHER);
    }

    private static byte[] resource(String name) {
        try (InputStream in = HeadOfficeConsole.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Database database() {
        return db;
    }
}
