package org.tutela.sync.server;

import static org.tutela.sync.server.Accounts.SCOPE_GROUP;
import static org.tutela.sync.server.Accounts.SCOPE_LEARNER;
import static org.tutela.sync.server.Accounts.requireUser;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tutela.sync.server.Accounts.User;
import org.tutela.sync.server.AuditTrail.Actor;

/**
 * Tutors' caseloads: the learners and groups assigned to each tutor, which decide what their
 * laptops receive ({@link Scope} reads them for a push or a pull). Assigning gives the records
 * already routed to them new server sequences so the tutor's laptops pull them next. The methods
 * behind {@link Accounts}'s public ones of the same name are documented there.
 */
final class Caseloads {
    private final Database db;
    private final AuditTrail audit;

    Caseloads(Database db, AuditTrail audit) {
        this.db = db;
        this.audit = audit;
    }

    int assign(String tutorUsername, String scopeType, List<UUID> ids, Actor actor) throws Exception {
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
            if (!added.isEmpty()) {
                audit.record(c, actor, "caseload.assign", u.username(), Map.of(scopeType, String.join(", ", added)));
            }
            return resequence(c, scopeType, added);
        });
    }

    int resequence(Connection c, String scopeType, List<String> scopeIds) throws SQLException {
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

    int unassign(String tutorUsername, String scopeType, List<UUID> ids, Actor actor) throws Exception {
        checkScopeType(scopeType);
        return db.inTransaction(c -> {
            User u = requireUser(c, tutorUsername);
            int n = 0;
            List<String> removed = new ArrayList<>();
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM caseload WHERE tutor_id = ? AND scope_type = ? AND scope_id = ?")) {
                for (UUID id : ids) {
                    del.setString(1, u.id());
                    del.setString(2, scopeType);
                    del.setString(3, id.toString());
                    int k = del.executeUpdate();
                    n += k;
                    if (k > 0) {
                        removed.add(id.toString());
                    }
                }
            }
            if (!removed.isEmpty()) {
                audit.record(c, actor, "caseload.unassign", u.username(), Map.of(scopeType, String.join(", ", removed)));
            }
            return n;
        });
    }

    List<String> caseload(String tutorUsername) throws Exception {
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
}
