package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Users, caseloads and devices. Used by the HTTP API and the admin command line. */
public final class Accounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,99}");
    public static final String SCOPE_LEARNER = "learner";
    public static final String SCOPE_GROUP = "group";

    public record User(String id, String username, Role role, boolean disabled) {
    }

    /** An authenticated device. */
    public record Caller(String deviceId, String userId, Role role) {
    }

    public record DeviceInfo(String id, String username, String name, long enrolledAt, Long revokedAt, long ackedSequence,
                             long entriesReceived, Long lastPushAt, Long lastPullAt, long lastPullCursor) {
    }

    private final Database db;

    public Accounts(Database db) {
        this.db = db;
    }

    public static String normaliseUsername(String username) {
        String u = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(u).matches()) {
            throw new IllegalArgumentException("A username is 1-100 characters: letters, digits and . _ @ - (starting with a letter or digit)");
        }
        return u;
    }

    static void checkPassword(char[] password) {
        if (password == null || password.length < 10) {
            throw new IllegalArgumentException("A password needs at least 10 characters");
        }
        if (password.length > 1000) {
            throw new IllegalArgumentException("A password may have at most 1000 characters");
        }
    }

    /** Creates the organisation's first administrator; refused once any administrator exists. */
    public User createFirstAdmin(String username, char[] password) throws Exception {
        try {
            return createFirstAdminUnwiped(username, password);
        } finally {
            java.util.Arrays.fill(password, '\0'); // the password is not kept in memory
        }
    }

    private User createFirstAdminUnwiped(String username, char[] password) throws Exception {
        String u = normaliseUsername(username);
        checkPassword(password);
        String hash = Passwords.hash(password);
        return db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM users WHERE role = ?")) {
                q.setString(1, Role.ADMINISTRATOR.wire());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        throw new IllegalStateException("An administrator already exists; use add-user");
                    }
                }
            }
            return insertUser(c, u, Role.ADMINISTRATOR, hash);
        });
    }

    public User addUser(String username, Role role, char[] password) throws Exception {
        try {
            return addUserUnwiped(username, role, password);
        } finally {
            java.util.Arrays.fill(password, '\0'); // the password is not kept in memory
        }
    }

    private User addUserUnwiped(String username, Role role, char[] password) throws Exception {
        String u = normaliseUsername(username);
        checkPassword(password);
        String hash = Passwords.hash(password);
        return db.inTransaction(c -> {
            if (findUser(c, u).isPresent()) {
                throw new IllegalStateException("User " + u + " already exists");
            }
            return insertUser(c, u, role, hash);
        });
    }

    private static User insertUser(Connection c, String username, Role role, String hash) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO users (id, username, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, id);
            ins.setString(2, username);
            ins.setString(3, role.wire());
            ins.setString(4, hash);
            ins.setBoolean(5, false);
            ins.setLong(6, System.currentTimeMillis());
            ins.executeUpdate();
        }
        return new User(id, username, role, false);
    }

    public Optional<User> findUser(String username) throws SQLException {
        try (Connection c = db.connection()) {
            return findUser(c, normaliseUsername(username));
        }
    }

    /** The user with this (normalised) username, read inside the caller's transaction. */
    public static Optional<User> findUser(Connection c, String username) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id, username, role, disabled FROM users WHERE username = ?")) {
            q.setString(1, username);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getBoolean(4)));
            }
        }
    }

    private User requireUser(Connection c, String username) throws SQLException {
        return findUser(c, normaliseUsername(username))
                .orElseThrow(() -> new IllegalArgumentException("No user " + username.trim()));
    }

    public List<User> listUsers() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT id, username, role, disabled FROM users ORDER BY username");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getBoolean(4)));
            }
        }
        return out;
    }

    /** Disables (or re-enables) a user. A disabled user's devices get 401 until re-enabled. */
    public void setDisabled(String username, boolean disabled) throws Exception {
        db.inTransaction(c -> {
            User u = requireUser(c, username);
            try (PreparedStatement up = c.prepareStatement("UPDATE users SET disabled = ? WHERE id = ?")) {
                up.setBoolean(1, disabled);
                up.setString(2, u.id());
                up.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Adds learners or groups to a tutor's caseload. The records already routed to them are given
     * new server sequences so that every device in scope (the tutor's included) pulls them next.
     * Returns how many records were re-sequenced.
     */
    public int assign(String tutorUsername, String scopeType, List<UUID> ids) throws Exception {
        checkScopeType(scopeType);
        return db.inTransaction(c -> {
            User u = requireUser(c, tutorUsername);
            if (u.role() != Role.TUTOR) {
                throw new IllegalArgumentException(u.username() + " is a " + u.role().wire() + ", who sees the whole organisation; caseloads are for tutors");
            }
            List<String> added = new ArrayList<>();
            for (UUID id : ids) {
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT 1 FROM caseload WHERE tutor_id = ? AND scope_type = ? AND scope_id = ?")) {
                    q.setString(1, u.id());
                    q.setString(2, scopeType);
                    q.setString(3, id.toString());
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO caseload (tutor_id, scope_type, scope_id, assigned_at) VALUES (?, ?, ?, ?)")) {
                    ins.setString(1, u.id());
                    ins.setString(2, scopeType);
                    ins.setString(3, id.toString());
                    ins.setLong(4, System.currentTimeMillis());
                    ins.executeUpdate();
                }
                added.add(id.toString());
            }
            return resequence(c, scopeType, added);
        });
    }

    /**
     * Gives every record routed to these learners or groups (a group's learners' records too) a new
     * server sequence, so that every device in scope pulls them next: after an assignment, and when
     * head office moves a learner into another tutor's group. Inside the caller's transaction.
     */
    public int resequence(Connection c, String scopeType, List<String> scopeIds) throws SQLException {
        if (scopeIds.isEmpty()) {
            return 0;
        }
        db.lockSequences(c);
        // a group brings its own records and every record of the learners in it
        String where = scopeType.equals(SCOPE_LEARNER) ? "learner_id = ?"
                : "group_id = ? OR learner_id IN (SELECT l.record_id FROM records l WHERE l.kind = 'learner' AND l.group_id = ?)";
        java.util.LinkedHashSet<String> recordIds = new java.util.LinkedHashSet<>();
        for (String sid : scopeIds) {
            try (PreparedStatement q = c.prepareStatement("SELECT record_id FROM records WHERE " + where + " ORDER BY server_seq")) {
                q.setString(1, sid);
                if (!scopeType.equals(SCOPE_LEARNER)) {
                    q.setString(2, sid);
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        recordIds.add(rs.getString(1));
                    }
                }
            }
        }
        if (recordIds.isEmpty()) {
            return 0;
        }
        long seq = db.allocateSequences(c, recordIds.size());
        try (PreparedStatement up = c.prepareStatement("UPDATE records SET server_seq = ? WHERE record_id = ?")) {
            for (String rid : recordIds) {
                up.setLong(1, seq++);
                up.setString(2, rid);
                up.addBatch();
            }
            up.executeBatch();
        }
        return recordIds.size();
    }

    public int unassign(String tutorUsername, String scopeType, List<UUID> ids) throws Exception {
        checkScopeType(scopeType);
        return db.inTransaction(c -> {
            User u = requireUser(c, tutorUsername);
            int n = 0;
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM caseload WHERE tutor_id = ? AND scope_type = ? AND scope_id = ?")) {
                for (UUID id : ids) {
                    del.setString(1, u.id());
                    del.setString(2, scopeType);
                    del.setString(3, id.toString());
                    n += del.executeUpdate();
                }
            }
            return n;
        });
    }

    public List<String> caseload(String tutorUsername) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            User u = requireUser(c, tutorUsername);
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT scope_type, scope_id FROM caseload WHERE tutor_id = ? ORDER BY scope_type, scope_id")) {
                q.setString(1, u.id());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    private static void checkScopeType(String scopeType) {
        if (!SCOPE_LEARNER.equals(scopeType) && !SCOPE_GROUP.equals(scopeType)) {
            throw new IllegalArgumentException("scope type is learner or group");
        }
    }

    /** Result of a successful enrolment; the token is returned once and stored only as a hash. */
    public record Enrolment(String deviceId, String token, Role role) {
        @Override
        public String toString() {
            return "Enrolment[deviceId=" + deviceId + ", role=" + role + "]";
        }
    }

    /** Checks the password and registers a device; empty when the credentials do not hold. */
    public Optional<Enrolment> enrol(String username, char[] password, String deviceName) throws Exception {
        try {
            return enrolUnwiped(username, password, deviceName);
        } finally {
            java.util.Arrays.fill(password, '\0'); // the password is not kept in memory
        }
    }

    private Optional<Enrolment> enrolUnwiped(String username, char[] password, String deviceName) throws Exception {
        String u;
        try {
            u = normaliseUsername(username);
        } catch (IllegalArgumentException e) {
            Passwords.burn(password);
            return Optional.empty();
        }
        String hash = null;
        User user = null;
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT id, username, role, disabled, password_hash FROM users WHERE username = ?")) {
            q.setString(1, u);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    user = new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getBoolean(4));
                    hash = rs.getString(5);
                }
            }
        }
        if (user == null) {
            Passwords.burn(password);
            return Optional.empty();
        }
        if (!Passwords.verify(password, hash) || user.disabled()) {
            return Optional.empty();
        }
        String deviceId = UUID.randomUUID().toString();
        String token = Tokens.newToken();
        User owner = user;
        String storedHash = hash;
        // A hash from an older, lower floor is replaced now that the password is at hand (hashed
        // before the transaction: Argon2id must not hold the database's write lock).
        String upgraded = Passwords.needsRehash(hash) ? Passwords.hash(password) : null;
        db.inTransaction(c -> {
            if (upgraded != null) {
                try (PreparedStatement up = c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
                    up.setString(1, upgraded);
                    up.setString(2, owner.id());
                    up.setString(3, storedHash); // not over a password changed meanwhile
                    up.executeUpdate();
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO devices (id, user_id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?)")) {
                ins.setString(1, deviceId);
                ins.setString(2, owner.id());
                if (deviceName == null || deviceName.isBlank()) {
                    ins.setNull(3, Types.VARCHAR);
                } else {
                    ins.setString(3, deviceName.strip());
                }
                ins.setString(4, Tokens.hash(token));
                ins.setLong(5, System.currentTimeMillis());
                ins.executeUpdate();
            }
            return null;
        });
        return Optional.of(new Enrolment(deviceId, token, user.role()));
    }

    /** The device for a token; empty when unknown, revoked, or its user is disabled. */
    public Optional<Caller> authenticate(String token) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT d.id, d.user_id, u.role, d.revoked_at, u.disabled FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_hash = ?")) {
            q.setString(1, Tokens.hash(token));
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                rs.getLong(4);
                boolean revoked = !rs.wasNull();
                if (revoked || rs.getBoolean(5)) {
                    return Optional.empty();
                }
                return Optional.of(new Caller(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3))));
            }
        }
    }

    public List<DeviceInfo> listDevices(String username) throws Exception {
        List<DeviceInfo> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            String sql = "SELECT d.id, u.username, d.name, d.enrolled_at, d.revoked_at, d.acked_seq, d.entries_received,"
                    + " d.last_push_at, d.last_pull_at, d.last_pull_cursor FROM devices d JOIN users u ON u.id = d.user_id"
                    + (username == null ? "" : " WHERE u.username = ?") + " ORDER BY u.username, d.enrolled_at";
            try (PreparedStatement q = c.prepareStatement(sql)) {
                if (username != null) {
                    q.setString(1, normaliseUsername(username));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DeviceInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                (Long) nullable(rs, 5), rs.getLong(6), rs.getLong(7), (Long) nullable(rs, 8),
                                (Long) nullable(rs, 9), rs.getLong(10)));
                    }
                }
            }
        }
        return out;
    }

    private static Object nullable(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** Revokes a device: its token gets 401 from now on. False when no such active device. */
    public boolean revokeDevice(String deviceId) throws Exception {
        return db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                up.setLong(1, System.currentTimeMillis());
                up.setString(2, deviceId);
                return up.executeUpdate() == 1;
            }
        });
    }
}
