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
import org.tutela.sync.protocol.UlnRule;
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
            UUID old = learner.groupId();
            if (!Objects.equals(old, target.id())) {
                if (old != null) {
                    accounts.removeGroupLearners(c, old.toString(), List.of(learner.recordId().toString()), null);
                }
                accounts.addGroupLearners(c, target.id().toString(), List.of(learner.recordId().toString()), true);
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
}
