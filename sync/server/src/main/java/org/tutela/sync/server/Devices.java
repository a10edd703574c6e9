package org.tutela.sync.server;

import static org.tutela.sync.server.Accounts.normaliseUsername;
import static org.tutela.sync.server.Accounts.putIfSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tutela.sync.server.Accounts.Caller;
import org.tutela.sync.server.Accounts.Checked;
import org.tutela.sync.server.Accounts.DeviceInfo;
import org.tutela.sync.server.Accounts.Enrolment;
import org.tutela.sync.server.Accounts.User;
import org.tutela.sync.server.AuditTrail.Actor;

/**
 * The laptops enrolled with head office: enrolment (the user's password checked once, a device
 * token given back and only its hash kept, see {@link Tokens}), the token checked on every
 * request, revoking a device, and what the console shows of each. The methods behind
 * {@link Accounts}'s public ones of the same name are documented there.
 */
final class Devices {
    private final Database db;
    private final AuditTrail audit;
    private final Accounts accounts;

    Devices(Database db, AuditTrail audit, Accounts accounts) {
        this.db = db;
        this.audit = audit;
        this.accounts = accounts;
    }

    Optional<Enrolment> enrolUnwiped(String username, char[] password, String deviceName) throws Exception {
        Checked checked = accounts.checked(username, password).orElse(null);
        if (checked == null || !checked.user().role().usesLaptop()) {
            return Optional.empty();
        }
        String hash = checked.hash();
        String deviceId = UUID.randomUUID().toString();
        String token = Tokens.newToken();
        User owner = checked.user();
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
        return Optional.of(new Enrolment(deviceId, token, owner.role(), owner.details().displayName()));
    }

    /** The device for a token; empty when unknown, revoked, or its user is disabled. */
    Optional<Caller> authenticate(String token) throws SQLException {
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

    List<DeviceInfo> listDevices(String username) throws Exception {
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

    boolean revokeDevice(String deviceId, Actor actor) throws Exception {
        return db.inTransaction(c -> {
            boolean revoked;
            try (PreparedStatement up = c.prepareStatement("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                up.setLong(1, audit.clock().millis());
                up.setString(2, deviceId);
                revoked = up.executeUpdate() == 1;
            }
            if (revoked) {
                Map<String, String> detail = new LinkedHashMap<>();
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT u.username, d.name FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?")) {
                    q.setString(1, deviceId);
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            detail.put("user", rs.getString(1));
                            putIfSet(detail, "device", rs.getString(2));
                        }
                    }
                }
                audit.record(c, actor, "device.revoke", deviceId, detail);
            }
            return revoked;
        });
    }

    Map<String, Long> changesWaiting() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        String sql = "SELECT d.id, (SELECT COUNT(*) FROM record_changes c JOIN records r ON r.record_id = c.record_id"
                + " WHERE c.server_seq > d.last_pull_cursor"
                + " AND (r.origin_device_id IS NULL OR r.origin_device_id <> d.id)"
                + " AND (u.role <> ? OR r.learner_id IN (SELECT scope_id FROM caseload WHERE tutor_id = u.id AND scope_type = 'learner')"
                + " OR r.group_id IN (SELECT scope_id FROM caseload WHERE tutor_id = u.id AND scope_type = 'group')))"
                + " FROM devices d JOIN users u ON u.id = d.user_id WHERE d.revoked_at IS NULL";
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, Role.TUTOR.wire());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
