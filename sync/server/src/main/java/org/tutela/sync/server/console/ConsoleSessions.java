package org.tutela.sync.server.console;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.Tokens;
import org.tutela.sync.server.UserDetails;

/**
 * Console sessions, kept in the database so that any server instance can serve any request.
 * The cookie holds 256 random bits; the database holds only their SHA-256. A session starts
 * anew at every sign-in (a token from before is never reused), ends at sign-out, after the idle
 * limit without a request, after {@link #MAX_AGE} in all, and when its user is disabled.
 *
 * <p>Each session's CSRF token is derived from its secret token (one-way), so it is never
 * stored and changes with every sign-in. The sign-in form, before there is a session, carries a
 * random token that must match a cookie of its own (double submit).
 */
final class ConsoleSessions {
    static final String COOKIE = "__Host-tutela-console";
    static final String SIGN_IN_COOKIE = "__Host-tutela-sign-in";
    static final Duration MAX_AGE = Duration.ofHours(12);
    /** last_seen_at is written at most this often; the idle limit is kept to within it. */
    static final long TOUCH_MILLIS = 10_000;

    /** A signed-in user. {@code csrf} goes into every form of theirs. */
    record Session(String tokenHash, String csrf, Accounts.User user) {
        Role role() {
            return user.role();
        }

        boolean can(Permission p) {
            return Permission.allows(user.role(), p);
        }
    }

    enum State { NONE, ENDED, ACTIVE }

    record Lookup(State state, Session session) {
    }

    private final Database db;
    private final Clock clock;
    private final Duration idle;

    ConsoleSessions(Database db, Clock clock, Duration idle) {
        this.db = db;
        this.clock = clock;
        this.idle = idle;
    }

    Duration idleLimit() {
        return idle;
    }

    /** The session the request's cookie names: active, ended (expired, signed out elsewhere, user disabled) or none. */
    Lookup current(Context ctx) throws Exception {
        String token = ctx.cookie(COOKIE);
        if (token == null || token.isEmpty() || token.length() > 100) {
            return new Lookup(State.NONE, null);
        }
        String hash = Tokens.hash(token);
        long now = clock.millis();
        Accounts.User user;
        long created;
        long lastSeen;
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement(
                "SELECT s.created_at, s.last_seen_at, u.id, u.username, u.role, u.disabled, u.display_name, u.email, u.phone"
                        + " FROM console_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?")) {
            q.setString(1, hash);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return new Lookup(State.ENDED, null);
                }
                created = rs.getLong(1);
                lastSeen = rs.getLong(2);
                user = new Accounts.User(rs.getString(3), rs.getString(4), Role.parse(rs.getString(5)), rs.getBoolean(6),
                        new UserDetails(rs.getString(7), rs.getString(8), rs.getString(9)));
            }
        }
        if (now - lastSeen >= idle.toMillis() || now - created >= MAX_AGE.toMillis() || user.disabled() || !user.role().usesConsole()) {
            delete(hash);
            return new Lookup(State.ENDED, null);
        }
        if (now - lastSeen >= TOUCH_MILLIS) {
            try (Connection c = db.connection();
                 PreparedStatement up = c.prepareStatement("UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?")) {
                up.setLong(1, now);
                up.setString(2, hash);
                up.executeUpdate();
            }
        }
        return new Lookup(State.ACTIVE, new Session(hash, csrfFor(token), user));
    }

    /** Signs {@code user} in: ends the session the browser had (if any) and starts a new one. */
    Session start(Context ctx, Accounts.User user) throws Exception {
        String old = ctx.cookie(COOKIE);
        String token = Tokens.newToken();
        String hash = Tokens.hash(token);
        long now = clock.millis();
        db.inTransaction(c -> {
            if (old != null && !old.isEmpty() && old.length() <= 100) {
                deleteIn(c, Tokens.hash(old));
            }
            // ended sessions of anyone are swept here, so the table holds only live ones
            try (PreparedStatement del = c.prepareStatement("DELETE FROM console_sessions WHERE last_seen_at < ? OR created_at < ?")) {
                del.setLong(1, now - idle.toMillis());
                del.setLong(2, now - MAX_AGE.toMillis());
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO console_sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, hash);
                ins.setString(2, user.id());
                ins.setLong(3, now);
                ins.setLong(4, now);
                ins.executeUpdate();
            }
            return null;
        });
        setCookie(ctx, COOKIE, token);
        clearCookie(ctx, SIGN_IN_COOKIE);
        return new Session(hash, csrfFor(token), user);
    }

    /** Ends the request's session, if any, and clears its cookie. */
    void end(Context ctx, Session s) throws Exception {
        if (s != null) {
            delete(s.tokenHash());
        }
        clearCookie(ctx, COOKIE);
    }

    private void delete(String hash) throws Exception {
        db.inTransaction(c -> {
            deleteIn(c, hash);
            return null;
        });
    }

    private static void deleteIn(Connection c, String hash) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM console_sessions WHERE token_hash = ?")) {
            del.setString(1, hash);
            del.executeUpdate();
        }
    }

    /** The sign-in form's token: the browser's sign-in cookie, made now if it has none. */
    String signInToken(Context ctx) {
        String t = ctx.cookie(SIGN_IN_COOKIE);
        if (t == null || t.length() < 20 || t.length() > 100) {
            t = Tokens.newToken();
            setCookie(ctx, SIGN_IN_COOKIE, t);
        }
        return t;
    }

    static boolean signInTokenMatches(Context ctx, String submitted) {
        String cookie = ctx.cookie(SIGN_IN_COOKIE);
        return cookie != null && cookie.length() >= 20 && same(cookie, submitted);
    }

    static boolean same(String expected, String submitted) {
        return submitted != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }

    private static String csrfFor(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("tutela.console.csrf\n" + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session cookie: HttpOnly, Secure, SameSite=Strict, host-only ({@code __Host-}), gone when the browser closes. */
    private static void setCookie(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    }

    private static void clearCookie(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
    }
}
