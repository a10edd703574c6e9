package org.tutela.sync.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who changed what, when. Every change made in the head-office console or by an admin command is
 * written here in the same transaction as the change itself (so a change and its entry commit or
 * vanish together), and every change the console refused is written on its own. Entries are
 * never updated or deleted by the server. The details name what changed (fields, old and new
 * values of head-office settings, usernames, device ids), never a password or token.
 */
public final class AuditTrail {
    public static final String DONE = "done";
    public static final String REFUSED = "refused";
    public static final String VIA_CONSOLE = "console";
    public static final String VIA_COMMAND_LINE = "command-line";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who acted, and through which door. */
    public record Actor(String name, Role role, String via) {
        /** An admin command run on the server machine: the operating-system user who ran it. */
        public static Actor commandLine() {
            return new Actor(System.getProperty("user.name", "unknown"), null, VIA_COMMAND_LINE);
        }

        public static Actor console(String username, Role role) {
            return new Actor(username, role, VIA_CONSOLE);
        }
    }

    /** One entry as read back. {@code detail} keeps the order it was written in. */
    public record Event(String id, long at, String actor, String actorRole, String via, String action, String target,
                        Map<String, String> detail, String outcome) {
    }

    private final Database db;
    private final Clock clock;

    public AuditTrail(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** Records a change inside the caller's transaction. */
    public void record(Connection c, Actor actor, String action, String target, Map<String, String> detail) throws SQLException {
        insert(c, actor, action, target, detail, DONE);
    }

    /** Records a refused change (its own transaction: the change itself was never started). */
    public void refused(Actor actor, String action, String target) throws Exception {
        db.inTransaction(c -> {
            insert(c, actor, action, target, Map.of(), REFUSED);
            return null;
        });
    }

    /** Records an event that changes nothing else (a sign-in, a sign-out). */
    public void note(Actor actor, String action, String target, Map<String, String> detail) throws Exception {
        db.inTransaction(c -> {
            insert(c, actor, action, target, detail, DONE);
            return null;
        });
    }

    private void insert(Connection c, Actor actor, String action, String target, Map<String, String> detail, String outcome)
            throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO audit_events (id, at, actor, actor_role, via, action, target, detail, outcome)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, UUID.randomUUID().toString());
            ins.setLong(2, clock.millis());
            ins.setString(3, clip(actor.name(), 100));
            ins.setString(4, actor.role() == null ? null : actor.role().wire());
            ins.setString(5, actor.via());
            ins.setString(6, action);
            ins.setString(7, target == null ? null : clip(target, 200));
            ins.setString(8, detail == null || detail.isEmpty() ? null : json(detail));
            ins.setString(9, outcome);
            ins.executeUpdate();
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String json(Map<String, String> detail) {
        try {
            return JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of entries, newest first, older than the entry {@code (beforeAt, beforeId)} when given. */
    public List<Event> page(Long beforeAt, String beforeId, int limit) throws SQLException {
        String sql = "SELECT id, at, actor, actor_role, via, action, target, detail, outcome FROM audit_events"
                + (beforeAt == null ? "" : " WHERE at < ? OR (at = ? AND id < ?)") + " ORDER BY at DESC, id DESC LIMIT ?";
        List<Event> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement(sql)) {
            int i = 1;
            if (beforeAt != null) {
                q.setLong(i++, beforeAt);
                q.setLong(i++, beforeAt);
                q.setString(i++, beforeId == null ? "" : beforeId);
            }
            q.setInt(i, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), parse(rs.getString(8)), rs.getString(9)));
                }
            }
        }
        return out;
    }

    private static Map<String, String> parse(String detail) {
        if (detail == null || detail.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(detail, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
