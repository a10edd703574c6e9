package org.tutela.sync.server.safeguarding;

import static org.tutela.sync.server.safeguarding.SafeguardingCases.TASK;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.date;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.instant;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.IdLists;
import org.tutela.sync.server.headoffice.Payloads;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Counts;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Detail;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Entry;
import org.tutela.sync.server.safeguarding.SafeguardingCases.LearnerRef;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Row;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Task;
import org.tutela.sync.server.safeguarding.SafeguardingCases.TutorFollowUp;

/**
 * The safeguarding lead's inbox: every concern the laptops pushed, read as they are stored and
 * joined with what the lead recorded, listed and counted, and one concern in full for its page;
 * and the learners a concern can name. It is also where a case is read from for its actions and
 * for a learner's chronology, so that a concern's row, entries, tasks and learners are read one
 * way everywhere. The methods behind {@link SafeguardingCases}'s public ones of the same name are
 * documented there.
 */
final class Inbox {
    static final String SAFEGUARDING = "SAFEGUARDING";

    private final Database db;
    private final Accounts accounts;
    private final Clock clock;

    Inbox(Database db, Accounts accounts, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.clock = clock;
    }

    List<Row> inbox(boolean includeClosed) throws Exception {
        try (Connection c = db.connection()) {
            List<Row> rows = rows(c, null);
            return rows.stream().filter(r -> includeClosed || !r.closed())
                    .sorted(Comparator.comparing((Row r) -> !r.urgent()).thenComparing(Comparator.comparingLong(Row::waitingSince).reversed()))
                    .toList();
        }
    }

    Counts counts(int acknowledgeHours) throws Exception {
        List<Row> all;
        try (Connection c = db.connection()) {
            all = rows(c, null);
        }
        long now = clock.millis();
        Map<String, Integer> byCategory = new java.util.TreeMap<>();
        int open = 0;
        int urgent = 0;
        int unacknowledged = 0;
        int overdue = 0;
        int closed = 0;
        int tasks = 0;
        for (Row r : all) {
            if (r.closed()) {
                closed++;
                continue;
            }
            open++;
            byCategory.merge(r.category(), 1, Integer::sum);
            if (r.urgent()) {
                urgent++;
            }
            if (r.acknowledgedAt() == null) {
                unacknowledged++;
            }
            if (r.overdue(now, acknowledgeHours)) {
                overdue++;
            }
            tasks += r.tasks() - r.tasksDone();
        }
        return new Counts(open, urgent, unacknowledged, overdue, closed, tasks, byCategory);
    }

    Optional<Detail> concern(UUID concernId) throws Exception {
        try (Connection c = db.connection()) {
            List<Row> rows = rows(c, concernId);
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Row row = rows.get(0);
            JsonNode payload = Payloads.tree(payload(c, concernId.toString()));
            List<TutorFollowUp> followUps = new ArrayList<>();
            for (JsonNode f : payload.path("followUps")) {
                followUps.add(new TutorFollowUp(date(f.path("date").asText(null)), text(f, "note"), text(f, "by")));
            }
            Map<String, String> names = userNames();
            List<Entry> entries = entries(c, concernId, names);
            List<Task> tasks = tasks(c, entries);
            List<LearnerRef> links = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT learner_id FROM concern_links WHERE concern_id = ? ORDER BY linked_at")) {
                q.setString(1, concernId.toString());
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                Map<String, LearnerRef> refs = learners(c, ids, names);
                ids.forEach(id -> links.add(refs.get(id)));
            }
            boolean listed = !payload.path("referredToServiceId").isMissingNode() && !payload.path("referredToServiceId").isNull();
            return Optional.of(new Detail(row, text(payload, "description"), text(payload, "referredToOther"), listed,
                    date(text(payload, "referredOn")), followUps, entries.stream().filter(e -> !TASK.equals(e.kind())).toList(),
                    tasks, links));
        }
    }

    Optional<LearnerRef> learner(UUID learnerId) throws Exception {
        try (Connection c = db.connection()) {
            return Optional.ofNullable(learners(c, List.of(learnerId.toString()), userNames()).get(learnerId.toString()))
                    .filter(l -> l.name() != null);
        }
    }

    List<LearnerRef> findLearners(String typed, int limit) throws Exception {
        String t = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (t.length() < 2) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connection()) {
            // a coarse match on the stored JSON first (SQLite lowers ASCII letters only, so text with
            // other letters is matched in Java alone), then the name and ULN themselves
            boolean ascii = t.chars().allMatch(ch -> ch < 0x80);
            try (PreparedStatement q = c.prepareStatement("SELECT record_id, payload FROM records WHERE kind = '"
                    + RecordKinds.LEARNER + "' AND deleted = ?" + (ascii ? " AND LOWER(payload) LIKE ?" : ""))) {
                q.setBoolean(1, false);
                if (ascii) {
                    q.setString(2, "%" + t.replace("\\", "").replace("%", "").replace("_", "") + "%");
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        JsonNode p = Payloads.tree(rs.getString(2));
                        String name = (nz(text(p, "givenName")) + " " + nz(text(p, "familyName")) + " " + nz(text(p, "preferredName"))
                                + " " + nz(text(p, "uln"))).toLowerCase(Locale.ROOT);
                        if (name.contains(t)) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
            }
            Map<String, LearnerRef> refs = learners(c, ids, userNames());
            return ids.stream().map(refs::get).sorted(Comparator.comparing(LearnerRef::name, String.CASE_INSENSITIVE_ORDER))
                    .limit(limit).toList();
        }
    }

    List<UUID> taskIds(UUID concernId) throws Exception {
        try (Connection c = db.connection()) {
            return entries(c, concernId, Map.of()).stream().filter(e -> TASK.equals(e.kind())).map(e -> UUID.fromString(e.id())).toList();
        }
    }

    // ------------------------------------------------------------------ SQL

    private static final String ROW_COLUMNS = "r.record_id, r.learner_id, r.updated_at, r.payload, a.received_at, a.raised_at,"
            + " s.acknowledged_at, s.acknowledged_by, s.closed_at";

    /** The concerns (or the one asked for) as inbox rows. */
    List<Row> rows(Connection c, UUID only) throws SQLException {
        record Raw(String id, String learnerId, String updatedAt, String payload, Long receivedAt, String raisedAt, Long acknowledgedAt,
                   String acknowledgedBy, Long closedAt) {
        }
        List<Raw> raws = new ArrayList<>();
        // the kind written into the statement: the partial index of concerns (V50) serves it
        try (PreparedStatement q = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM records r"
                + " LEFT JOIN concern_arrivals a ON a.record_id = r.record_id"
                + " LEFT JOIN safeguarding_cases s ON s.concern_id = r.record_id"
                + " WHERE r.kind = '" + RecordKinds.CONCERN + "' AND r.deleted = ?" + (only == null ? "" : " AND r.record_id = ?"))) {
            q.setBoolean(1, false);
            if (only != null) {
                q.setString(2, only.toString());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    raws.add(new Raw(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), nullableLong(rs, 5),
                            rs.getString(6), nullableLong(rs, 7), rs.getString(8), nullableLong(rs, 9)));
                }
            }
        }
        if (raws.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = userNames();
        Map<String, LearnerRef> learners = learners(c, raws.stream().map(Raw::learnerId).filter(java.util.Objects::nonNull).toList(), names);
        Map<String, List<String>> tasksByConcern = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT concern_id, id FROM safeguarding_entries WHERE kind = ?"
                + (only == null ? "" : " AND concern_id = ?"))) {
            q.setString(1, TASK);
            if (only != null) {
                q.setString(2, only.toString());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    tasksByConcern.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Set<String> done = done(c, tasksByConcern.values().stream().flatMap(List::stream).toList()).keySet();
        List<Row> out = new ArrayList<>(raws.size());
        for (Raw r : raws) {
            JsonNode p = Payloads.tree(r.payload());
            String category = nz(text(p, "category"));
            Instant raisedAt = instant(r.raisedAt() != null ? r.raisedAt() : r.updatedAt());
            List<String> tasks = tasksByConcern.getOrDefault(r.id(), List.of());
            out.add(new Row(UUID.fromString(r.id()), r.learnerId() == null ? null : learners.get(r.learnerId()), category,
                    SAFEGUARDING.equals(category), date(text(p, "raisedOn")), raisedAt, r.receivedAt(), text(p, "raisedBy"),
                    text(p, "status"), r.acknowledgedAt(), r.acknowledgedBy() == null ? null
                    : names.getOrDefault(r.acknowledgedBy(), r.acknowledgedBy()), r.closedAt(), tasks.size(),
                    (int) tasks.stream().filter(done::contains).count()));
        }
        return out;
    }

    /** The case's entries, oldest first, with the names of who wrote them. */
    static List<Entry> entries(Connection c, UUID concernId, Map<String, String> names) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT id, at, by_user, kind, agency, text FROM safeguarding_entries"
                + " WHERE concern_id = ? ORDER BY at, id")) {
            q.setString(1, concernId.toString());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getLong(2), names.getOrDefault(rs.getString(3), rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    static List<Task> tasks(Connection c, List<Entry> entries) throws SQLException {
        List<Entry> tasks = entries.stream().filter(e -> TASK.equals(e.kind())).toList();
        Map<String, JsonNode> done = done(c, tasks.stream().map(Entry::id).toList());
        List<Task> out = new ArrayList<>();
        for (Entry e : tasks) {
            JsonNode d = done.get(e.id());
            out.add(new Task(UUID.fromString(e.id()), e.at(), e.by(), e.text(), d == null ? null : instant(text(d, "doneAt")),
                    d == null ? null : text(d, "doneBy")));
        }
        return out;
    }

    /** The task-done records the laptops pushed for these tasks (a task's record has the task's id), by task id. */
    private static Map<String, JsonNode> done(Connection c, Collection<String> taskIds) throws SQLException {
        Map<String, JsonNode> out = new HashMap<>();
        IdLists.eachRow(c, "SELECT record_id, payload FROM records WHERE kind = '" + RecordKinds.TASK_DONE + "' AND deleted = FALSE"
                + " AND record_id IN (%s)", taskIds, rs -> out.put(rs.getString(1), Payloads.tree(rs.getString(2))));
        return out;
    }

    /** Learners by id, with their group's name and tutor (missing ids map to a reference with no name). */
    Map<String, LearnerRef> learners(Connection c, Collection<String> ids, Map<String, String> userNames) throws SQLException {
        Map<String, LearnerRef> out = new HashMap<>();
        List<String> all = ids.stream().distinct().toList();
        if (all.isEmpty()) {
            return out;
        }
        Map<String, JsonNode> payloads = new HashMap<>();
        Map<String, String> groupOf = new HashMap<>();
        Set<String> groupIds = new java.util.HashSet<>();
        IdLists.eachRow(c, "SELECT record_id, payload, group_id FROM records WHERE kind = '" + RecordKinds.LEARNER
                + "' AND deleted = FALSE AND record_id IN (%s)", all, rs -> {
            payloads.put(rs.getString(1), Payloads.tree(rs.getString(2)));
            if (rs.getString(3) != null) {
                groupIds.add(rs.getString(3));
                groupOf.put(rs.getString(1), rs.getString(3));
            }
        });
        Map<String, JsonNode> groups = new HashMap<>();
        IdLists.eachRow(c, "SELECT record_id, payload FROM records WHERE kind = '" + RecordKinds.GROUP + "' AND record_id IN (%s)",
                groupIds, rs -> groups.put(rs.getString(1), Payloads.tree(rs.getString(2))));
        for (String id : all) {
            JsonNode p = payloads.get(id);
            if (p == null) {
                out.put(id, new LearnerRef(UUID.fromString(id), null, null, null, null));
                continue;
            }
            String given = text(p, "preferredName") != null ? text(p, "preferredName") : text(p, "givenName");
            String name = (nz(given) + " " + nz(text(p, "familyName"))).strip();
            String groupId = groupOf.get(id);
            JsonNode g = groupId == null ? null : groups.get(groupId);
            String tutor = g == null ? null : text(g, "tutor");
            out.put(id, new LearnerRef(UUID.fromString(id), name.isEmpty() ? "?" : name, text(p, "uln"),
                    g == null ? null : text(g, "name"), tutor == null ? null : userNames.getOrDefault(tutor, tutor)));
        }
        return out;
    }

    /** Username to the name colleagues know them by. */
    Map<String, String> userNames() throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (Accounts.User u : accounts.listUsers()) {
            out.put(u.username(), u.name());
        }
        return out;
    }

    static String payload(Connection c, String recordId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
            q.setString(1, recordId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
