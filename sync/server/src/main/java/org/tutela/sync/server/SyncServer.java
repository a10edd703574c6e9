package org.tutela.sync.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.tutela.sync.protocol.EnrolRequest;
import org.tutela.sync.protocol.EnrolResponse;
import org.tutela.sync.protocol.ErrorBody;
import org.tutela.sync.protocol.ErrorCodes;
import org.tutela.sync.protocol.HealthResponse;
import org.tutela.sync.protocol.Protocol;
import org.tutela.sync.protocol.ProtocolJson;
import org.tutela.sync.protocol.PushRequest;
import org.tutela.sync.server.alerts.ConcernAlerts;
import org.tutela.sync.server.alerts.MailSettingsStore;
import org.tutela.sync.server.console.HeadOfficeConsole;

/**
 * The HTTPS API. Every answer is JSON; every client error is a 4xx with an {@link ErrorBody};
 * logs carry request ids, device ids and counts only.
 */
public final class SyncServer implements AutoCloseable {
    /** A version hash: SHA-256, base64url without padding (see Versions.hash). */

    private static final Logger LOG = LoggerFactory.getLogger(SyncServer.class);
    private static final String ATTR_DEVICE = "tutela.device";
    private static final String ATTR_SUMMARY = "tutela.summary";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Hard cap for any request body, enforced by Jetty before a handler runs. */
    static final long HARD_BODY_LIMIT = Protocol.MAX_BATCH_BYTES + 64 * 1024;

    private final Database db;
    private final Accounts accounts;
    private final SyncService sync;
    private final Tls.Identity identity;
    private final LoginLimiter limiter;
    private final LoginLimiter addressLimiter;
    private final Semaphore hashing = new Semaphore(2, true);
    private final GroupCommitter committer;
    /** Pushes parsed and queued at once; the rest wait their turn rather than compete for two cores. */
    private final Semaphore pushSlots = new Semaphore(Integer.getInteger("tutela.pushConcurrency", 16), true);
    private final ObjectMapper json = ProtocolJson.mapper();
    private final boolean ownsDatabase;
    private Javalin app;
    private ServerConnector connector;

    private final HeadOfficeConsole console;
    /** Keeps the report tables of the console's Reports pages current (null when the settings leave that to another instance). */
    private final org.tutela.sync.server.reports.ReportProjector reports;
    /** Emails the safeguarding lead of new safeguarding concerns, beside the API (never in a push). */
    private final ConcernAlerts alerts;

    private SyncServer(Database db, boolean ownsDatabase, Tls.Identity identity, ServerSettings settings, Clock clock,
                       ServerSecrets secrets) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.accounts = new Accounts(db, new AuditTrail(db, clock));
        this.sync = new SyncService(db);
        this.committer = new GroupCommitter(db, sync);
        this.identity = identity;
        this.limiter = new LoginLimiter(settings.intValue("login.max-failures"), settings.intValue("login.lockout-seconds") * 1000L);
        // one address may be a whole site behind NAT: a wider allowance, same lockout
        this.addressLimiter = new LoginLimiter(settings.intValue("login.max-failures") * 10, settings.intValue("login.lockout-seconds") * 1000L);
        this.alerts = new ConcernAlerts(db, new MailSettingsStore(db, secrets, clock), clock, settings.consoleZone());
        this.console = new HeadOfficeConsole(db, accounts, limiter, addressLimiter, hashing, clock, settings, secrets, alerts);
        this.reports = settings.reportsRefreshMillis() == 0 ? null
                : new org.tutela.sync.server.reports.ReportProjector(db, clock, settings.consoleZone(), settings.reportsRefreshMillis());
    }

    /** Opens the database (migrating it), loads or generates the certificate and starts listening. */
    public static SyncServer start(ServerSettings settings) throws Exception {
        return start(settings, Clock.systemUTC());
    }

    /** As {@link #start(ServerSettings)}, with the clock the console's sessions and audit trail read (tests move it). */
    public static SyncServer start(ServerSettings settings, Clock clock) throws Exception {
        Database db = Database.open(settings);
        try {
            return start(settings, db, true, clock);
        } catch (Exception e) {
            db.close();
            throw e;
        }
    }

    public static SyncServer start(ServerSettings settings, Database db, boolean ownsDatabase) throws Exception {
        return start(settings, db, ownsDatabase, Clock.systemUTC());
    }

    private static SyncServer start(ServerSettings settings, Database db, boolean ownsDatabase, Clock clock) throws Exception {
        DataFolder.secure(settings.dataDir());
        SyncServer s = new SyncServer(db, ownsDatabase, Tls.load(settings), settings, clock, ServerSecrets.load(settings.dataDir()));
        try {
            s.alerts.start();
            s.listen(settings.host(), settings.port());
            if (s.reports != null) {
                s.reports.start();
            }
        } catch (Exception e) {
            s.alerts.close();
            throw e;
        }
        return s;
    }

    private void listen(String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity.keyStore());
        ssl.setKeyStorePassword(new String(identity.password()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = HARD_BODY_LIMIT;
            // TRACE, DELETE... on an endpoint: 405 METHOD_NOT_ALLOWED, not "no such endpoint"
            config.http.prefer405over404 = true;
            config.jetty.addConnector((server, httpConfig) -> {
                SecureRequestCustomizer src = new SecureRequestCustomizer();
                src.setSniHostCheck(false);
                httpConfig.addCustomizer(src);
                httpConfig.setSendServerVersion(false);
                ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(httpConfig));
                c.setHost(host);
                c.setPort(port);
                connector = c;
                return c;
            });
            config.jetty.modifyServer(server -> {
                server.insertHandler(new SizeLimitHandler(HARD_BODY_LIMIT, -1));
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.requestLogger.http((ctx, ms) -> LOG.info("request={} {} {} -> {} in {} ms{}", ctx.attribute("tutela.requestId"),
                    ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms), summary(ctx)));
            config.routes.before(ctx -> {
                String rid = newRequestId();
                ctx.attribute("tutela.requestId", rid);
                MDC.put("requestId", rid);
                ctx.header(Protocol.REQUEST_ID_HEADER, rid);
            });
            config.routes.after(ctx -> MDC.clear());
            console.install(config);
            config.routes.get(Protocol.PATH_HEALTH, this::health);
            config.routes.post(Protocol.PATH_ENROL, this::enrol);
            config.routes.post(Protocol.PATH_PUSH, this::push);
            config.routes.get(Protocol.PATH_PULL, this::pull);
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.body()));
            config.routes.exception(io.javalin.http.HttpResponseException.class,
                    (e, ctx) -> error(ctx, e.getStatus(), JsonErrorHandler.bodyFor(e.getStatus())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Internal error {} handling {} {}", e.getClass().getName(), ctx.method(), ctx.path(), scrub(e));
                error(ctx, 500, ErrorBody.of(ErrorCodes.INTERNAL, "The server failed; quote the request id to head office"));
            });
        });
        app.start();
        LOG.info("Listening on https://{}:{} ({})", host, port(), db.description());
    }

    /**
     * The failure as types and stack traces only, down its whole cause chain: messages can quote
     * stored values (a database's "Key (...)=(...)" detail, an unparsable field), so none is logged.
     * SQL errors keep their state and code.
     */
    public static Throwable scrub(Throwable e) {
        Exception clean = new Exception(e instanceof java.sql.SQLException sql
                ? e.getClass().getName() + " state " + sql.getSQLState() + " code " + sql.getErrorCode()
                : e.getClass().getName(), e.getCause() == null || e.getCause() == e ? null : scrub(e.getCause()));
        clean.setStackTrace(e.getStackTrace());
        return clean;
    }

    static String newRequestId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String summary(Context ctx) {
        Object d = ctx.attribute(ATTR_DEVICE);
        Object s = ctx.attribute(ATTR_SUMMARY);
        return (d == null ? "" : " device=" + d) + (s == null ? "" : " " + s);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public X509Certificate certificate() {
        return identity.certificate();
    }

    public String fingerprint() {
        return identity.fingerprint();
    }

    public Database database() {
        return db;
    }

    SyncService syncService() {
        return sync;
    }

    public Accounts accounts() {
        return accounts;
    }

    public ConcernAlerts alerts() {
        return alerts;
    }

    /** The report tables' projector, or empty when the settings leave it to another instance. */
    public java.util.Optional<org.tutela.sync.server.reports.ReportProjector> reportProjector() {
        return java.util.Optional.ofNullable(reports);
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (reports != null) {
            reports.close();
        }
        alerts.close();
        committer.close();
        if (ownsDatabase) {
            db.close();
        }
    }

    // ---- handlers

    private void health(Context ctx) throws Exception {
        respond(ctx, 200, new HealthResponse("ok", Protocol.PROTOCOL_VERSION, Protocol.SUPPORTED_PROTOCOL_VERSIONS,
                Protocol.SUPPORTED_SCHEMA_VERSIONS, db.epoch()));
    }

    private void enrol(Context ctx) throws Exception {
        String ipKey = "ip:" + ctx.ip();
        long wait = addressLimiter.retryAfterSeconds(ipKey);
        if (wait > 0) {
            throw tooMany(ctx, wait);
        }
        EnrolRequest req = SyncRequests.parse(SyncRequests.readBody(ctx, Protocol.MAX_SMALL_BODY_BYTES), EnrolRequest.class);
        WireText.check(req);
        SyncRequests.checkProtocol(req.protocolVersion(), "protocolVersion");
        if (req.username() == null || req.username().isBlank()) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "username", "username is required");
        }
        if (req.password() == null || req.password().isEmpty()) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "password", "password is required");
        }
        if (req.password().length() > 1000) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "password", "password is too long");
        }
        if (req.deviceName() != null && req.deviceName().length() > 100) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "deviceName", "deviceName may have at most 100 characters");
        }
        String userKey = "user:" + req.username().trim().toLowerCase(java.util.Locale.ROOT);
        wait = limiter.retryAfterSeconds(userKey);
        if (wait > 0) {
            throw tooMany(ctx, wait);
        }
        if (!hashing.tryAcquire(10, TimeUnit.SECONDS)) {
            throw ApiException.of(503, ErrorCodes.BUSY, "Too many enrolments at once; try again shortly");
        }
        java.util.Optional<Accounts.Enrolment> result;
        try {
            result = accounts.enrol(req.username(), req.password().toCharArray(), req.deviceName());
        } finally {
            hashing.release();
        }
        if (result.isEmpty()) {
            limiter.failure(userKey);
            addressLimiter.failure(ipKey);
            ctx.attribute(ATTR_SUMMARY, "enrol=refused");
            throw ApiException.of(401, ErrorCodes.BAD_CREDENTIALS, "Wrong username or password, or the account is disabled");
        }
        limiter.success(userKey);
        Accounts.Enrolment en = result.get();
        ctx.attribute(ATTR_DEVICE, en.deviceId());
        ctx.attribute(ATTR_SUMMARY, "enrol=ok");
        respond(ctx, 200, new EnrolResponse(Protocol.PROTOCOL_VERSION, java.util.UUID.fromString(en.deviceId()), en.token(),
                en.role().wire(), db.epoch(), en.displayName()));
    }

    private static ApiException tooMany(Context ctx, long wait) {
        ctx.header("Retry-After", Long.toString(wait));
        return ApiException.of(429, ErrorCodes.TOO_MANY_ATTEMPTS, "Too many failed sign-ins; try again in " + wait + " seconds");
    }

    private Accounts.Caller authenticate(Context ctx) throws Exception {
        String h = ctx.header("Authorization");
        String prefix = Protocol.AUTHORIZATION_SCHEME + " ";
        if (h == null || !h.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw ApiException.of(401, ErrorCodes.UNAUTHORIZED, "A device token is required: Authorization: Bearer <token>");
        }
        Accounts.Caller caller = accounts.authenticate(h.substring(prefix.length()).trim())
                .orElseThrow(() -> ApiException.of(401, ErrorCodes.UNAUTHORIZED,
                        "The device token is unknown or revoked; enrol this device again"));
        ctx.attribute(ATTR_DEVICE, caller.deviceId());
        MDC.put("deviceId", caller.deviceId());
        return caller;
    }

    private void push(Context ctx) throws Exception {
        Accounts.Caller caller = authenticate(ctx);
        syncing();
        pushSlots.acquire();
        try {
            pushAdmitted(ctx, caller);
        } finally {
            pushSlots.release();
        }
    }

    private void pushAdmitted(Context ctx, Accounts.Caller caller) throws Exception {
        PushRequest req = SyncRequests.parse(SyncRequests.readBody(ctx, Protocol.MAX_BATCH_BYTES), PushRequest.class);
        WireText.check(req);
        SyncRequests.checkProtocol(req.protocolVersion(), "protocolVersion");
        SyncRequests.checkSchema(req.schemaVersion(), "schemaVersion");
        if (req.deviceId() == null) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "deviceId", "deviceId is required");
        }
        if (!req.deviceId().toString().equals(caller.deviceId())) {
            throw ApiException.field(403, ErrorCodes.FORBIDDEN, "deviceId", "deviceId does not belong to this device token");
        }
        if (req.entries() == null) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "entries", "entries is required (an array)");
        }
        if (req.entries().size() > Protocol.MAX_BATCH_ENTRIES) {
            throw new ApiException(413, new ErrorBody(ErrorCodes.BATCH_TOO_LARGE,
                    "A push batch may carry at most " + Protocol.MAX_BATCH_ENTRIES + " entries; this one has " + req.entries().size(),
                    "entries", null, (long) Protocol.MAX_BATCH_ENTRIES, null, null, null));
        }
        SyncRequests.validateEntries(req.entries());
        // the device's pull cursor, when it names it: the answer then says whether a pull would bring anything
        Long after = ctx.queryParam("after") == null ? null : SyncRequests.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        SyncService.PushOutcome out = committer.push(caller, req, after);
        ctx.attribute(ATTR_SUMMARY, "entries=" + req.entries().size() + " applied=" + out.applied() + " duplicate="
                + out.duplicates() + " conflict=" + out.conflicts() + " rejected=" + out.rejected());
        respond(ctx, 200, out.response());
    }

    /** A laptop is syncing: the report tables wait for a quiet moment (see {@link org.tutela.sync.server.reports.ReportProjector}). */
    private void syncing() {
        if (reports != null) {
            reports.syncRequested();
        }
    }

    private void pull(Context ctx) throws Exception {
        Accounts.Caller caller = authenticate(ctx);
        syncing();
        SyncRequests.checkProtocol(ctx.queryParam("protocolVersion"), "protocolVersion");
        String sv = ctx.queryParam("schemaVersion");
        Integer schema = null;
        if (sv != null) {
            try {
                schema = Integer.valueOf(sv);
            } catch (NumberFormatException e) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "schemaVersion", "schemaVersion must be a whole number");
            }
        }
        SyncRequests.checkSchema(schema, "schemaVersion");
        long after = SyncRequests.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) SyncRequests.longParam(ctx, "limit", Protocol.DEFAULT_PULL_LIMIT, 1, Protocol.MAX_PULL_LIMIT);
        String epoch = ctx.queryParam("epoch");
        String own = ctx.queryParam("includeOwn");
        if (own != null && !own.equals("true") && !own.equals("false")) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "includeOwn", "includeOwn must be true or false");
        }
        SyncService.PullOutcome out = sync.pull(caller, after, limit, epoch == null || epoch.isEmpty() ? null : epoch, "true".equals(own));
        ctx.attribute(ATTR_SUMMARY, "after=" + after + " scanned=" + out.scanned() + " returned=" + out.response().changes().size()
                + " next=" + out.response().nextCursor());
        respond(ctx, 200, out.response());
    }

    private void respond(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(json.writeValueAsBytes(body));
    }

    private void error(Context ctx, int status, ErrorBody body) {
        Object rid = ctx.attribute("tutela.requestId");
        try {
            respond(ctx, status, body.withRequestId(rid == null ? null : rid.toString()));
        } catch (JsonProcessingException e) {
            ctx.status(status).result("{\"code\":\"" + body.code() + "\"}");
        }
    }
}
