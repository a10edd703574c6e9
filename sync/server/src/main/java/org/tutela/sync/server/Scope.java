package org.tutela.sync.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.server.SyncService.Pending;

/**
 * What the caller may read and write: the learners and groups assigned to a tutor. A learner is
 * also in scope through a group of theirs (the learner record's group, as head office holds it);
 * {@code batchLearners} are learners the caller's pending batches put into one of their groups.
 *
 * <p>A type of its own, with the statements that read a caller's caseload into it, because the
 * push ({@link SyncService#pushGroup}: every caller of a group in one query) and the pull (one
 * caller) both need it, and its rules are the same for both.
 */
record Scope(boolean all, Set<String> learners, Set<String> groups, Set<String> batchLearners) {
    Scope(boolean all, Set<String> learners, Set<String> groups) {
        this(all, learners, groups, new HashSet<>());
    }

    boolean hasGroup(String groupId) {
        return all || (groupId != null && groups.contains(groupId));
    }

    /** Whether a learner is in scope, given the learner records as they stand ({@code records}). */
    boolean hasLearner(String learnerId, Map<String, SyncRecord> records) {
        if (all) {
            return true;
        }
        if (learnerId == null) {
            return false;
        }
        if (learners.contains(learnerId) || batchLearners.contains(learnerId)) {
            return true;
        }
        String group = groupOf(learnerId, records);
        return group != null && groups.contains(group);
    }

    /**
     * Whether a record that names this learner and group is the caller's to write (and to read):
     * every id it names must be in scope. A record of one learner may name the learner's own
     * group even where that group is not the caller's (a learner assigned alone).
     */
    boolean covers(String kind, String learnerId, String groupId, Map<String, SyncRecord> records) {
        if (all) {
            return true;
        }
        if (RecordKinds.GROUP.equals(kind)) {
            return hasGroup(groupId);
        }
        if (learnerId == null) {
            return hasGroup(groupId);
        }
        if (RecordKinds.LEARNER.equals(kind)) {
            // a tutor may put a learner into one of their groups, or keep an assigned learner where it is
            return hasGroup(groupId) || (learners.contains(learnerId)
                    && (groupId == null || groupId.equals(groupOf(learnerId, records))));
        }
        return hasLearner(learnerId, records)
                && (groupId == null || hasGroup(groupId) || groupId.equals(groupOf(learnerId, records)));
    }

    private static String groupOf(String learnerId, Map<String, SyncRecord> records) {
        SyncRecord l = records.get(learnerId);
        return l == null || l.deleted() || l.groupId() == null || !RecordKinds.LEARNER.equals(l.kind())
                ? null : l.groupId().toString();
    }

    /** One caller's scope: for a tutor, their caseload. */
    static Scope loadScope(Connection c, Accounts.Caller caller) throws SQLException {
        if (caller.role().organisationWide()) {
            return new Scope(true, Set.of(), Set.of());
        }
        Set<String> learners = new HashSet<>();
        Set<String> groups = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT scope_type, scope_id FROM caseload WHERE tutor_id = ?")) {
            q.setString(1, caller.userId());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    (Accounts.SCOPE_LEARNER.equals(rs.getString(1)) ? learners : groups).add(rs.getString(2));
                }
            }
        }
        return new Scope(false, learners, groups);
    }

    /** Each caller's scope in a group, keyed by user id: the tutors' caseloads in one query. */
    static Map<String, Scope> loadScopes(Connection c, List<Pending> batches) throws SQLException {
        Map<String, Scope> scopes = new HashMap<>();
        Set<String> tutors = new LinkedHashSet<>();
        for (Pending p : batches) {
            Accounts.Caller caller = p.batch.caller();
            if (caller.role().organisationWide()) {
                scopes.put(caller.userId(), new Scope(true, Set.of(), Set.of()));
            } else if (tutors.add(caller.userId())) {
                scopes.put(caller.userId(), new Scope(false, new HashSet<>(), new HashSet<>()));
            }
        }
        IdLists.eachRow(c, "SELECT tutor_id, scope_type, scope_id FROM caseload WHERE tutor_id IN (%s)", tutors, rs -> {
            Scope s = scopes.get(rs.getString(1));
            (Accounts.SCOPE_LEARNER.equals(rs.getString(2)) ? s.learners() : s.groups()).add(rs.getString(3));
        });
        return scopes;
    }

    /** {@code r} if the caller may read it (every id it names is in scope), else null. */
    static SyncRecord visible(SyncRecord r, Scope scope, Map<String, SyncRecord> records) {
        if (r == null) {
            return null;
        }
        String l = r.learnerId() == null ? null : r.learnerId().toString();
        String g = r.groupId() == null ? null : r.groupId().toString();
        return scope.covers(r.kind(), l, g, records) ? r : null;
    }
}
