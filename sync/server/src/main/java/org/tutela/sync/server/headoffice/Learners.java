package org.tutela.sync.server.headoffice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.rules.UlnRule;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Database;

/** Learners as head office finds and moves them: by ULN, into groups named, to tutors named. */
public final class Learners {
    private final Database db;
    private final Accounts accounts;
    private final HeadOfficeRecords records;
    private final Groups groups;

    public Learners(Database db, Accounts accounts) {
        this.db = db;
        this.accounts = accounts;
        this.records = new HeadOfficeRecords(db);
        this.groups = new Groups(db, accounts);
    }

    /** Where a learner is now: their record id and group (null if none). */
    public record Placement(UUID learnerId, UUID groupId, String groupName) {
    }

    /**
     * Moves a learner (by ULN) into another group: the group becomes their first (caseload) group,
     * replacing the one they were in; they leave the old group's tutor's caseload and join the new
     * one's, whose laptops then receive the learner with their tutorials, targets and concerns.
     *
     * @throws InvalidInput no such ULN, no such group (or several), an archived group
     */
    public Placement move(String uln, String groupName, String course) throws Exception {
        return db.inTransaction(c -> {
            SyncRecord learner = find(c, uln, true);
            Groups.Group target = Groups.find(groups.list(c, false, records.lockAndReadKind(c, RecordKinds.GROUP)), groupName, course);
            ObjectNode tree = Payloads.tree(learner.payload());
            JsonNode had = tree.path("groupIds");
            String oldPrimary = had.isArray() && had.size() > 0 ? had.get(0).asText() : null;
            ArrayNode ids = tree.putArray("groupIds");
            ids.add(target.id().toString());
            for (JsonNode g : had) {
                if (!g.asText().equals(target.id().toString()) && !g.asText().equals(oldPrimary)) {
                    ids.add(g.asText());
                }
            }
            records.write(c, List.of(new HeadOfficeRecords.Change(learner.recordId(), RecordKinds.LEARNER, learner.recordId(),
                    target.id(), Payloads.write(tree))));
            if (!Objects.equals(learner.groupId(), target.id())) {
                // in the new group's tutor's scope now: their earlier records reach that tutor's devices
                accounts.resequence(c, Accounts.SCOPE_LEARNER, List.of(learner.recordId().toString()));
            }
            return new Placement(learner.recordId(), target.id(), target.name());
        });
    }

    /** Puts one learner (by ULN) in a tutor's caseload by hand, whatever their group. */
    public UUID assignToTutor(String uln, String tutorUsername) throws Exception {
        UUID id;
        try (Connection c = db.connection()) {
            id = find(c, uln, false).recordId();
        }
        accounts.assign(tutorUsername, Accounts.SCOPE_LEARNER, List.of(id));
        return id;
    }

    /** Takes one learner (by ULN) out of a tutor's caseload where it was put by hand. */
    public int unassignFromTutor(String uln, String tutorUsername) throws Exception {
        UUID id;
        try (Connection c = db.connection()) {
            id = find(c, uln, false).recordId();
        }
        return accounts.unassign(tutorUsername, Accounts.SCOPE_LEARNER, List.of(id));
    }

    private SyncRecord find(Connection c, String uln, boolean locked) throws Exception {
        if (UlnRule.problem(uln).isPresent()) {
            throw new InvalidInput(Problem.of("uln", "uln." + UlnRule.problem(uln).get().name()));
        }
        String wanted = UlnRule.normalise(uln);
        List<SyncRecord> all = locked ? records.lockAndReadKind(c, RecordKinds.LEARNER) : records.readKind(c, RecordKinds.LEARNER);
        List<SyncRecord> found = all.stream()
                .filter(r -> wanted.equals(UlnRule.normalise(Groups.text(Payloads.tree(r.payload()), "uln")))).toList();
        if (found.isEmpty()) {
            throw new InvalidInput(Problem.of("uln", "learner.unknown"));
        }
        if (found.size() > 1) {
            throw new InvalidInput(Problem.of("uln", "uln.twiceAtHeadOffice"));
        }
        return found.get(0);
    }

    /** A learner as a group's page lists them: the name they go by, and their ULN. */
    public record Member(String name, String uln) {
    }

    /** The learners whose (first) group this is, by name, read from their records. */
    public java.util.List<Member> inGroup(UUID groupId) throws Exception {
        java.util.List<Member> out = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = org.tutela.sync.protocol.ProtocolJson.mapper();
        try (java.sql.Connection c = db.connection(); java.sql.PreparedStatement q = c.prepareStatement(
                // the kind written out, so the learners-by-group index (which holds learners alone) serves it
                "SELECT payload FROM records WHERE kind = '" + org.tutela.sync.protocol.RecordKinds.LEARNER + "' AND group_id = ? AND deleted = ?")) {
            q.setString(1, groupId.toString());
            q.setBoolean(2, false);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    com.fasterxml.jackson.databind.JsonNode p = json.readTree(rs.getString(1));
                    String given = p.path("preferredName").asText("");
                    if (given.isEmpty()) {
                        given = p.path("givenName").asText("");
                    }
                    out.add(new Member((given + " " + p.path("familyName").asText("")).strip(), p.path("uln").asText("")));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(m -> m.name().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }
}
