package org.tutela.sync.server.safeguarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.IdLists;
import org.tutela.sync.server.headoffice.HeadOfficeRecords;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.Payloads;
import org.tutela.sync.server.headoffice.Problem;

/**
 * The safeguarding lead's cases: every concern the laptops push (the inbox), what the lead does
 * with each (acknowledges it, records actions, external referrals and the outcome, gives the tutor
 * follow-up actions, links other learners, closes it) and each learner's chronology.
 *
 * <p>The concerns themselves are the laptops' records, read as they are stored. What the lead
 * records is head office's own: the tables {@code safeguarding_cases}, {@code safeguarding_entries}
 * and {@code concern_links}, and, for what the tutor must learn (that the lead saw the concern,
 * and the follow-up actions), one head-office record per concern of kind
 * {@link RecordKinds#CONCERN_RESPONSE}, routed by the concern's learner, so it reaches the tutor's
 * laptops at their next sync. Every change is written with its audit-trail entry in one
 * transaction; the audit trail names the concern, never what was written about it.
 */
public final class SafeguardingCases {
    public static final String ACTION = "action";
    public static final String REFERRAL = "referral";
    public static final String TASK = "task";
    public static final String OUTCOME = "outcome";
    /** External referrals: the local authority's children's or adults' services, the police, Prevent/Channel, anyone else. */
    public static final List<String> AGENCIES = List.of("local-authority", "police", "prevent", "other");
    public static final int MAX_TEXT = 4000;
    static final String SAFEGUARDING = "SAFEGUARDING";

    private final Database db;
    private final Accounts accounts;
    private final AuditTrail audit;
    private final HeadOfficeRecords records;
    private final Clock clock;

    public SafeguardingCases(Database db, Accounts accounts, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.audit = accounts.audit();
        this.records = new HeadOfficeRecords(db);
        this.clock = clock;
    }

    // ------------------------------------------------------------------ what the pages read

    /** A learner as head office holds them: name, ULN, group and its tutor (names, or null). */
    public record LearnerRef(UUID id, String name, String uln, String groupName, String tutorName) {
    }

    /**
     * One concern in the inbox.
     *
     * @param raisedAt when the laptop last changed it before it first reached head office (the laptop's clock)
     * @param receivedAt when it first reached head office (null for a concern that arrived before the inbox existed)
     * @param raisedBy who raised it, as the laptop wrote it
     * @param tutorStatus the tutor's own status of the concern (OPEN, REFERRED, IN_PROGRESS, CLOSED)
     */
    public record Row(UUID concernId, LearnerRef learner, String category, boolean urgent, LocalDate raisedOn, Instant raisedAt,
                      Long receivedAt, String raisedBy, String tutorStatus, Long acknowledgedAt, String acknowledgedBy,
                      Long closedAt, int tasks, int tasksDone) {
        /** When the clock for acknowledging it started: its arrival, else the laptop's time. */
        public long waitingSince() {
            return receivedAt != null ? receivedAt : raisedAt.toEpochMilli();
        }

        /** A safeguarding concern not acknowledged within {@code hours} of reaching head office. */
        public boolean overdue(long now, int hours) {
            return urgent && acknowledgedAt == null && closedAt == null && now - waitingSince() >= hours * 3_600_000L;
        }

        public boolean closed() {
            return closedAt != null;
        }
    }

    /** What the lead recorded: an action, an external referral (with its agency), the outcome or a task for the tutor. */
    public record Entry(String id, long at, String by, String kind, String agency, String text) {
    }

    /** A follow-up action given to the tutor, and when the tutor's laptop said it was done (or null). */
    public record Task(UUID id, long assignedAt, String assignedBy, String text, Instant doneAt, String doneBy) {
        public boolean done() {
            return doneAt != null;
        }
    }

    /** A follow-up the tutor recorded on the laptop. */
    public record TutorFollowUp(LocalDate date, String note, String by) {
    }

    /** Everything the concern's page shows. {@code referredTo} is what the tutor wrote, or null. */
    public record Detail(Row row, String description, String referredTo, boolean referredToListedService, LocalDate referredOn,
                         List<TutorFollowUp> followUps, List<Entry> entries, List<Task> tasks, List<LearnerRef> links) {
    }

    /** The counts that roles without access to the details see: never a name or a word of a concern. */
    public record Counts(int open, int openSafeguarding, int notAcknowledged, int overdue, int closed, int openTasks,
                         Map<String, Integer> openByCategory) {
    }

    /** Every concern, urgent (safeguarding) first, newest first within each; the closed ones only if asked. */
    public List<Row> inbox(boolean includeClosed) throws Exception {
        try (Connection c = db.connection()) {
            List<Row> rows = rows(c, null);
            return rows.stream().filter(r -> includeClosed || !r.closed())
                    .sorted(Comparator.comparing((Row r) -> !r.urgent()).thenComparing(Comparator.comparingLong(Row::waitingSince).reversed()))
                    .toList();
        }
    }

    public Counts counts(int acknowledgeHours) throws Exception {
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

    public Optional<Detail> concern(UUID concernId) throws Exception {
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

    /** The learner as head office holds them, or empty. */
    public Optional<LearnerRef> learner(UUID learnerId) throws Exception {
        try (Connection c = db.connection()) {
            return Optional.ofNullable(learners(c, List.of(learnerId.toString()), userNames()).get(learnerId.toString()))
                    .filter(l -> l.name() != null);
        }
    }

    /** Learners whose name or ULN holds what was typed (at most {@code limit}), for linking to a concern. */
    public List<LearnerRef> findLearners(String typed, int limit) throws Exception {
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

    /**
     * One line of a learner's safeguarding chronology.
     *
     * @param at the moment when known, else null (a day only)
     * @param what raised, raisedAbout (a concern about another learner that names this one), tutorFollowUp,
     *     tutorReferral, received, acknowledged, action, referral, task, taskDone, outcome, closed, linked
     * @param category the concern's category (raised, raisedAbout)
     * @param agency who it was referred to (referral)
     * @param about the other learner a linked concern is about (raisedAbout), or null
     * @param detail the words written, or null
     * @param by who did it, or null
     */
    public record Event(LocalDate date, Long at, UUID concernId, String what, String category, String agency, String about,
                        String detail, String by) {
    }

    /**
     * The learner's safeguarding chronology, oldest first: every concern about them and every
     * concern that names them (linked), with what the tutor and the lead did about each.
     */
    public List<Event> chronology(UUID learnerId, java.time.ZoneId zone) throws Exception {
        List<Event> events = new ArrayList<>();
        try (Connection c = db.connection()) {
            Map<String, String> names = userNames();
            List<String> concernIds = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT record_id FROM records WHERE learner_id = ? AND kind = '"
                    + RecordKinds.CONCERN + "' AND deleted = ?")) {
                q.setString(1, learnerId.toString());
                q.setBoolean(2, false);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        concernIds.add(rs.getString(1));
                    }
                }
            }
            Map<String, Long> linkedAt = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT concern_id, linked_at, linked_by FROM concern_links WHERE learner_id = ?")) {
                q.setString(1, learnerId.toString());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        linkedAt.put(rs.getString(1), rs.getLong(2));
                        String by = names.getOrDefault(rs.getString(3), rs.getString(3));
                        events.add(event(rs.getLong(2), zone, UUID.fromString(rs.getString(1)), null, "linked", null, null, by));
                    }
                }
            }
            List<String> all = new ArrayList<>(concernIds);
            linkedAt.keySet().stream().filter(id -> !concernIds.contains(id)).forEach(all::add);
            for (String id : all) {
                UUID concernId = UUID.fromString(id);
                List<Row> rows = rows(c, concernId);
                if (rows.isEmpty()) {
                    continue;
                }
                Row row = rows.get(0);
                boolean own = concernIds.contains(id);
                JsonNode p = Payloads.tree(payload(c, id));
                String category = row.category();
                if (own) {
                    events.add(new Event(row.raisedOn(), null, concernId, "raised", category, null, null, text(p, "description"),
                            row.raisedBy()));
                    for (JsonNode f : p.path("followUps")) {
                        events.add(new Event(date(f.path("date").asText(null)), null, concernId, "tutorFollowUp", category, null, null,
                                text(f, "note"), text(f, "by")));
                    }
                    LocalDate referredOn = date(text(p, "referredOn"));
                    if (referredOn != null) {
                        events.add(new Event(referredOn, null, concernId, "tutorReferral", category, null, null, text(p, "referredToOther"),
                                row.raisedBy()));
                    }
                } else {
                    events.add(new Event(row.raisedOn(), null, concernId, "raisedAbout", category, null,
                            row.learner() == null ? null : row.learner().name(), null, row.raisedBy()));
                }
                if (row.receivedAt() != null) {
                    events.add(event(row.receivedAt(), zone, concernId, category, "received", null, null, null));
                }
                if (row.acknowledgedAt() != null) {
                    events.add(event(row.acknowledgedAt(), zone, concernId, category, "acknowledged", null, null, row.acknowledgedBy()));
                }
                List<Entry> entries = entries(c, concernId, names);
                for (Entry e : entries) {
                    events.add(event(e.at(), zone, concernId, category, e.kind(), e.agency(), e.text(), e.by()));
                }
                for (Task t : tasks(c, entries)) {
                    if (t.done()) {
                        events.add(event(t.doneAt().toEpochMilli(), zone, concernId, category, "taskDone", null, t.text(), t.doneBy()));
                    }
                }
                if (row.closedAt() != null) {
                    events.add(event(row.closedAt(), zone, concernId, category, "closed", null, null, null));
                }
            }
        }
        events.sort(Comparator.comparing(Event::date, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(e -> e.at() == null ? Long.MIN_VALUE : e.at()));
        return events;
    }

    private static Event event(long at, java.time.ZoneId zone, UUID concernId, String category, String what, String agency, String detail,
                               String by) {
        return new Event(Instant.ofEpochMilli(at).atZone(zone).toLocalDate(), at, concernId, what, category, agency, null, detail, by);
    }

    // ------------------------------------------------------------------ what the lead does

    /**
     * The lead has seen the concern: recorded once (a second acknowledgement changes nothing), and
     * the tutor's laptops learn it at their next sync.
     */
    public void acknowledge(UUID concernId, AuditTrail.Actor actor) throws Exception {
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

    /**
     * Records an action, or an external referral to {@code agency}, on the concern.
     *
     * @throws InvalidInput no text, too long, or a referral without a known agency; nothing is stored
     */
    public void record(UUID concernId, String kind, String agency, String text, AuditTrail.Actor actor) throws Exception {
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

    /**
     * Gives the tutor a follow-up action: it reaches their laptops as a task on the learner at
     * their next sync (and tells them the lead has seen the concern, if not acknowledged yet).
     *
     * @return the task's id (the laptop's task-done record carries it back)
     */
    public UUID assignTask(UUID concernId, String text, AuditTrail.Actor actor) throws Exception {
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

    /**
     * Closes the case with its outcome.
     *
     * @throws InvalidInput no outcome, or too long; nothing is stored
     */
    public void close(UUID concernId, String outcome, AuditTrail.Actor actor) throws Exception {
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

    /** Links another learner the concern involves (linking one twice, or the concern's own learner, changes nothing). */
    public boolean link(UUID concernId, UUID learnerId, AuditTrail.Actor actor) throws Exception {
        return db.inTransaction(c -> {
            String own = requireConcern(c, concernId);
            if (learnerId.toString().equals(own)) {
                return false;
            }
            Map<String, LearnerRef> found = learners(c, List.of(learnerId.toString()), Map.of());
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
        for (Entry e : entries(c, concernId, Map.of())) {
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

    private static final String ROW_COLUMNS = "r.record_id, r.learner_id, r.updated_at, r.payload, a.received_at, a.raised_at,"
            + " s.acknowledged_at, s.acknowledged_by, s.closed_at";

    /** The concerns (or the one asked for) as inbox rows. */
    private List<Row> rows(Connection c, UUID only) throws SQLException {
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
    private static List<Entry> entries(Connection c, UUID concernId, Map<String, String> names) throws SQLException {
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

    private static List<Task> tasks(Connection c, List<Entry> entries) throws SQLException {
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
    private Map<String, LearnerRef> learners(Connection c, Collection<String> ids, Map<String, String> userNames) throws SQLException {
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
    private Map<String, String> userNames() throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (Accounts.User u : accounts.listUsers()) {
            out.put(u.username(), u.name());
        }
        return out;
    }

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

    private static String payload(Connection c, String recordId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ?")) {
            q.setString(1, recordId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
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

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    static LocalDate date(String s) {
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Used by tests and the pages: every task id of a concern, oldest first. */
    List<UUID> taskIds(UUID concernId) throws Exception {
        try (Connection c = db.connection()) {
            return entries(c, concernId, Map.of()).stream().filter(e -> TASK.equals(e.kind())).map(e -> UUID.fromString(e.id())).toList();
        }
    }
}
