package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tutela.sync.server.AuditTrail.Actor;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.Problem;

/**
 * Users, caseloads and devices. Used by the HTTP API, the head-office console and the admin
 * command line. Every change is written to the audit trail in its own transaction.
 *
 * <p>This class is the door they all call, and keeps the users themselves and their passwords;
 * beside it in this package, {@link Caseloads} keeps tutors' caseloads and {@link Devices} the
 * laptops (enrolment, device tokens, revoking).
 */
public final class Accounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,99}");
    public static final String SCOPE_LEARNER = "learner";
    public static final String SCOPE_GROUP = "group";

    public record User(String id, String username, Role role, boolean disabled, UserDetails details) {
        /** The name to show: the display name, or the username when none is set. */
        public String name() {
            return details.displayName() == null ? username : details.displayName();
        }
    }

    private static final String USER_COLUMNS = "id, username, role, disabled, display_name, email, phone";

    private static User readUser(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)), rs.getBoolean(4),
                new UserDetails(rs.getString(5), rs.getString(6), rs.getString(7)));
    }

    /** An authenticated device. */
    public record Caller(String deviceId, String userId, Role role) {
    }

    public record DeviceInfo(String id, String username, String name, long enrolledAt, Long revokedAt, long ackedSequence,
                             long entriesReceived, Long lastPushAt, Long lastPullAt, long lastPullCursor) {
    }

    private final Database db;
    private final AuditTrail audit;
    private final Caseloads caseloads;
    private final Devices devices;

    public Accounts(Database db) {
        this(db, new AuditTrail(db, Clock.systemUTC()));
    }

    public Accounts(Database db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
        this.caseloads = new Caseloads(db, audit);
        this.devices = new Devices(db, audit, this);
    }

    public AuditTrail audit() {
        return audit;
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
            throw new InvalidInput(Problem.of("password", "people.password.short"));
        }
        if (password.length > 1000) {
            throw new InvalidInput(Problem.of("password", "people.password.long"));
        }
    }

    /** Creates the organisation's first administrator; refused once any administrator exists. */
    public User createFirstAdmin(String username, char[] password) throws Exception {
        return createFirstAdmin(username, UserDetails.NONE, password);
    }

    /** As {@link #createFirstAdmin(String, char[])}, with their name and contacts. */
    public User createFirstAdmin(String username, UserDetails details, char[] password) throws Exception {
        try {
            return createFirstAdminUnwiped(username, details, password);
        } finally {
            java.util.Arrays.fill(password, '\0'); // the password is not kept in memory
        }
    }

    private User createFirstAdminUnwiped(String username, UserDetails details, char[] password) throws Exception {
        String u = normaliseUsername(username);
        List<Problem> problems = details.problems(false);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
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
            User created = insertUser(c, u, Role.ADMINISTRATOR, details, hash);
            audit.record(c, Actor.commandLine(), "user.add", u, Map.of("role", Role.ADMINISTRATOR.wire()));
            return created;
        });
    }

    public User addUser(String username, Role role, char[] password) throws Exception {
        return addUser(username, role, UserDetails.NONE, password, Actor.commandLine());
    }

    /**
     * Adds a user with their name and contacts. Every problem with the input (username taken or
     * malformed, no role, name, email, phone, password) is reported together, by field, and nothing is stored.
     *
     * @throws InvalidInput what is wrong, field by field
     */
    public User addUser(String username, Role role, UserDetails details, char[] password, Actor actor) throws Exception {
        try {
            return addUserUnwiped(username, role, details, password, actor);
        } finally {
            java.util.Arrays.fill(password, '\0'); // the password is not kept in memory
        }
    }

    private User addUserUnwiped(String username, Role role, UserDetails details, char[] password, Actor actor) throws Exception {
        List<Problem> problems = new ArrayList<>();
        String u = null;
        try {
            u = normaliseUsername(username);
            if (findUser(u).isPresent()) {
                problems.add(Problem.of("username", "people.username.taken"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of("username", "people.username.invalid"));
        }
        if (role == null) {
            problems.add(Problem.of("role", "people.role.required"));
        }
        problems.addAll(details.problems(actor.via().equals(AuditTrail.VIA_CONSOLE)));
        try {
            checkPassword(password);
        } catch (InvalidInput e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        String name = u;
        String hash = Passwords.hash(password);
        return db.inTransaction(c -> {
            if (findUser(c, name).isPresent()) {
                throw new InvalidInput(Problem.of("username", "people.username.taken"));
            }
            User created = insertUser(c, name, role, details, hash);
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("role", role.wire());
            putIfSet(detail, "name", details.displayName());
            putIfSet(detail, "email", details.email());
            putIfSet(detail, "phone", details.phone());
            audit.record(c, actor, "user.add", name, detail);
            return created;
        });
    }

    static void putIfSet(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private User insertUser(Connection c, String username, Role role, UserDetails details, String hash) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO users (id, username, role, password_hash, disabled, created_at,"
                + " display_name, email, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, id);
            ins.setString(2, username);
            ins.setString(3, role.wire());
            ins.setString(4, hash);
            ins.setBoolean(5, false);
            ins.setLong(6, audit.clock().millis());
            ins.setString(7, details.displayName());
            ins.setString(8, details.email());
            ins.setString(9, details.phone());
            ins.executeUpdate();
        }
        return new User(id, username, role, false, details);
    }

    /**
     * Changes a user's name and contacts.
     *
     * @throws InvalidInput what is wrong, field by field (nothing is stored)
     */
    public User updateDetails(String username, UserDetails details, Actor actor) throws Exception {
        List<Problem> problems = details.problems(true);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return db.inTransaction(c -> {
            User before = requireUser(c, username);
            try (PreparedStatement up = c.prepareStatement("UPDATE users SET display_name = ?, email = ?, phone = ? WHERE id = ?")) {
                up.setString(1, details.displayName());
                up.setString(2, details.email());
                up.setString(3, details.phone());
                up.setString(4, before.id());
                up.executeUpdate();
            }
            Map<String, String> detail = new LinkedHashMap<>();
            changed(detail, "name", before.details().displayName(), details.displayName());
            changed(detail, "email", before.details().email(), details.email());
            changed(detail, "phone", before.details().phone(), details.phone());
            if (!detail.isEmpty()) {
                audit.record(c, actor, "user.update", before.username(), detail);
            }
            return new User(before.id(), before.username(), before.role(), before.disabled(), details);
        });
    }

    /** Notes a change of one value as "old → new" in an audit detail; nothing when it did not change. */
    public static void changed(Map<String, String> detail, String field, Object before, Object after) {
        String b = before == null ? "" : before.toString();
        String a = after == null ? "" : after.toString();
        if (!b.equals(a)) {
            detail.put(field, b + " \u2192 " + a);
        }
    }

    public Optional<User> findUser(String username) throws SQLException {
        try (Connection c = db.connection()) {
            return findUser(c, normaliseUsername(username));
        }
    }

    /** The user with this (normalised) username, read inside the caller's transaction. */
    public static Optional<User> findUser(Connection c, String username) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users WHERE username = ?")) {
            q.setString(1, username);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(readUser(rs)) : Optional.empty();
            }
        }
    }

    /** The user with this id, or empty. */
    public Optional<User> findUserById(String id) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(readUser(rs)) : Optional.empty();
            }
        }
    }

    static User requireUser(Connection c, String username) throws SQLException {
        return findUser(c, normaliseUsername(username))
                .orElseThrow(() -> new IllegalArgumentException("No user " + username.trim()));
    }

    public List<User> listUsers() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users ORDER BY username");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(readUser(rs));
            }
        }
        return out;
    }

    /** Disables (or re-enables) a user. A disabled user's devices get 401 until re-enabled. */
    public void setDisabled(String username, boolean disabled) throws Exception {
        setDisabled(username, disabled, Actor.commandLine());
    }

    /**
     * Disables (or re-enables) a user. A disabled user's devices get 401 and their console
     * sessions end, until re-enabled. False when it was so already (nothing recorded).
     */
    public boolean setDisabled(String username, boolean disabled, Actor actor) throws Exception {
        return db.inTransaction(c -> {
            User u = requireUser(c, username);
            if (u.disabled() == disabled) {
                return false;
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE users SET disabled = ? WHERE id = ?")) {
                up.setBoolean(1, disabled);
                up.setString(2, u.id());
                up.executeUpdate();
            }
            if (disabled) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM console_sessions WHERE user_id = ?")) {
                    del.setString(1, u.id());
                    del.executeUpdate();
                }
            }
            audit.record(c, actor, disabled ? "user.disable" : "user.enable", u.username(), Map.of());
            return true;
        });
    }

    /**
     * Adds learners or groups to a tutor's caseload. The records already routed to them are given
     * new server sequences so that every device in scope (the tutor's included) pulls them next.
     * Returns how many records were re-sequenced.
     */
    public int assign(String tutorUsername, String scopeType, List<UUID> ids) throws Exception {
        return assign(tutorUsername, scopeType, ids, Actor.commandLine());
    }

    public int assign(String tutorUsername, String scopeType, List<UUID> ids, Actor actor) throws Exception {
        return caseloads.assign(tutorUsername, scopeType, ids, actor);
    }

    /**
     * Gives every record routed to these learners or groups (a group's learners' records too) a new
     * server sequence, so that every device in scope pulls them next: after an assignment, and when
     * head office moves a learner into another tutor's group. Inside the caller's transaction.
     */
    public int resequence(Connection c, String scopeType, List<String> scopeIds) throws SQLException {
        return caseloads.resequence(c, scopeType, scopeIds);
    }

    public int unassign(String tutorUsername, String scopeType, List<UUID> ids) throws Exception {
        return unassign(tutorUsername, scopeType, ids, Actor.commandLine());
    }

    public int unassign(String tutorUsername, String scopeType, List<UUID> ids, Actor actor) throws Exception {
        return caseloads.unassign(tutorUsername, scopeType, ids, actor);
    }

    public List<String> caseload(String tutorUsername) throws Exception {
        return caseloads.caseload(tutorUsername);
    }

    /**
     * Result of a successful enrolment; the token is returned once and stored only as a hash.
     * {@code displayName} is the user's name as head office keeps it, or null.
     */
    public record Enrolment(String deviceId, String token, Role role, String displayName) {
        @Override
        public String toString() {
            return "Enrolment[deviceId=" + deviceId + ", role=" + role + "]";
        }
    }

    /** Checks the password and registers a device; empty when the credentials do not hold. */
    public Optional<Enrolment> enrol(String username, char[] password, String deviceName) throws Exception {
        try {
            return devices.enrolUnwiped(username, password, deviceName);
        } finally {
            java.util.Arrays.fill(password, '\0'); // the password is not kept in memory
        }
    }

    /**
     * The user whose password this is; empty when the username is unknown or malformed, the
     * password is wrong or the account is disabled. Costs one full password check either way. The
     * caller wipes the password.
     */
    public Optional<User> checkPassword(String username, char[] password) throws SQLException {
        return checked(username, password).map(Checked::user);
    }

    /** A user whose password was checked, with the hash it was checked against. */
    record Checked(User user, String hash) {
    }

    Optional<Checked> checked(String username, char[] password) throws SQLException {
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
             PreparedStatement q = c.prepareStatement("SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE username = ?")) {
            q.setString(1, u);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    user = readUser(rs);
                    hash = rs.getString(8);
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
        return Optional.of(new Checked(user, hash));
    }

    /** The device for a token; empty when unknown, revoked, or its user is disabled. */
    public Optional<Caller> authenticate(String token) throws SQLException {
        return devices.authenticate(token);
    }

    public List<DeviceInfo> listDevices(String username) throws Exception {
        return devices.listDevices(username);
    }

    /** Revokes a device: its token gets 401 from now on. False when no such active device. */
    public boolean revokeDevice(String deviceId) throws Exception {
        return revokeDevice(deviceId, Actor.commandLine());
    }

    public boolean revokeDevice(String deviceId, Actor actor) throws Exception {
        return devices.revokeDevice(deviceId, actor);
    }

    /**
     * For each device that has pulled at least once: how many changes in its scope are waiting
     * for its next pull (records after its last cursor that its own pull would return: the same
     * scope rule as a pull, leaving out what the device itself sent).
     */
    public Map<String, Long> changesWaiting() throws SQLException {
        return devices.changesWaiting();
    }
}
