package org.tutela.sync.server.secondfactor;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.ServerSecrets;

/**
 * The console's second factor: a TOTP secret per user (sealed under the data folder's
 * {@link ServerSecrets}), enrolled by typing a first code from the app, and ten one-time recovery
 * codes kept only as keyed hashes. A code is accepted once: each user's last accepted 30-second
 * step is stored, and only a later step's code is taken (one step either side of the server's
 * clock is allowed for a phone whose clock drifts). Guessing is throttled by the console's login
 * limiter, not here.
 */
public final class SecondFactors {
    private static final Logger LOG = LoggerFactory.getLogger(SecondFactors.class);
    public static final int RECOVERY_CODES = 10;
    /** An unconfirmed secret is shown again on a reload for this long, then replaced. */
    static final long PENDING_MILLIS = 60 * 60 * 1000L;
    private static final String PURPOSE = "totp";
    /** Recovery codes: no 0/o, 1/l/i, so that they read back without doubt. */
    private static final String RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    private static final int RECOVERY_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum State { NONE, PENDING, ENROLLED }

    /**
     * What a typed code came to. {@code UNREADABLE}: the stored secret does not open with the data
     * folder's key (the key was replaced or lost); only an administrator's reset helps.
     */
    public enum Outcome { ACCEPTED, WRONG, REUSED, UNREADABLE }

    /** The outcome of a sign-in's code; {@code recoveryCodesLeft} when a recovery code was used, else -1. */
    public record Checked(Outcome outcome, boolean recoveryCode, int recoveryCodesLeft) {
    }

    /** The outcome of confirming an enrolment, and the recovery codes to show once. */
    public record Confirmed(Outcome outcome, List<String> recoveryCodes) {
    }

    private final Database db;
    private final ServerSecrets secrets;
    private final Clock clock;

    public SecondFactors(Database db, ServerSecrets secrets, Clock clock) {
        this.db = db;
        this.secrets = secrets;
        this.clock = clock;
    }

    public State state(String userId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT enrolled_at FROM second_factors WHERE user_id = ?")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return State.NONE;
                }
                rs.getLong(1);
                return rs.wasNull() ? State.PENDING : State.ENROLLED;
            }
        }
    }

    /**
     * The secret to enrol: the one waiting for its first code (so a reload shows the same QR
     * code), or a new one. The caller wipes it. Refused once the user is enrolled.
     */
    public byte[] pendingSecret(String userId) throws Exception {
        long now = clock.millis();
        return db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT secret_sealed, created_at, enrolled_at FROM second_factors WHERE user_id = ?" + db.forUpdate())) {
                q.setString(1, userId);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        String sealed = rs.getString(1);
                        long created = rs.getLong(2);
                        rs.getLong(3);
                        if (!rs.wasNull()) {
                            throw new IllegalStateException("This account has a second factor already");
                        }
                        if (now - created < PENDING_MILLIS) {
                            try {
                                return secrets.open(PURPOSE, userId, sealed);
                            } catch (ServerSecrets.UnreadableSecretException e) {
                                LOG.warn("Second factor: user {}'s unconfirmed secret does not open; a new one replaces it", userId);
                            }
                        }
                    }
                }
            }
            byte[] secret = Totp.newSecret();
            try (PreparedStatement del = c.prepareStatement("DELETE FROM second_factors WHERE user_id = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO second_factors (user_id, secret_sealed, created_at, enrolled_at, last_step) VALUES (?, ?, ?, NULL, 0)")) {
                del.setString(1, userId);
                del.executeUpdate();
                ins.setString(1, userId);
                ins.setString(2, secrets.seal(PURPOSE, userId, secret));
                ins.setLong(3, now);
                ins.executeUpdate();
            }
            return secret;
        });
    }

    /**
     * Completes an enrolment with the first code from the app: the second factor is on from now,
     * and ten new recovery codes are returned (to show once; only their hashes are kept). Written
     * to the audit trail in the same transaction.
     */
    public Confirmed confirm(Accounts.User user, String typed, AuditTrail.Actor actor, AuditTrail audit) throws Exception {
        String code = Totp.normalise(typed);
        if (!Totp.looksLikeCode(code)) {
            return new Confirmed(Outcome.WRONG, List.of());
        }
        long now = Totp.step(clock.millis());
        return db.inTransaction(c -> {
            String sealed;
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT secret_sealed FROM second_factors WHERE user_id = ? AND enrolled_at IS NULL" + db.forUpdate())) {
                q.setString(1, user.id());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return new Confirmed(Outcome.WRONG, List.of());
                    }
                    sealed = rs.getString(1);
                }
            }
            byte[] secret;
            try {
                secret = secrets.open(PURPOSE, user.id(), sealed);
            } catch (ServerSecrets.UnreadableSecretException e) {
                return new Confirmed(Outcome.UNREADABLE, List.of());
            }
            long matched = -1;
            try {
                for (long s = now + 1; s >= now - 1; s--) {
                    if (Totp.matches(secret, s, code)) {
                        matched = s;
                        break;
                    }
                }
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            if (matched < 0) {
                return new Confirmed(Outcome.WRONG, List.of());
            }
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE second_factors SET enrolled_at = ?, last_step = ? WHERE user_id = ? AND enrolled_at IS NULL")) {
                up.setLong(1, clock.millis());
                up.setLong(2, matched);
                up.setString(3, user.id());
                if (up.executeUpdate() != 1) {
                    return new Confirmed(Outcome.WRONG, List.of());
                }
            }
            List<String> codes = replaceRecoveryCodes(c, user.id());
            audit.record(c, actor, "second-factor.enrol", user.username(), Map.of("recoveryCodes", Integer.toString(codes.size())));
            return new Confirmed(Outcome.ACCEPTED, codes);
        });
    }

    /**
     * Checks a sign-in's second factor: six digits are a code from the app (accepted once, and
     * only if later than the last one accepted); anything else is tried as a recovery code (each
     * works once).
     */
    public Checked check(String userId, String typed) throws Exception {
        String code = Totp.normalise(typed);
        if (Totp.looksLikeCode(code)) {
            return new Checked(checkCode(userId, code), false, -1);
        }
        String recovery = normaliseRecoveryCode(typed);
        if (recovery.length() != RECOVERY_LENGTH) {
            return new Checked(Outcome.WRONG, false, -1);
        }
        return checkRecoveryCode(userId, recovery);
    }

    private Outcome checkCode(String userId, String code) throws Exception {
        long now = Totp.step(clock.millis());
        String sealed;
        long last;
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement(
                "SELECT secret_sealed, last_step FROM second_factors WHERE user_id = ? AND enrolled_at IS NOT NULL")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Outcome.WRONG;
                }
                sealed = rs.getString(1);
                last = rs.getLong(2);
            }
        }
        byte[] secret;
        try {
            secret = secrets.open(PURPOSE, userId, sealed);
        } catch (ServerSecrets.UnreadableSecretException e) {
            LOG.warn("Second factor: user {}'s secret does not open with the data folder's secrets key; an administrator must reset it",
                    userId);
            return Outcome.UNREADABLE;
        }
        long matched = -1;
        boolean seenBefore = false;
        try {
            for (long s = now + 1; s >= now - 1; s--) {
                if (Totp.matches(secret, s, code)) {
                    if (s > last) {
                        matched = s;
                        break;
                    }
                    seenBefore = true;
                }
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        if (matched < 0) {
            return seenBefore ? Outcome.REUSED : Outcome.WRONG;
        }
        // taken only if no other request took this step (or a later one) first
        long step = matched;
        boolean won = db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE second_factors SET last_step = ? WHERE user_id = ? AND last_step < ? AND enrolled_at IS NOT NULL")) {
                up.setLong(1, step);
                up.setString(2, userId);
                up.setLong(3, step);
                return up.executeUpdate() == 1;
            }
        });
        return won ? Outcome.ACCEPTED : Outcome.REUSED;
    }

    private Checked checkRecoveryCode(String userId, String recovery) throws Exception {
        String hash = secrets.recoveryCodeHash(userId, recovery);
        return db.inTransaction(c -> {
            int used;
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")) {
                up.setLong(1, clock.millis());
                up.setString(2, userId);
                up.setString(3, hash);
                used = up.executeUpdate();
            }
            if (used == 1) {
                return new Checked(Outcome.ACCEPTED, true, left(c, userId));
            }
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM recovery_codes WHERE user_id = ? AND code_hash = ?")) {
                q.setString(1, userId);
                q.setString(2, hash);
                try (ResultSet rs = q.executeQuery()) {
                    return new Checked(rs.next() ? Outcome.REUSED : Outcome.WRONG, true, -1);
                }
            }
        });
    }

    /** Recovery codes not used yet. */
    public int recoveryCodesLeft(String userId) throws SQLException {
        try (Connection c = db.connection()) {
            return left(c, userId);
        }
    }

    private static int left(Connection c, String userId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Ten new recovery codes in place of the old ones (used or not), for an enrolled user; audited. */
    public List<String> newRecoveryCodes(Accounts.User user, AuditTrail.Actor actor, AuditTrail audit) throws Exception {
        return db.inTransaction(c -> {
            if (!enrolled(c, user.id())) {
                throw new IllegalStateException("This account has no second factor");
            }
            List<String> codes = replaceRecoveryCodes(c, user.id());
            audit.record(c, actor, "second-factor.new-recovery-codes", user.username(), Map.of());
            return codes;
        });
    }

    private static boolean enrolled(Connection c, String userId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM second_factors WHERE user_id = ? AND enrolled_at IS NOT NULL")) {
            q.setString(1, userId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private List<String> replaceRecoveryCodes(Connection c, String userId) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM recovery_codes WHERE user_id = ?")) {
            del.setString(1, userId);
            del.executeUpdate();
        }
        List<String> codes = new ArrayList<>();
        long now = clock.millis();
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at, used_at) VALUES (?, ?, ?, NULL)")) {
            while (codes.size() < RECOVERY_CODES) {
                String code = newRecoveryCode();
                if (codes.contains(code)) {
                    continue;
                }
                codes.add(code);
                ins.setString(1, userId);
                ins.setString(2, secrets.recoveryCodeHash(userId, normaliseRecoveryCode(code)));
                ins.setLong(3, now);
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return codes;
    }

    /** "abcde-fghjk": ten letters and digits that read back without doubt (about 50 random bits). */
    static String newRecoveryCode() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < RECOVERY_LENGTH; i++) {
            if (i == RECOVERY_LENGTH / 2) {
                b.append('-');
            }
            b.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
        }
        return b.toString();
    }

    static String normaliseRecoveryCode(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Removes a user's second factor and recovery codes and ends their console sessions: at their
     * next sign-in they enrol again (for a lost phone). Audited in the same transaction. False if
     * the user had none.
     */
    public boolean reset(String username, AuditTrail.Actor actor, AuditTrail audit) throws Exception {
        String name = Accounts.normaliseUsername(username);
        return db.inTransaction(c -> {
            Optional<Accounts.User> u = Accounts.findUser(c, name);
            if (u.isEmpty()) {
                throw new IllegalArgumentException("No user " + name);
            }
            String id = u.get().id();
            int removed;
            try (PreparedStatement codes = c.prepareStatement("DELETE FROM recovery_codes WHERE user_id = ?");
                 PreparedStatement factor = c.prepareStatement("DELETE FROM second_factors WHERE user_id = ?");
                 PreparedStatement sessions = c.prepareStatement("DELETE FROM console_sessions WHERE user_id = ?")) {
                codes.setString(1, id);
                codes.executeUpdate();
                factor.setString(1, id);
                removed = factor.executeUpdate();
                sessions.setString(1, id);
                sessions.executeUpdate();
            }
            audit.record(c, actor, "second-factor.reset", name, Map.of());
            return removed > 0;
        });
    }
}
