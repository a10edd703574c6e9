package org.tutela.sync.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.LoginLimiter;
import org.tutela.sync.server.secondfactor.SecondFactors;
import org.tutela.sync.server.secondfactor.Totp;

/**
 * The second factor of a safeguarding lead's or an administrator's sign-in. After the password,
 * the session reaches only these pages (and sign-out) until a code from the authenticator app, or
 * a recovery code, is accepted; then the session is replaced by one marked as having passed it
 * ({@link ConsoleSessions#elevate}). An account without a second factor enrols here first: the
 * QR code (or the secret to type), a first code from the app, then ten recovery codes shown once.
 * Wrong codes count in the login limiter (per user and per address), so that six digits cannot be
 * guessed.
 */
final class SecondFactorPages {
    static final String PATH = "/second-factor";
    private static final Logger LOG = LoggerFactory.getLogger(SecondFactorPages.class);
    private static final String ISSUER = "Tutela head office";

    private final HeadOfficeConsole console;
    private final SecondFactors factors;
    private final ConsoleSessions sessions;
    private final LoginLimiter limiter;
    private final LoginLimiter addressLimiter;
    private final AuditTrail audit;

    SecondFactorPages(HeadOfficeConsole console, SecondFactors factors, ConsoleSessions sessions, LoginLimiter limiter,
                      LoginLimiter addressLimiter, AuditTrail audit) {
        this.console = console;
        this.factors = factors;
        this.sessions = sessions;
        this.limiter = limiter;
        this.addressLimiter = addressLimiter;
        this.audit = audit;
    }

    void routes(RoutesConfig r) {
        String root = HeadOfficeConsole.ROOT + PATH;
        r.get(root, ctx -> pending(ctx, this::codePage));
        r.post(root, ctx -> pending(ctx, this::checkCode));
        r.get(root + "/enrol", ctx -> pending(ctx, this::enrolPage));
        r.post(root + "/enrol", ctx -> pending(ctx, this::confirm));
        // after the second factor: the user's own recovery codes
        console.page(r, PATH + "/recovery-codes", Permission.VIEW_ORGANISATION, this::recoveryPage);
        console.change(r, PATH + "/recovery-codes", Permission.VIEW_ORGANISATION, "second-factor.new-recovery-codes", this::newCodes);
    }

    /** The code form: the typed value is never shown back. */
    public record CodeModel(Form form, String next) {
    }

    /** Enrolment: the QR code, the secret to type instead, and the form for the first code. */
    public record EnrolModel(Form form, QrCode qr, String secret, String uri, String account, String next) {
    }

    /** Recovery codes, shown once, and where to go on to. */
    public record CodesModel(List<String> codes, String next) {
    }

    /** The user's own page: how many recovery codes are left. */
    public record RecoveryModel(int left) {
    }

    /**
     * Runs a page of the second-factor step: needs a session whose role needs a second factor and
     * which has not passed it yet; anyone else goes where they belong.
     */
    private void pending(Context ctx, HeadOfficeConsole.SessionHandler h) {
        console.guarded(ctx, () -> {
            ConsoleSessions.Session s = console.sessionOrSignIn(ctx);
            if (s == null) {
                return;
            }
            if (s.secondFactorDone()) {
                ctx.redirect(next(ctx), HttpStatus.SEE_OTHER);
                return;
            }
            h.handle(ctx, s);
        });
    }

    private static String next(Context ctx) {
        String n = HeadOfficeConsole.safeNext(ctx.method() == io.javalin.http.HandlerType.GET ? ctx.queryParam("next") : ctx.formParam("next"));
        return n != null ? n : HeadOfficeConsole.ROOT + "/";
    }

    private static String nextOrNull(Context ctx) {
        return HeadOfficeConsole.safeNext(ctx.method() == io.javalin.http.HandlerType.GET ? ctx.queryParam("next") : ctx.formParam("next"));
    }

    private static String withNext(String path, String next) {
        return HeadOfficeConsole.ROOT + path + (next == null ? "" : "?next=" + HeadOfficeConsole.enc(next));
    }

    // ---- signing in with the code

    private void codePage(Context ctx, ConsoleSessions.Session s) throws Exception {
        if (factors.state(s.user().id()) != SecondFactors.State.ENROLLED) {
            ctx.redirect(withNext(PATH + "/enrol", nextOrNull(ctx)), HttpStatus.SEE_OTHER);
            return;
        }
        renderCode(ctx, s, 200, Form.of(console.text(ctx)));
    }

    private void renderCode(Context ctx, ConsoleSessions.Session s, int status, Form form) {
        console.render(ctx, status, "second-factor.jte", console.chrome(ctx, s, null, "secondFactor.title", null),
                new CodeModel(form, nextOrNull(ctx)));
    }

    private void checkCode(Context ctx, ConsoleSessions.Session s) throws Exception {
        if (!csrf(ctx, s)) {
            return;
        }
        Form form = Form.of(console.text(ctx));
        String typed = Optional.ofNullable(ctx.formParam("code")).orElse("").strip();
        if (typed.isEmpty() || typed.length() > 40) {
            form.error("code", "secondFactor.code.required");
            renderCode(ctx, s, 400, form);
            return;
        }
        if (lockedOut(ctx, s, form)) {
            renderCode(ctx, s, 429, form);
            return;
        }
        SecondFactors.Checked checked = factors.check(s.user().id(), typed);
        if (checked.outcome() != SecondFactors.Outcome.ACCEPTED) {
            refused(ctx, s, form, checked.outcome(), checked.recoveryCode() ? "recovery code" : "app");
            renderCode(ctx, s, 401, form);
            return;
        }
        limiter.success(key(s));
        sessions.elevate(ctx, s);
        audit.note(HeadOfficeConsole.actor(s), "console.second-factor", s.user().username(), checked.recoveryCode()
                ? Map.of("method", "recovery code", "recoveryCodesLeft", Integer.toString(checked.recoveryCodesLeft()))
                : Map.of("method", "app"));
        LOG.info("Console: user {} passed the second factor{}", s.user().id(), checked.recoveryCode() ? " with a recovery code" : "");
        if (checked.recoveryCode()) {
            ctx.redirect(HeadOfficeConsole.ROOT + PATH + "/recovery-codes?done=recovery-code-used", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.redirect(next(ctx), HttpStatus.SEE_OTHER);
    }

    // ---- enrolment

    private void enrolPage(Context ctx, ConsoleSessions.Session s) throws Exception {
        if (factors.state(s.user().id()) == SecondFactors.State.ENROLLED) {
            ctx.redirect(withNext(PATH, nextOrNull(ctx)), HttpStatus.SEE_OTHER);
            return;
        }
        renderEnrol(ctx, s, 200, Form.of(console.text(ctx)));
    }

    private void renderEnrol(Context ctx, ConsoleSessions.Session s, int status, Form form) throws Exception {
        byte[] secret = factors.pendingSecret(s.user().id());
        try {
            String uri = Totp.uri(ISSUER, s.user().username(), secret);
            console.render(ctx, status, "second-factor-enrol.jte", console.chrome(ctx, s, null, "secondFactor.enrol.title", null),
                    new EnrolModel(form, QrCode.of(uri), Totp.grouped(Totp.base32(secret)), uri, s.user().username(), nextOrNull(ctx)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private void confirm(Context ctx, ConsoleSessions.Session s) throws Exception {
        if (!csrf(ctx, s)) {
            return;
        }
        if (factors.state(s.user().id()) == SecondFactors.State.ENROLLED) {
            ctx.redirect(withNext(PATH, nextOrNull(ctx)), HttpStatus.SEE_OTHER);
            return;
        }
        Form form = Form.of(console.text(ctx));
        String typed = Optional.ofNullable(ctx.formParam("code")).orElse("").strip();
        if (!Totp.looksLikeCode(Totp.normalise(typed))) {
            form.error("code", "secondFactor.enrol.code.format");
            renderEnrol(ctx, s, 400, form);
            return;
        }
        if (lockedOut(ctx, s, form)) {
            renderEnrol(ctx, s, 429, form);
            return;
        }
        SecondFactors.Confirmed done = factors.confirm(s.user(), typed, HeadOfficeConsole.actor(s), audit);
        if (done.outcome() != SecondFactors.Outcome.ACCEPTED) {
            refused(ctx, s, form, done.outcome(), "enrolment");
            renderEnrol(ctx, s, 401, form);
            return;
        }
        limiter.success(key(s));
        ConsoleSessions.Session elevated = sessions.elevate(ctx, s);
        LOG.info("Console: user {} enrolled a second factor", s.user().id());
        // shown once, now: only their hashes are kept
        console.render(ctx, 200, "recovery-codes.jte", console.chrome(ctx, elevated, null, "secondFactor.codes.title", null),
                new CodesModel(done.recoveryCodes(), next(ctx)));
    }

    // ---- after the second factor: the user's recovery codes

    private void recoveryPage(Context ctx, ConsoleSessions.Session s) throws Exception {
        if (!s.role().needsSecondFactor()) {
            console.render(ctx, 404, "error.jte", console.chrome(ctx, s, null, "error.notFound.title", null),
                    new HeadOfficeConsole.ErrorPage("error.notFound.title", "error.notFound.body"));
            return;
        }
        console.render(ctx, 200, "second-factor-manage.jte", console.chrome(ctx, s, null, "secondFactor.manage.title", null),
                new RecoveryModel(factors.recoveryCodesLeft(s.user().id())));
    }

    private void newCodes(Context ctx, ConsoleSessions.Session s) throws Exception {
        if (!s.role().needsSecondFactor()) {
            HeadOfficeConsole.seeOther(ctx, "/", null);
            return;
        }
        List<String> codes = factors.newRecoveryCodes(s.user(), HeadOfficeConsole.actor(s), audit);
        console.render(ctx, 200, "recovery-codes.jte", console.chrome(ctx, s, null, "secondFactor.codes.title", null),
                new CodesModel(codes, HeadOfficeConsole.ROOT + PATH + "/recovery-codes"));
    }

    // ---- shared

    private boolean csrf(Context ctx, ConsoleSessions.Session s) throws Exception {
        if (ConsoleSessions.same(s.csrf(), ctx.formParam(HeadOfficeConsole.CSRF_FIELD))) {
            return true;
        }
        LOG.warn("Console: a second factor by user {} without its CSRF token was refused", s.user().id());
        console.render(ctx, 403, "error.jte", console.chrome(ctx, s, null, "error.forbidden.title", null),
                new HeadOfficeConsole.ErrorPage("error.forbidden.title", "error.csrf.body"));
        return false;
    }

    private static String key(ConsoleSessions.Session s) {
        // its own key: a right password (which clears the password's count) must not clear the codes'
        return "second-factor:" + s.user().id();
    }

    private boolean lockedOut(Context ctx, ConsoleSessions.Session s, Form form) {
        long wait = Math.max(limiter.retryAfterSeconds(key(s)), addressLimiter.retryAfterSeconds("ip:" + ctx.ip()));
        if (wait <= 0) {
            return false;
        }
        ctx.header("Retry-After", Long.toString(wait));
        form.error("code", "secondFactor.tooMany", (wait + 59) / 60);
        return true;
    }

    private void refused(Context ctx, ConsoleSessions.Session s, Form form, SecondFactors.Outcome outcome, String method) throws Exception {
        limiter.failure(key(s));
        addressLimiter.failure("ip:" + ctx.ip());
        audit.refused(HeadOfficeConsole.actor(s), "console.second-factor", s.user().username());
        LOG.info("Console: a second factor of user {} was refused ({}, {})", s.user().id(), method, outcome);
        form.error("code", switch (outcome) {
            case REUSED -> "secondFactor.code.reused";
            case UNREADABLE -> "secondFactor.code.unreadable";
            default -> method.equals("enrolment") ? "secondFactor.enrol.code.wrong" : "secondFactor.code.wrong";
        });
    }
}
