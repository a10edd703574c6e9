package org.tutela.sync.server.headoffice;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.UlnRule;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Database;

/**
 * Imports learners (and, if asked, their groups) from a CSV export of the MIS. First a preview
 * that lists every problem of every row, with its row and column, and what would change; then
 * the import, which stores everything in one transaction or nothing. Learners are matched by
 * ULN: importing the same file again changes nothing; a newer export updates the learners it
 * names (only the columns it has) and the report says what changed. A learner whose group
 * changes moves to that group's tutor.
 */
public final class LearnerImport {
    /** The mapping used when none is named, remembered from the last import. */
    public static final String REMEMBERED = "mis";
    static final int MAX_TEXT = 200;
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}");
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("uuuu-M-d").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d-M-uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT));
    /** The learner record's fields in the app's order (its {@code Learner} record), so a new record reads as the app writes it. */
    private static final List<String> LEARNER_FIELDS = List.of("id", "givenName", "familyName", "preferredName", "dateOfBirth",
            "uln", "ilrReference", "schoolOrEmployer", "course", "yearOfCourse", "courseTutor", "formTutor",
            "levelWorkingTowards", "contacts", "flags", "status", "groupIds", "startDate");

    private final Database db;
    private final Accounts accounts;
    private final HeadOfficeRecords records;
    private final Groups groups;

    public LearnerImport(Database db, Accounts accounts) {
        this.db = db;
        this.accounts = accounts;
        this.records = new HeadOfficeRecords(db);
        this.groups = new Groups(db, accounts);
    }

    /** @param createGroups groups the file names that do not exist are created (without a tutor) rather than refused */
    public record Options(boolean createGroups) {
        public static final Options DEFAULT = new Options(false);
    }

    public enum Action { CREATE, UPDATE, UNCHANGED }

    /**
     * What importing one row does.
     *
     * @param changed for an update, the fields that change (mapping names: {@code familyName}, {@code group}...)
     */
    public record RowOutcome(int row, UUID learnerId, Action action, List<String> changed) {
    }

    /**
     * A file as read, checked and compared with what head office holds.
     *
     * @param columns each heading's field, or null where the mapping has none
     * @param problems every problem, in row order (the heading row's first); empty when the file can be imported
     * @param rows what each learner row does (rows with a problem are left out)
     * @param newGroups groups the import creates (name, and course in brackets if any)
     */
    public record Preview(String encoding, List<String> headings, List<ImportField> columns, int learnerRows,
                          List<Problem> problems, List<RowOutcome> rows, List<String> newGroups) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public long count(Action action) {
            return rows.stream().filter(r -> r.action() == action).count();
        }
    }

    // ------------------------------------------------------------------ mappings

    /** The mapping remembered from the last import (empty before the first). */
    public ColumnMapping remembered() throws Exception {
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement("SELECT mapping FROM import_mappings WHERE name = ?")) {
            q.setString(1, REMEMBERED);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return ColumnMapping.empty();
                }
                return ColumnMapping.fromStored(Payloads.mapper().readValue(rs.getString(1), new TypeReference<LinkedHashMap<String, String>>() { }));
            }
        }
    }

    /**
     * The mapping to use: a preset when one is named ({@code tutela}, {@code ilr}), otherwise the
     * remembered one, filled in from both presets; then the administrator's corrections
     * ("Heading=field").
     *
     * @throws InvalidInput an unknown preset or a correction that is not "Heading=field"
     */
    public ColumnMapping mapping(String preset, List<String> corrections) throws Exception {
        ColumnMapping m;
        if (preset == null || preset.isBlank()) {
            m = remembered().orElse(ColumnMapping.presets());
        } else {
            m = ColumnMapping.preset(preset).orElseThrow(() -> new InvalidInput(Problem.of("mapping", "mapping.unknownPreset",
                    Groups.clip(preset), ColumnMapping.TUTELA + ", " + ColumnMapping.ILR)));
        }
        for (String c : corrections == null ? List.<String>of() : corrections) {
            m = m.with(c);
        }
        return m;
    }

    private static void remember(Connection c, ColumnMapping used, List<String> headings, ColumnMapping before) throws Exception {
        ColumnMapping m = before;
        for (String h : headings) {
            Optional<ImportField> f = used.fieldOf(h);
            if (f.isPresent()) {
                m = m.with(h, f.get());
            }
        }
        String json = Payloads.mapper().writeValueAsString(m.toStored());
        try (PreparedStatement up = c.prepareStatement("UPDATE import_mappings SET mapping = ?, updated_at = ? WHERE name = ?")) {
            up.setString(1, json);
            up.setLong(2, System.currentTimeMillis());
            up.setString(3, REMEMBERED);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO import_mappings (name, mapping, updated_at) VALUES (?, ?, ?)")) {
            ins.setString(1, REMEMBERED);
            ins.setString(2, json);
            ins.setLong(3, System.currentTimeMillis());
            ins.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ preview and import

    /** Reads and checks the file against what head office holds; stores nothing. */
    public Preview preview(byte[] file, ColumnMapping mapping, Options options) throws Exception {
        try (Connection c = db.connection()) {
            return analyse(c, CsvFile.read(file), mapping, options, false).preview;
        }
    }

    /**
     * Imports the file: every learner and new group in one transaction, and the mapping is
     * remembered for next time. Checked again inside the transaction, against head office as it
     * is then.
     *
     * @throws InvalidInput with every problem of the file; nothing is stored
     */
    public Preview importFile(byte[] file, ColumnMapping mapping, Options options) throws Exception {
        CsvFile csv = CsvFile.read(file);
        ColumnMapping before = remembered();
        return db.inTransaction(c -> {
            Analysis a = analyse(c, csv, mapping, options, true);
            if (!a.preview.ok()) {
                throw new InvalidInput(a.preview.problems());
            }
            List<HeadOfficeRecords.Change> changes = new ArrayList<>();
            for (Map.Entry<UUID, ObjectNode> g : a.newGroups.entrySet()) {
                changes.add(new HeadOfficeRecords.Change(g.getKey(), RecordKinds.GROUP, null, g.getKey(), Payloads.write(g.getValue())));
            }
            for (Planned p : a.planned) {
                if (p.outcome.action() != Action.UNCHANGED) {
                    changes.add(new HeadOfficeRecords.Change(p.outcome.learnerId(), RecordKinds.LEARNER, p.outcome.learnerId(),
                            p.newGroup, Payloads.write(p.tree)));
                }
            }
            records.write(c, changes);
            moveCaseloads(c, a.planned);
            remember(c, mapping, csv.headers(), before);
            return a.preview;
        });
    }

    /** Learners whose group changed leave the old group's tutor and join the new one's. */
    private void moveCaseloads(Connection c, List<Planned> planned) throws SQLException {
        Map<UUID, List<String>> leaving = new LinkedHashMap<>();
        Map<UUID, List<String>> joiningNew = new LinkedHashMap<>();
        Map<UUID, List<String>> joiningMoved = new LinkedHashMap<>();
        for (Planned p : planned) {
            if (java.util.Objects.equals(p.oldGroup, p.newGroup)) {
                continue;
            }
            String id = p.outcome.learnerId().toString();
            if (p.oldGroup != null) {
                leaving.computeIfAbsent(p.oldGroup, k -> new ArrayList<>()).add(id);
            }
            if (p.newGroup != null) {
                (p.outcome.action() == Action.CREATE ? joiningNew : joiningMoved).computeIfAbsent(p.newGroup, k -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<UUID, List<String>> e : leaving.entrySet()) {
            accounts.removeGroupLearners(c, e.getKey().toString(), e.getValue(), null);
        }
        for (Map.Entry<UUID, List<String>> e : joiningNew.entrySet()) {
            accounts.addGroupLearners(c, e.getKey().toString(), e.getValue(), false);
        }
        for (Map.Entry<UUID, List<String>> e : joiningMoved.entrySet()) {
            accounts.addGroupLearners(c, e.getKey().toString(), e.getValue(), true);
        }
    }

    /** A row that can be imported: its learner as it will be stored. */
    private record Planned(RowOutcome outcome, ObjectNode tree, UUID oldGroup, UUID newGroup) {
    }

    private record Analysis(Preview preview, List<Planned> planned, Map<UUID, ObjectNode> newGroups) {
    }

    private Analysis analyse(Connection c, CsvFile csv, ColumnMapping mapping, Options options, boolean locked) throws Exception {
        List<SyncRecord> groupRecords = locked ? records.lockAndReadKind(c, RecordKinds.GROUP) : records.readKind(c, RecordKinds.GROUP);
        List<SyncRecord> learnerRecords = locked ? records.lockAndReadKind(c, RecordKinds.LEARNER) : records.readKind(c, RecordKinds.LEARNER);
        List<Groups.Group> allGroups = groups.list(c, true, groupRecords);
        Map<String, List<Groups.Group>> groupsByName = new HashMap<>();
        for (Groups.Group g : allGroups) {
            groupsByName.computeIfAbsent(Groups.key(g.name()), k -> new ArrayList<>()).add(g);
        }
        List<Problem> problems = new ArrayList<>();

        // the heading row
        List<String> headings = csv.headers();
        List<ImportField> columns = new ArrayList<>();
        Map<ImportField, Integer> columnOf = new EnumMap<>(ImportField.class);
        if (headings.isEmpty()) {
            problems.add(Problem.at(1, null, "file.empty"));
        }
        for (int i = 0; i < headings.size(); i++) {
            String h = headings.get(i).strip();
            String name = h.isEmpty() ? Text.get("column.numbered", i + 1) : h;
            ImportField f = h.isEmpty() ? null : mapping.fieldOf(h).orElse(null);
            columns.add(f);
            if (f == null) {
                problems.add(Problem.at(1, name, "column.unknown", ColumnMapping.fieldList()));
            } else if (f != ImportField.IGNORE) {
                Integer first = columnOf.putIfAbsent(f, i);
                if (first != null) {
                    problems.add(Problem.at(1, name, "column.twice", f.id(), headings.get(first).strip()));
                }
            }
        }
        if (!headings.isEmpty()) {
            if (!columnOf.containsKey(ImportField.ULN)) {
                problems.add(Problem.at(1, null, "column.missing", ImportField.ULN.id()));
            }
            if (!columnOf.containsKey(ImportField.GIVEN_NAME) && !columnOf.containsKey(ImportField.FAMILY_NAME)) {
                problems.add(Problem.at(1, null, "column.missing", ImportField.FAMILY_NAME.id()));
            }
        }

        // head office's learners by ULN
        Map<String, List<SyncRecord>> byUln = new HashMap<>();
        Map<UUID, ObjectNode> trees = new HashMap<>();
        for (SyncRecord r : learnerRecords) {
            ObjectNode t = Payloads.tree(r.payload());
            trees.put(r.recordId(), t);
            String uln = Groups.text(t, "uln");
            if (uln != null) {
                byUln.computeIfAbsent(UlnRule.normalise(uln), k -> new ArrayList<>()).add(r);
            }
        }

        Map<String, Integer> ulnRow = new HashMap<>();
        Map<String, UUID> plannedGroups = new LinkedHashMap<>(); // name|course key to new id
        Map<UUID, ObjectNode> newGroupPayloads = new LinkedHashMap<>();
        List<String> newGroupNames = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        int learnerRows = 0;
        List<List<String>> rows = csv.rows();
        for (int i = 1; i < rows.size(); i++) {
            List<String> cells = rows.get(i);
            int rowNo = i + 1;
            if (cells.isEmpty() || cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            learnerRows++;
            int before = problems.size();
            if (cells.size() > headings.size()) {
                problems.add(Problem.at(rowNo, null, "row.tooManyCells", cells.size(), headings.size()));
            }
            Map<ImportField, String> values = new EnumMap<>(ImportField.class);
            for (Map.Entry<ImportField, Integer> col : columnOf.entrySet()) {
                int k = col.getValue();
                String v = k < cells.size() ? cells.get(k).strip() : "";
                values.put(col.getKey(), v.isEmpty() ? null : v);
            }
            // text fields: length
            for (Map.Entry<ImportField, String> v : values.entrySet()) {
                if (v.getValue() != null && v.getValue().length() > MAX_TEXT) {
                    problems.add(Problem.at(rowNo, heading(headings, columnOf, v.getKey()), "text.tooLong", MAX_TEXT));
                }
            }
            // ULN
            String uln = null;
            if (columnOf.containsKey(ImportField.ULN)) {
                String typed = values.get(ImportField.ULN);
                Optional<UlnRule.Problem> up = UlnRule.problem(typed);
                if (up.isPresent()) {
                    problems.add(Problem.at(rowNo, heading(headings, columnOf, ImportField.ULN), "uln." + up.get().name()));
                } else {
                    uln = UlnRule.normalise(typed);
                    Integer seen = ulnRow.putIfAbsent(uln, rowNo);
                    if (seen != null) {
                        problems.add(Problem.at(rowNo, heading(headings, columnOf, ImportField.ULN), "uln.twiceInFile", seen));
                    } else if (byUln.getOrDefault(uln, List.of()).size() > 1) {
                        problems.add(Problem.at(rowNo, heading(headings, columnOf, ImportField.ULN), "uln.twiceAtHeadOffice"));
                    }
                }
            }
            // name
            if ((columnOf.containsKey(ImportField.GIVEN_NAME) || columnOf.containsKey(ImportField.FAMILY_NAME))
                    && values.get(ImportField.GIVEN_NAME) == null && values.get(ImportField.FAMILY_NAME) == null) {
                ImportField where = columnOf.containsKey(ImportField.FAMILY_NAME) ? ImportField.FAMILY_NAME : ImportField.GIVEN_NAME;
                problems.add(Problem.at(rowNo, heading(headings, columnOf, where), "learner.name.missing"));
            }
            // dates
            Map<ImportField, LocalDate> dates = new EnumMap<>(ImportField.class);
            for (ImportField f : List.of(ImportField.DATE_OF_BIRTH, ImportField.START_DATE)) {
                String v = values.get(f);
                if (v == null) {
                    continue;
                }
                Optional<LocalDate> d = parseDate(v);
                String col = heading(headings, columnOf, f);
                if (d.isEmpty()) {
                    problems.add(Problem.at(rowNo, col, DATE_SHAPE.matcher(v).matches() ? "date.impossible" : "date.format"));
                } else if (f == ImportField.DATE_OF_BIRTH && (d.get().isAfter(LocalDate.now()) || d.get().getYear() < 1900)) {
                    problems.add(Problem.at(rowNo, col, "date.birthImpossible"));
                } else {
                    dates.put(f, d.get());
                }
            }
            // year of course
            Integer year = null;
            if (values.get(ImportField.YEAR_OF_COURSE) != null) {
                try {
                    year = Integer.parseInt(values.get(ImportField.YEAR_OF_COURSE));
                } catch (NumberFormatException e) {
                    year = -1;
                }
                if (year < 1 || year > 9) {
                    problems.add(Problem.at(rowNo, heading(headings, columnOf, ImportField.YEAR_OF_COURSE), "learner.year.bad"));
                }
            }
            // group
            UUID group = null;
            Groups.Group existingGroup = null;
            String groupName = values.get(ImportField.GROUP);
            if (groupName != null) {
                String course = values.get(ImportField.COURSE);
                try {
                    // only the groups of that name: a file names the same few groups thousands of times
                    existingGroup = Groups.find(groupsByName.getOrDefault(Groups.key(groupName), List.of()), groupName, course, false);
                    group = existingGroup.id();
                } catch (InvalidInput e) {
                    Problem why = e.problems().get(0);
                    boolean unknown = why.key().equals("group.unknown");
                    boolean archived = unknown && allGroups.stream().anyMatch(g -> g.archived() && Groups.key(g.name()).equals(Groups.key(groupName)));
                    if (unknown && options.createGroups() && !archived) {
                        String key = Groups.key(groupName) + "|" + Groups.key(course);
                        group = plannedGroups.get(key);
                        if (group == null) {
                            group = UUID.randomUUID();
                            try {
                                newGroupPayloads.put(group, groups.newPayload(c, allGroups, group, Groups.Changes.named(groupName).withCourse(course)));
                                plannedGroups.put(key, group);
                                newGroupNames.add(groupName.strip() + (course == null ? "" : " (" + course + ")"));
                            } catch (InvalidInput bad) {
                                problems.add(Problem.at(rowNo, heading(headings, columnOf, ImportField.GROUP), bad.problems().get(0).key(),
                                        bad.problems().get(0).args()));
                            }
                        }
                    } else {
                        problems.add(Problem.at(rowNo, heading(headings, columnOf, ImportField.GROUP),
                                archived ? "group.archived" : why.key(), why.args()));
                    }
                }
            }
            if (problems.size() > before || uln == null) {
                continue;
            }

            // the learner as it will be stored
            List<SyncRecord> matches = byUln.getOrDefault(uln, List.of());
            SyncRecord existing = matches.isEmpty() ? null : matches.get(0);
            ObjectNode original = existing == null ? null : trees.get(existing.recordId());
            UUID id = existing == null ? UUID.randomUUID() : existing.recordId();
            ObjectNode tree = original == null ? skeleton(id) : original.deepCopy();
            for (Map.Entry<ImportField, Integer> col : columnOf.entrySet()) {
                ImportField f = col.getKey();
                if (f == ImportField.GROUP || f == ImportField.IGNORE) {
                    continue;
                }
                String v = values.get(f);
                String json = f.jsonField();
                if (v == null) {
                    tree.remove(json);
                } else if (f == ImportField.ULN) {
                    tree.put(json, uln);
                } else if (f.isDate()) {
                    tree.put(json, dates.get(f).toString());
                } else if (f == ImportField.YEAR_OF_COURSE) {
                    tree.put(json, year);
                } else {
                    tree.put(json, v);
                }
            }
            if (existing == null && existingGroup != null) {
                // a new learner takes what the file does not say from their group
                fillFromGroup(tree, columnOf, ImportField.COURSE, existingGroup.course());
                fillFromGroup(tree, columnOf, ImportField.LEVEL, existingGroup.level());
                if (!columnOf.containsKey(ImportField.YEAR_OF_COURSE) && existingGroup.yearOfCourse() != null) {
                    tree.put("yearOfCourse", existingGroup.yearOfCourse());
                }
            }
            UUID oldGroup = existing == null ? null : existing.groupId();
            UUID newGroup = oldGroup;
            if (group != null) {
                newGroup = group;
                ArrayNode ids = JsonNodeFactory.instance.arrayNode();
                ids.add(group.toString());
                JsonNode had = tree.path("groupIds");
                String oldPrimary = had.isArray() && had.size() > 0 ? had.get(0).asText() : null;
                for (JsonNode g : had) {
                    String s = g.asText();
                    if (!s.equals(group.toString()) && !s.equals(oldPrimary)) {
                        ids.add(s);
                    }
                }
                tree.set("groupIds", ids);
            }
            if (existing == null) {
                dropNulls(tree);
            }
            RowOutcome outcome;
            if (existing == null) {
                outcome = new RowOutcome(rowNo, id, Action.CREATE, List.of());
            } else {
                List<String> changed = changedFields(original, tree);
                outcome = new RowOutcome(rowNo, id, changed.isEmpty() && java.util.Objects.equals(oldGroup, newGroup)
                        ? Action.UNCHANGED : Action.UPDATE, changed);
            }
            outcomes.add(outcome);
            planned.add(new Planned(outcome, tree, oldGroup, newGroup));
        }
        if (headings.size() > 0 && learnerRows == 0) {
            problems.add(Problem.at(1, null, "file.noLearners"));
        }
        Preview preview = new Preview(csv.encoding(), List.copyOf(headings), java.util.Collections.unmodifiableList(columns), learnerRows,
                List.copyOf(problems), List.copyOf(outcomes), List.copyOf(newGroupNames));
        return new Analysis(preview, planned, newGroupPayloads);
    }

    private static void fillFromGroup(ObjectNode tree, Map<ImportField, Integer> columnOf, ImportField f, String value) {
        if (!columnOf.containsKey(f) && value != null) {
            tree.put(f.jsonField(), value);
        }
    }

    /** The heading of the column a field is read from. */
    private static String heading(List<String> headings, Map<ImportField, Integer> columnOf, ImportField f) {
        Integer i = columnOf.get(f);
        return i == null ? f.id() : headings.get(i).strip();
    }

    /** A new learner record with every field in the app's order (the empty ones are dropped once it is filled). */
    private static ObjectNode skeleton(UUID id) {
        ObjectNode t = Payloads.mapper().createObjectNode();
        for (String f : LEARNER_FIELDS) {
            t.putNull(f);
        }
        t.put("id", id.toString());
        t.putArray("contacts");
        t.putArray("flags");
        t.put("status", "ACTIVE");
        t.putArray("groupIds");
        return t;
    }

    private static void dropNulls(ObjectNode t) {
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            if (it.next().getValue().isNull()) {
                it.remove();
            }
        }
    }

    /** The fields that differ, by their mapping names. */
    private static List<String> changedFields(ObjectNode before, ObjectNode after) {
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!java.util.Objects.equals(before.get(n), after.get(n))) {
                out.add(switch (n) {
                    case "levelWorkingTowards" -> ImportField.LEVEL.id();
                    case "groupIds" -> ImportField.GROUP.id();
                    default -> n;
                });
            }
        }
        return out;
    }

    /** 2008-09-01, 01/09/2008, 1-9-2008 or 01.09.2008 (day before month, as in the UK); empty when it is no real date. */
    static Optional<LocalDate> parseDate(String text) {
        String t = text.strip();
        // the formatter for its shape, so a row costs no exceptions
        DateTimeFormatter f = t.length() >= 8 && t.charAt(4) == '-' ? DATE_FORMATS.get(0)
                : t.indexOf('/') > 0 ? DATE_FORMATS.get(1) : t.indexOf('.') > 0 ? DATE_FORMATS.get(3) : DATE_FORMATS.get(2);
        try {
            return Optional.of(LocalDate.parse(t, f));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
