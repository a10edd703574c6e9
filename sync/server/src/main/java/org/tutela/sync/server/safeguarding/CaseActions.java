package org.tutela.sync.server.safeguarding;

import static org.tutela.sync.server.safeguarding.SafeguardingCases.ACTION;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.AGENCIES;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.MAX_TEXT;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.OUTCOME;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.REFERRAL;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.TASK;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.headoffice.HeadOfficeRecords;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.Payloads;
import org.tutela.sync.server.headoffice.Problem;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Entry;
import org.tutela.sync.server.safeguarding.SafeguardingCases.LearnerRef;

/**
 * What the safeguarding lead does with a concern: acknowledges it, records actions, external
 * referrals and the outcome, gives the tutor follow-up actions, links other learners, closes it;
 * and the head-office record ({@link RecordKinds#CONCERN_RESPONSE}) that tells the tutor's laptops.
 * Each change is written with its audit-trail entry in one transaction. The methods behind
 * {@link SafeguardingCases}'s public ones of the same name are documented there.
 */
final class CaseActions {
    private final Database db;
    private final AuditTrail audit;
    private final HeadOfficeRecords records;
    private final Clock clock;
    private final Inbox inbox;

    CaseActions(Database db, AuditTrail audit, HeadOfficeRecords records, Clock clock, Inbox inbox) {
        this.db = db;
        this.audit = audit;
        this.records = records;
        this.clock = clock;
        this.inbox = inbox;
    }

    void acknowledge(UUID concernId, AuditTrail.Actor actor) throws Exception {
        db.inTransaction(c -> {
            db.lockSequences(c);
            String learner = requireConcern(c, concernId);
            ensureCase(c, concernId);
            if (!markAcknowledged(c, concernId, actor)) {
                return null;
            }
            writeResponse(c, concernId, learner);
            audit.record(c, actor, "concern.acknowledge", concernId.toString(), Map.of());
            return null;
        });
    }

    void record(UUID concernId, String kind, String agency, String text, AuditTrail.Actor actor) throws Exception {
        if (!ACTION.equals(kind) && !REFERRAL.equals(kind)) {
            throw new IllegalArgumentException("An action or a referral");
        }
        List<Problem> problems = new ArrayList<>();
        String clean = checkText(text, "text", problems);
        if (REFERRAL.equals(kind) && (agency == null || !AGENCIES.contains(agency))) {
            problems.add(Problem.of("agency", "case.agency.missing"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        db.inTransaction(c -> {
            requireConcern(c, concernId);
            ensureCase(c, concernId);
            insertEntry(c, UUID.randomUUID(), concernId, kind, REFERRAL.equals(kind) ? agency : null, clean, actor);
            audit.record(c, actor, "concern." + kind, concernId.toString(), REFERRAL.equals(kind) ? Map.of("agency", agency) : Map.of());
            return null;
        });
    }

    UUID assignTask(UUID concernId, String text, AuditTrail.Actor actor) throws Exception {
        List<Problem> problems = new ArrayList<>();
        String clean = checkText(text, "task", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        UUID taskId = UUID.randomUUID();
        db.inTransaction(c -> {
            db.lockSequences(c);
            String learner = requireConcern(c, concernId);
            ensureCase(c, concernId);
            // giving the tutor something to do says that the lead has seen it
            if (markAcknowledged(c, concernId, actor)) {
                audit.record(c, actor, "concern.acknowledge", concernId.toString(), Map.of());
            }
            insertEntry(c, taskId, concernId, TASK, null, clean, actor);
            writeResponse(c, concernId, learner);
            audit.record(c, actor, "concern.task", concernId.toString(), Map.of());
            return null;
        });
        return taskId;
    }

    void close(UUID concernId, String outcome, AuditTrail.Actor actor) throws Exception {
        List<Problem> problems = new ArrayList<>();
        String clean = checkText(outcome, "outcome", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        db.inTransaction(c -> {
            requireConcern(c, concernId);
            ensureCase(c, concernId);
            try (PreparedStatement up = c.prepareStatement("UPDATE safeguarding_cases SET closed_at = ?, closed_by = ?"
                    + " WHERE concern_id = ? AND closed_at IS NULL")) {
                up.setLong(1, clock.millis());
                up.setString(2, actor.name());
                up.setString(3, concernId.toString());
                if (up.executeUpdate() == 0) {
                    throw new InvalidInput(Problem.of("outcome", "case.closed.already"));
                }
            }
            insertEntry(c, UUID.randomUUID(), concernId, OUTCOME, null, clean, actor);
            audit.record(c, actor, "concern.close", concernId.toString(), Map.of());
            return null;
        });
    }

    boolean link(UUID concernId, UUID learnerId, AuditTrail.Actor actor) throws Exception {
        return db.inTransaction(c -> {
            String own = requireConcern(c, concernId);
            if (learnerId.toString().equals(own)) {
                return false;
            }
            Map<String, LearnerRef> found = inbox.learners(c, List.of(learnerId.toString()), Map.of());
            if (found.get(learnerId.toString()) == null || found.get(learnerId.toString()).name() == null) {
                throw new InvalidInput(Problem.of("learner", "case.learner.unknown"));
            }
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM concern_links WHERE concern_id = ? AND learner_id = ?")) {
                q.setString(1, concernId.toString());
                q.setString(2, learnerId.toString());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO concern_links (concern_id, learner_id, linked_at, linked_by) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, concernId.toString());
                ins.setString(2, learnerId.toString());
                ins.setLong(3, clock.millis());
                ins.setString(4, actor.name());
                ins.executeUpdate();
            }
            audit.record(c, actor, "concern.link", concernId.toString(), Map.of("learnerId", learnerId.toString()));
            return true;
        });
    }

    // ------------------------------------------------------------------ the record the tutor's laptops receive

    /**
     * Writes the concern's head-office record as it now stands: when the lead saw it and the
     * tasks given to the tutor, in the app's JSON (the app's {@code ConcernResponse}).
     */
    private void writeResponse(Connection c, UUID concernId, String learnerId) throws Exception {
        String responseId;
        Long acknowledged;
        try (PreparedStatement q = c.prepareStatement("SELECT response_id, acknowledged_at FROM safeguarding_cases WHERE concern_id = ?")) {
            q.setString(1, concernId.toString());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                responseId = rs.getString(1);
                long a = rs.getLong(2);
                acknowledged = rs.wasNull() ? null : a;
            }
        }
        ObjectNode p = Payloads.mapper().createObjectNode();
        p.put("id", responseId);
        p.put("concernId", concernId.toString());
        p.put("learnerId", learnerId);
        if (acknowledged != null) {
            p.put("acknowledgedAt", Instant.ofEpochMilli(acknowledged).toString());
        }
        ArrayNode tasks = p.putArray("tasks");
        for (Entry e : Inbox.entries(c, concernId, Map.of())) {
            if (TASK.equals(e.kind())) {
                ObjectNode t = tasks.addObject();
                t.put("id", e.id());
                t.put("text", e.text());
                t.put("assignedAt", Instant.ofEpochMilli(e.at()).toString());
            }
        }
        records.write(c, List.of(new HeadOfficeRecords.Change(UUID.fromString(responseId), RecordKinds.CONCERN_RESPONSE,
                UUID.fromString(learnerId), null, Payloads.write(p))));
    }

    // ------------------------------------------------------------------ SQL

    /** The concern's learner id; refuses a concern that is not (or no longer) stored. */
    private static String requireConcern(Connection c, UUID concernId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT learner_id FROM records WHERE record_id = ? AND kind = '"
                + RecordKinds.CONCERN + "' AND deleted = ?")) {
            q.setString(1, concernId.toString());
            q.setBoolean(2, false);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new InvalidInput(Problem.of(null, "case.concern.unknown"));
                }
                return rs.getString(1);
            }
        }
    }

    /** Records that the lead saw the concern; false when it was acknowledged before (the first stays). */
    private boolean markAcknowledged(Connection c, UUID concernId, AuditTrail.Actor actor) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE safeguarding_cases SET acknowledged_at = ?, acknowledged_by = ?"
                + " WHERE concern_id = ? AND acknowledged_at IS NULL")) {
            up.setLong(1, clock.millis());
            up.setString(2, actor.name());
            up.setString(3, concernId.toString());
            return up.executeUpdate() > 0;
        }
    }

    private static void ensureCase(Connection c, UUID concernId) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO safeguarding_cases (concern_id, response_id) VALUES (?, ?)"
                + " ON CONFLICT (concern_id) DO NOTHING")) {
            ins.setString(1, concernId.toString());
            ins.setString(2, UUID.randomUUID().toString());
            ins.executeUpdate();
        }
    }

    private void insertEntry(Connection c, UUID id, UUID concernId, String kind, String agency, String text, AuditTrail.Actor actor)
            throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO safeguarding_entries (id, concern_id, at, by_user, kind, agency, text)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, id.toString());
            ins.setString(2, concernId.toString());
            ins.setLong(3, clock.millis());
            ins.setString(4, actor.name());
            ins.setString(5, kind);
            ins.setString(6, agency);
            ins.setString(7, text);
            ins.executeUpdate();
        }
    }

    /** The text trimmed, or a problem of {@code field} (missing, too long, or text head office cannot store). */
    private static String checkText(String text, String field, List<Problem> problems) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            problems.add(Problem.of(field, "case." + field + ".missing"));
        } else if (t.length() > MAX_TEXT) {
            problems.add(Problem.of(field, "text.tooLong", MAX_TEXT));
        } else if (org.tutela.sync.server.WireText.problem(t) != null) {
            problems.add(Problem.of(field, "case.text.unstorable"));
        }
        return t;
    }
}
