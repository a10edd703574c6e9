package org.tutela.sync.server.headoffice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.Role;

/**
 * Groups as head office keeps them: create, edit, archive, and give a group to a tutor, by names.
 * A group is a {@code group} record (the app's JSON), written through {@link HeadOfficeRecords};
 * its tutor is the caseload row that gives the group to them (see {@link Accounts#addGroupLearners}).
 */
public final class Groups {
    private final Database db;
    private final Accounts accounts;
    private final HeadOfficeRecords records;

    public Groups(Database db, Accounts accounts) {
        this.db = db;
        this.accounts = accounts;
        this.records = new HeadOfficeRecords(db);
    }

    /**
     * A group as head office lists it.
     *
     * @param course the group's course or programme (the app's {@code programme})
     * @param entitlement null: the organisation's default
     * @param tutor the username of the tutor whose caseload holds the group, or null
     * @param learners how many learners have it as their group
     */
    public record Group(UUID id, String name, String course, String level, Integer yearOfCourse, String siteOrEmployer,
                        ReviewFrequency reviewFrequency, Organisation.Entitlement entitlement, String tutor, boolean archived,
                        int learners, long revision) {
    }

    /**
     * What to set on a group. A null field is left as it is (on a new group: not set); an empty
     * text, a {@code yearOfCourse} of 0 or {@code useDefaultEntitlement} clears it. {@code tutor}
     * is a username ("" gives the group to nobody).
     */
    public record Changes(String name, String course, String level, Integer yearOfCourse, String siteOrEmployer,
                          String reviewFrequency, Organisation.Entitlement entitlement, boolean useDefaultEntitlement,
                          String tutor) {
        public static Changes named(String name) {
            return new Changes(name, null, null, null, null, null, null, false, null);
        }

        public Changes withCourse(String v) {
            return new Changes(name, v, level, yearOfCourse, siteOrEmployer, reviewFrequency, entitlement, useDefaultEntitlement, tutor);
        }

        public Changes withLevel(String v) {
            return new Changes(name, course, v, yearOfCourse, siteOrEmployer, reviewFrequency, entitlement, useDefaultEntitlement, tutor);
        }

        public Changes withYearOfCourse(Integer v) {
            return new Changes(name, course, level, v, siteOrEmployer, reviewFrequency, entitlement, useDefaultEntitlement, tutor);
        }

        public Changes withSiteOrEmployer(String v) {
            return new Changes(name, course, level, yearOfCourse, v, reviewFrequency, entitlement, useDefaultEntitlement, tutor);
        }

        public Changes withReviewFrequency(String v) {
            return new Changes(name, course, level, yearOfCourse, siteOrEmployer, v, entitlement, useDefaultEntitlement, tutor);
        }

        public Changes withEntitlement(Organisation.Entitlement v) {
            return new Changes(name, course, level, yearOfCourse, siteOrEmployer, reviewFrequency, v, false, tutor);
        }

        public Changes withDefaultEntitlement() {
            return new Changes(name, course, level, yearOfCourse, siteOrEmployer, reviewFrequency, null, true, tutor);
        }

        public Changes withTutor(String v) {
            return new Changes(name, course, level, yearOfCourse, siteOrEmployer, reviewFrequency, entitlement, useDefaultEntitlement, v);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Every group, by name then course; archived ones only when asked. */
    public List<Group> list(boolean includeArchived) throws Exception {
        try (Connection c = db.connection()) {
            return list(c, includeArchived, records.readKind(c, RecordKinds.GROUP));
        }
    }

    List<Group> list(Connection c, boolean includeArchived, List<SyncRecord> stored) throws SQLException {
        Map<String, String> tutors = tutorsByGroup(c);
        Map<String, Integer> counts = learnerCounts(c);
        List<Group> out = new ArrayList<>();
        for (SyncRecord r : stored) {
            Group g = toGroup(r, tutors, counts);
            if (g != null && (includeArchived || !g.archived())) {
                out.add(g);
            }
        }
        out.sort(Comparator.comparing((Group g) -> key(g.name())).thenComparing(g -> key(g.course())).thenComparing(Group::id));
        return out;
    }

    public Optional<Group> get(UUID id) throws Exception {
        try (Connection c = db.connection()) {
            return list(c, true, records.readKind(c, RecordKinds.GROUP)).stream().filter(g -> g.id().equals(id)).findFirst();
        }
    }

    /**
     * The one group not archived with this name (case and spacing aside) and, if given, this course.
     *
     * @throws InvalidInput no such group, or several and the course does not tell them apart
     */
    public Group find(String name, String course) throws Exception {
        try (Connection c = db.connection()) {
            return find(list(c, false, records.readKind(c, RecordKinds.GROUP)), name, course);
        }
    }

    /** The one archived group with this name (narrowed by course), to bring back. @throws InvalidInput as {@link #find} */
    public Group findArchived(String name, String course) throws Exception {
        try (Connection c = db.connection()) {
            List<Group> archived = list(c, true, records.readKind(c, RecordKinds.GROUP)).stream().filter(Group::archived).toList();
            // find() looks among groups in use: show it the archived ones as if they were
            UUID id = find(archived.stream().map(g -> new Group(g.id(), g.name(), g.course(), g.level(), g.yearOfCourse(),
                    g.siteOrEmployer(), g.reviewFrequency(), g.entitlement(), g.tutor(), false, g.learners(), g.revision()))
                    .toList(), name, course).id();
            return archived.stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
        }
    }

    static Group find(List<Group> groups, String name, String course) {
        return find(groups, name, course, true);
    }

    /**
     * @param strict a course given must be the group's; otherwise it only tells apart groups that
     *     share the name (an import's course column is the learner's course, which a group of
     *     mixed courses does not have)
     */
    static Group find(List<Group> groups, String name, String course, boolean strict) {
        List<Group> named = groups.stream().filter(g -> !g.archived() && key(g.name()).equals(key(name))).toList();
        if ((strict || named.size() > 1) && course != null && !course.isBlank()) {
            named = named.stream().filter(g -> key(g.course()).equals(key(course))).toList();
        }
        if (named.isEmpty()) {
            throw new InvalidInput(Problem.of("group", "group.unknown", clip(name)));
        }
        if (named.size() > 1) {
            throw new InvalidInput(Problem.of("group", "group.ambiguous", clip(name), named.size()));
        }
        return named.get(0);
    }

    // ------------------------------------------------------------------ writing

    /** Creates a group; with a tutor, it is in their caseload at once. @throws InvalidInput naming each wrong field */
    public Group create(Changes changes) throws Exception {
        UUID id = UUID.randomUUID();
        return db.inTransaction(c -> {
            List<Group> all = list(c, true, records.lockAndReadKind(c, RecordKinds.GROUP));
            store(c, id, newPayload(c, all, id, changes), changes.tutor());
            return reread(c, id);
        });
    }

    /** A new group's record, checked against the groups there are. @throws InvalidInput naming each wrong field */
    ObjectNode newPayload(Connection c, List<Group> all, UUID id, Changes changes) throws SQLException {
        ObjectNode payload = Payloads.mapper().createObjectNode();
        payload.put("id", id.toString());
        apply(c, all, null, payload, changes, true);
        return payload;
    }

    /** Changes a group; a new tutor takes it over from the last. @throws InvalidInput naming each wrong field */
    public Group edit(UUID id, Changes changes) throws Exception {
        return db.inTransaction(c -> {
            List<Group> all = list(c, true, records.lockAndReadKind(c, RecordKinds.GROUP));
            SyncRecord stored = records.lockAndRead(c, List.of(id)).get(id);
            if (stored == null || stored.deleted() || !RecordKinds.GROUP.equals(stored.kind())) {
                throw new InvalidInput(Problem.of("group", "group.gone"));
            }
            ObjectNode payload = Payloads.tree(stored.payload());
            apply(c, all, id, payload, changes, false);
            store(c, id, payload, changes.tutor());
            return reread(c, id);
        });
    }

    /**
     * Archives a group (or brings it back): it stays on the laptops that have it, with its
     * learners and their history, marked archived; head office no longer offers it for imports,
     * moves or assignments.
     */
    public Group archive(UUID id, boolean archived) throws Exception {
        return db.inTransaction(c -> {
            SyncRecord stored = records.lockAndRead(c, List.of(id)).get(id);
            if (stored == null || stored.deleted() || !RecordKinds.GROUP.equals(stored.kind())) {
                throw new InvalidInput(Problem.of("group", "group.gone"));
            }
            if (!archived) {
                List<Group> all = list(c, false, records.readKind(c, RecordKinds.GROUP));
                JsonNode p = Payloads.tree(stored.payload());
                String name = text(p, "name");
                String course = text(p, "programme");
                if (all.stream().anyMatch(g -> !g.id().equals(id) && key(g.name()).equals(key(name)) && key(g.course()).equals(key(course)))) {
                    throw new InvalidInput(Problem.of("name", "group.exists"));
                }
            }
            ObjectNode payload = Payloads.tree(stored.payload());
            payload.put("archived", archived);
            records.write(c, List.of(new HeadOfficeRecords.Change(id, RecordKinds.GROUP, null, id, Payloads.write(payload))));
            return reread(c, id);
        });
    }

    /** Gives the group to a tutor (taking it from whoever had it), by names. */
    public Group assignTutor(String groupName, String course, String tutorUsername) throws Exception {
        Group g = find(groupName, course);
        return edit(g.id(), new Changes(null, null, null, null, null, null, null, false, tutorUsername == null ? "" : tutorUsername));
    }

    private void apply(Connection c, List<Group> all, UUID id, ObjectNode p, Changes ch, boolean creating) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        if (ch.name() != null || creating) {
            String name = OrganisationSetup.trim(ch.name());
            if (name == null) {
                problems.add(Problem.of("name", "group.name.missing"));
            } else if (name.length() > OrganisationSetup.MAX_TEXT) {
                problems.add(Problem.of("name", "text.tooLong", OrganisationSetup.MAX_TEXT));
            } else {
                p.put("name", name);
            }
        }
        setText(p, "programme", ch.course(), "course", problems);
        setText(p, "siteOrEmployer", ch.siteOrEmployer(), "siteOrEmployer", problems);
        if (ch.tutor() != null) {
            String t = OrganisationSetup.trim(ch.tutor());
            if (t == null) {
                p.remove("tutor");
            } else {
                Optional<Accounts.User> u = findTutor(c, t, problems);
                u.ifPresent(user -> p.put("tutor", user.username()));
            }
        }
        if (ch.reviewFrequency() != null || creating) {
            try {
                ReviewFrequency f = ch.reviewFrequency() == null || ch.reviewFrequency().isBlank() ? ReviewFrequency.halfTermly()
                        : ReviewFrequency.parse(ch.reviewFrequency());
                ObjectNode fn = p.putObject("reviewFrequency");
                fn.put("unit", f.unit());
                fn.put("every", f.every());
            } catch (InvalidInput e) {
                problems.addAll(e.problems());
            }
        }
        if (ch.useDefaultEntitlement()) {
            p.remove("entitlementOverride");
        } else if (ch.entitlement() != null) {
            Organisation.Entitlement e = ch.entitlement();
            if (e.oneToOneReviews() < 0 || e.oneToOneReviews() > 100 || e.groupSessions() < 0 || e.groupSessions() > 100) {
                problems.add(Problem.of("entitlement", "entitlement.range"));
            } else {
                ObjectNode en = p.putObject("entitlementOverride");
                en.put("oneToOneReviews", e.oneToOneReviews());
                en.put("groupSessions", e.groupSessions());
            }
        }
        setText(p, "level", ch.level(), "level", problems);
        if (ch.yearOfCourse() != null) {
            if (ch.yearOfCourse() == 0) {
                p.remove("yearOfCourse");
            } else if (ch.yearOfCourse() < 1 || ch.yearOfCourse() > 9) {
                problems.add(Problem.of("yearOfCourse", "learner.year.bad"));
            } else {
                p.put("yearOfCourse", ch.yearOfCourse());
            }
        }
        if (creating || !p.has("archived")) {
            p.put("archived", p.path("archived").asBoolean(false));
        }
        String name = text(p, "name");
        String course = text(p, "programme");
        if (name != null && !p.path("archived").asBoolean(false) && all.stream().anyMatch(g -> !g.archived() && !g.id().equals(id)
                && key(g.name()).equals(key(name)) && key(g.course()).equals(key(course)))) {
            problems.add(Problem.of("name", "group.exists"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }

    private static Optional<Accounts.User> findTutor(Connection c, String username, List<Problem> problems) throws SQLException {
        Optional<Accounts.User> u;
        try {
            u = Accounts.findUser(c, Accounts.normaliseUsername(username));
        } catch (IllegalArgumentException e) {
            u = Optional.empty();
        }
        if (u.isEmpty()) {
            problems.add(Problem.of("tutor", "tutor.unknown", clip(username)));
            return Optional.empty();
        }
        if (u.get().role() != Role.TUTOR) {
            problems.add(Problem.of("tutor", "tutor.notTutor", u.get().username()));
            return Optional.empty();
        }
        return u;
    }

    private static void setText(ObjectNode p, String jsonField, String value, String field, List<Problem> problems) {
        if (value == null) {
            return;
        }
        String v = OrganisationSetup.trim(value);
        if (v == null) {
            p.remove(jsonField);
        } else if (v.length() > OrganisationSetup.MAX_TEXT) {
            problems.add(Problem.of(field, "text.tooLong", OrganisationSetup.MAX_TEXT));
        } else {
            p.put(jsonField, v);
        }
    }

    /** Writes the group record and, when its tutor changed, moves the caseload rows. */
    private void store(Connection c, UUID id, ObjectNode payload, String tutorChange) throws SQLException {
        records.write(c, List.of(new HeadOfficeRecords.Change(id, RecordKinds.GROUP, null, id, Payloads.write(payload))));
        if (tutorChange == null) {
            return;
        }
        String username = text(payload, "tutor");
        String newTutor = username == null ? null : Accounts.findUser(c, username).map(Accounts.User::id).orElse(null);
        String g = id.toString();
        List<String> had = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT tutor_id FROM caseload WHERE scope_type = 'group' AND scope_id = ?")) {
            q.setString(1, g);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    had.add(rs.getString(1));
                }
            }
        }
        for (String t : had) {
            if (!t.equals(newTutor)) {
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM caseload WHERE tutor_id = ? AND scope_type = 'group' AND scope_id = ?")) {
                    del.setString(1, t);
                    del.setString(2, g);
                    del.executeUpdate();
                }
                accounts.removeGroupLearners(c, g, null, t);
            }
        }
        if (newTutor != null && !had.contains(newTutor)) {
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO caseload (tutor_id, scope_type, scope_id, assigned_at) VALUES (?, 'group', ?, ?)")) {
                ins.setString(1, newTutor);
                ins.setString(2, g);
                ins.setLong(3, System.currentTimeMillis());
                ins.executeUpdate();
            }
            accounts.resequence(c, Accounts.SCOPE_GROUP, List.of(g));
            accounts.addGroupLearners(c, g, null, true);
        }
    }

    private Group reread(Connection c, UUID id) throws SQLException {
        return list(c, true, records.readKind(c, RecordKinds.GROUP)).stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow();
    }

    // ------------------------------------------------------------------ helpers

    /** Group id to the username of the tutor whose caseload holds it (the first by name if several). */
    private static Map<String, String> tutorsByGroup(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT c.scope_id, u.username FROM caseload c JOIN users u ON u.id = c.tutor_id"
                + " WHERE c.scope_type = 'group' ORDER BY u.username DESC");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Map<String, Integer> learnerCounts(Connection c) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT group_id, COUNT(*) FROM records WHERE kind = 'learner'"
                + " AND group_id IS NOT NULL AND deleted = ? GROUP BY group_id")) {
            q.setBoolean(1, false);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private static Group toGroup(SyncRecord r, Map<String, String> tutors, Map<String, Integer> counts) {
        JsonNode p = Payloads.tree(r.payload());
        String name = text(p, "name");
        if (name == null) {
            return null; // not a group record anyone could use
        }
        JsonNode f = p.path("reviewFrequency");
        ReviewFrequency freq = f.has("unit") ? new ReviewFrequency(f.path("unit").asText(), Math.max(1, f.path("every").asInt(1)))
                : ReviewFrequency.halfTermly();
        JsonNode e = p.path("entitlementOverride");
        Organisation.Entitlement ent = e.isObject()
                ? new Organisation.Entitlement(e.path("oneToOneReviews").asInt(), e.path("groupSessions").asInt()) : null;
        Integer year = p.hasNonNull("yearOfCourse") ? p.get("yearOfCourse").asInt() : null;
        String id = r.recordId().toString();
        return new Group(r.recordId(), name, text(p, "programme"), text(p, "level"), year, text(p, "siteOrEmployer"), freq, ent,
                tutors.get(id), p.path("archived").asBoolean(false), counts.getOrDefault(id, 0), r.revision());
    }

    static String text(JsonNode p, String field) {
        JsonNode n = p.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    /** A name as compared: case and spacing aside. */
    static String key(String s) {
        return s == null ? "" : SPACES.matcher(s.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    /** Names go into messages shortened: a message is not the place for a whole cell. */
    static String clip(String s) {
        String v = s == null ? "" : s.strip();
        return v.length() > 60 ? v.substring(0, 57) + "..." : v;
    }
}
