package org.tutela.sync.server.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.records.RecordJson;
import org.tutela.app.records.TutorialSummaryReader;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Database;

/**
 * What a chunk of records changes, worked out before the write transaction: the projector's
 * reading of the change log. The records are read with the app's own JSON and rules, as the
 * laptop reads them: a record the laptop could not read is gone here too, and a sealed tutorial
 * gives only its envelope's header. {@link ReportTablesWriter} writes the result into the tables.
 */
final class ReportChanges {
    private static final String ORGANISATION_ID = RecordKinds.ORGANISATION_ID.toString();

    /** A record as stored, reduced to what the reports use. */
    record Stored(String id, String kind, long seq, boolean deleted, boolean sealed, String payload) {
    }

    long cursor;
    boolean organisation;
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<String, Learner> learners = new LinkedHashMap<>();
    final Map<String, TutorialSummary> tutorials = new LinkedHashMap<>();
    final Map<String, Target> targets = new LinkedHashMap<>();
    final Map<String, Concern> concerns = new LinkedHashMap<>();
    /** Records of each kind that are gone (deleted, or no longer readable). */
    final Map<String, Set<String>> gone = new HashMap<>();
    int unreadable;

    void gone(String kind, String id) {
        gone.computeIfAbsent(kind, k -> new HashSet<>()).add(id);
    }

    Set<String> gone(String kind) {
        return gone.getOrDefault(kind, Set.of());
    }

    /** The records of the change log after {@code cursor} and at or below {@code last}, at most a chunk of them, in order. */
    static List<Stored> chunk(Database db, long cursor, long last) throws SQLException {
        List<Stored> chunk = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT r.record_id, r.kind, c.server_seq, r.deleted, r.sealed, r.payload"
                     + " FROM " + Database.CHANGES + " JOIN records r ON r.record_id = c.record_id ORDER BY c.server_seq")) {
            q.setLong(1, cursor);
            q.setLong(2, last);
            q.setInt(3, ReportProjector.CHUNK);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    chunk.add(new Stored(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getBoolean(5),
                            rs.getString(6)));
                }
            }
        }
        return chunk;
    }

    static ReportChanges read(List<Stored> chunk) {
        ReportChanges ch = new ReportChanges();
        for (Stored r : chunk) {
            if (r.id().equals(ORGANISATION_ID) || RecordKinds.ORGANISATION.equals(r.kind())) {
                ch.organisation = true;
                continue;
            }
            if (!Set.of(RecordKinds.LEARNER, RecordKinds.GROUP, RecordKinds.TUTORIAL, RecordKinds.TARGET, RecordKinds.CONCERN)
                    .contains(r.kind())) {
                continue; // openings, the copies register, attendance: not reported here
            }
            if (r.deleted() || r.payload() == null) {
                ch.gone(r.kind(), r.id());
                continue;
            }
            UUID id;
            try {
                id = UUID.fromString(r.id());
            } catch (IllegalArgumentException e) {
                continue;
            }
            byte[] body = r.payload().getBytes(StandardCharsets.UTF_8);
            try {
                switch (r.kind()) {
                    case RecordKinds.TUTORIAL -> {
                        // a confidential tutorial is its envelope: only the header's facts are read
                        TutorialSummary t = r.sealed() ? TutorialSummaryReader.readSealedHeader(id, body) : TutorialSummaryReader.read(body);
                        keep(ch, r, id.equals(t.id()), () -> ch.tutorials.put(r.id(), t));
                    }
                    case RecordKinds.LEARNER -> {
                        Learner l = sealedIsUnreadable(r, Learner.class, body);
                        keep(ch, r, l != null && id.equals(l.id()), () -> ch.learners.put(r.id(), l));
                    }
                    case RecordKinds.GROUP -> {
                        Group g = sealedIsUnreadable(r, Group.class, body);
                        keep(ch, r, g != null && id.equals(g.id()), () -> ch.groups.put(r.id(), g));
                    }
                    case RecordKinds.TARGET -> {
                        Target t = sealedIsUnreadable(r, Target.class, body);
                        keep(ch, r, t != null && id.equals(t.id()), () -> ch.targets.put(r.id(), t));
                    }
                    case RecordKinds.CONCERN -> {
                        Concern cn = sealedIsUnreadable(r, Concern.class, body);
                        keep(ch, r, cn != null && id.equals(cn.id()), () -> ch.concerns.put(r.id(), cn));
                    }
                    default -> {
                    }
                }
            } catch (IOException | RuntimeException e) {
                ch.unreadable++;
                ch.gone(r.kind(), r.id());
            }
        }
        return ch;
    }

    /** Only tutorials are sealed: a sealed record of another kind is unreadable, as on the laptop. */
    private static <T> T sealedIsUnreadable(Stored r, Class<T> type, byte[] body) throws IOException {
        return r.sealed() ? null : RecordJson.read(body, type);
    }

    private static void keep(ReportChanges ch, Stored r, boolean readable, Runnable put) {
        if (readable) {
            put.run();
        } else {
            ch.unreadable++;
            ch.gone(r.kind(), r.id());
        }
    }
}
