package org.tutela.sync.server.safeguarding;

import static org.tutela.sync.server.safeguarding.SafeguardingCases.date;
import static org.tutela.sync.server.safeguarding.SafeguardingCases.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.headoffice.Payloads;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Entry;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Event;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Row;
import org.tutela.sync.server.safeguarding.SafeguardingCases.Task;

/**
 * A learner's safeguarding chronology: one timeline of every concern about them and every concern
 * that names them, with what the tutor and the lead did about each. Each concern is read as the
 * {@link Inbox} reads it. {@link SafeguardingCases#chronology} documents the result.
 */
final class LearnerChronology {
    private final Database db;
    private final Inbox inbox;

    LearnerChronology(Database db, Inbox inbox) {
        this.db = db;
        this.inbox = inbox;
    }

    List<Event> chronology(UUID learnerId, java.time.ZoneId zone) throws Exception {
        List<Event> events = new ArrayList<>();
        try (Connection c = db.connection()) {
            Map<String, String> names = inbox.userNames();
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
                List<Row> rows = inbox.rows(c, concernId);
                if (rows.isEmpty()) {
                    continue;
                }
                Row row = rows.get(0);
                boolean own = concernIds.contains(id);
                JsonNode p = Payloads.tree(Inbox.payload(c, id));
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
                List<Entry> entries = Inbox.entries(c, concernId, names);
                for (Entry e : entries) {
                    events.add(event(e.at(), zone, concernId, category, e.kind(), e.agency(), e.text(), e.by()));
                }
                for (Task t : Inbox.tasks(c, entries)) {
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
}
