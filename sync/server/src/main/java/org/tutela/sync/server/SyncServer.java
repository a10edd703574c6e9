package org.tutela.sync.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
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
import org.tutela.sync.protocol.PushEntry;
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
    private static final java.util.regex.Pattern BASE_HASH = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

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
        EnrolRequest req = parse(readBody(ctx, Protocol.MAX_SMALL_BODY_BYTES), EnrolRequest.class);
        WireText.check(req);
        checkProtocol(req.protocolVersion(), "protocolVersion");
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
        PushRequest req = parse(readBody(ctx, Protocol.MAX_BATCH_BYTES), PushRequest.class);
        WireText.check(req);
        checkProtocol(req.protocolVersion(), "protocolVersion");
        checkSchema(req.schemaVersion(), "schemaVersion");
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
        validateEntries(req.entries());
        // the device's pull cursor, when it names it: the answer then says whether a pull would bring anything
        Long after = ctx.queryParam("after") == null ? null : longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
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

    static void validateEntries(List<PushEntry> entries) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            PushEntry e = entries.get(i);
            String at = "entries[" + i + "]";
            if (e == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at, at + " is null");
            }
            if (e.deviceSequence() == null || e.deviceSequence() < 1) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".deviceSequence", at + ".deviceSequence is required (1 or more)");
            }
            if (!seen.add(e.deviceSequence())) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".deviceSequence", "deviceSequence " + e.deviceSequence() + " appears twice in the batch");
            }
            if (e.recordId() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".recordId", at + ".recordId is required (a UUID)");
            }
            if (e.kind() == null || e.kind().isBlank() || e.kind().length() > Protocol.MAX_KIND_LENGTH) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".kind", at + ".kind is required (at most " + Protocol.MAX_KIND_LENGTH + " characters)");
            }
            if (e.baseRevision() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".baseRevision", at + ".baseRevision is required (0 for a new record)");
            }
            if (e.baseRevision() > 0 && (e.baseHash() == null || !BASE_HASH.matcher(e.baseHash()).matches())) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".baseHash",
                        at + ".baseHash is required when baseRevision is above 0 (the hash of the version the change was made from)");
            }
            if (e.revision() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".revision", at + ".revision is required");
            }
            if (e.updatedAt() == null) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, at + ".updatedAt", at + ".updatedAt is required (ISO-8601 instant)");
            }
        }
    }

    private void pull(Context ctx) throws Exception {
        Accounts.Caller caller = authenticate(ctx);
        syncing();
        checkProtocol(ctx.queryParam("protocolVersion"), "protocolVersion");
        String sv = ctx.queryParam("schemaVersion");
        Integer schema = null;
        if (sv != null) {
            try {
                schema = Integer.valueOf(sv);
            } catch (NumberFormatException e) {
                throw ApiException.field(400, ErrorCodes.INVALID_FIELD, "schemaVersion", "schemaVersion must be a whole number");
            }
        }
        checkSchema(schema, "schemaVersion");
        long after = longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParam(ctx, "limit", Protocol.DEFAULT_PULL_LIMIT, 1, Protocol.MAX_PULL_LIMIT);
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

    private static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, name, name + " must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw ApiException.field(400, ErrorCodes.INVALID_FIELD, name, name + " must be from " + min + " to " + max);
        }
        return n;
    }

    private static void checkProtocol(String version, String field) {
        if (!Protocol.supportsProtocol(version)) {
            throw new ApiException(400, new ErrorBody(ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION,
                    (version == null ? "protocolVersion is required. " : "Protocol version " + abbreviate(version) + " is not supported. ")
                            + "This server speaks protocol version(s) " + Protocol.SUPPORTED_PROTOCOL_VERSIONS
                            + ": update Tutela on this device (or ask head office to update the server)",
                    field, Protocol.SUPPORTED_PROTOCOL_VERSIONS, null, null, null, null));
        }
    }

    private static void checkSchema(Integer version, String field) {
        if (!Protocol.supportsSchema(version)) {
            throw new ApiException(400, new ErrorBody(ErrorCodes.UNSUPPORTED_SCHEMA_VERSION,
                    (version == null ? "schemaVersion is required. " : "Record schema version " + version + " is not supported. ")
                            + "This server accepts record schema version(s) " + Protocol.SUPPORTED_SCHEMA_VERSIONS
                            + ": update Tutela on this device (or ask head office to update the server)",
                    field, Protocol.SUPPORTED_SCHEMA_VERSIONS, null, null, null, null));
        }
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9._-]", "?");
        return "'" + (clean.length() > 20 ? clean.substring(0, 20) + "..." : clean) + "'";
    }

    /**
     * Reads the body, refusing more than {@code limit} bytes with 413 (and nothing applied). An
     * oversized body is still read to its end (Jetty caps it at {@link #HARD_BODY_LIMIT} before
     * this runs) so that the client, still uploading, receives the answer.
     */
    private static byte[] readBody(Context ctx, long limit) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        boolean over = declared > limit;
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 1024), limit));
            byte[] buf = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > limit) {
                    over = true;
                }
                if (!over) {
                    out.write(buf, 0, n);
                }
            }
            if (over) {
                throw tooLarge(limit);
            }
            return out.toByteArray();
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (over || String.valueOf(e.getMessage()).contains("413") || e.getClass().getSimpleName().contains("BadMessage")) {
                throw tooLarge(limit);
            }
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "The request body could not be read");
        }
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, new ErrorBody(ErrorCodes.BATCH_TOO_LARGE,
                "The request body may have at most " + limit + " bytes; send fewer entries per batch", null, null, limit, null, null, null));
    }

    private <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "The request body is empty; expected a JSON object");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Expected a JSON object, got null");
            }
            return value;
        } catch (InputCoercionException e) {
            throw outOfRange(e.getProcessor() == null ? null : path(e.getProcessor().getParsingContext()));
        } catch (StreamReadException e) {
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (JsonMappingException e) {
            if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException && String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Malformed JSON: the body ends too early");
            }
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof InputCoercionException) {
                    throw outOfRange(path(e));
                }
                if (t instanceof StreamReadException sre) {
                    String where = sre.getLocation() == null ? "" : " at line " + sre.getLocation().getLineNr() + ", column " + sre.getLocation().getColumnNr();
                    throw new ApiException(400, ErrorBody.of(ErrorCodes.MALFORMED_JSON, "Malformed JSON" + where).withField(path(e)));
                }
            }
            String field = path(e);
            String msg;
            if (e instanceof UnrecognizedPropertyException u) {
                field = field == null ? abbreviate(u.getPropertyName()) : field;
                msg = "Unknown field " + field;
            } else if (field == null) {
                msg = "The body must be a JSON object of the documented shape";
            } else {
                msg = "Field " + field + " is missing, or has the wrong type or format";
            }
            throw new ApiException(400, ErrorBody.of(ErrorCodes.INVALID_FIELD, msg).withField(field));
        } catch (IOException e) {
            throw ApiException.of(400, ErrorCodes.MALFORMED_JSON, "Malformed JSON");
        }
    }

    /** A number beyond the range of its field's type (valid JSON, wrong value): the field is named. */
    private static ApiException outOfRange(String field) {
        return new ApiException(400, ErrorBody.of(ErrorCodes.INVALID_FIELD, field == null
                ? "A number is beyond the range of its field" : "Field " + field + " is a number beyond the range of its type")
                .withField(field));
    }

    /** The JSON path where the parser stands, as {@code entries[3].deviceSequence}. */
    private static String path(JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName().replaceAll("[^A-Za-z0-9_]", "?"));
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String p = String.join("", parts);
        return p.isEmpty() ? null : p.startsWith(".") ? p.substring(1) : p;
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName().replaceAll("[^A-Za-z0-9_]", "?"));
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? null : b.toString();
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
