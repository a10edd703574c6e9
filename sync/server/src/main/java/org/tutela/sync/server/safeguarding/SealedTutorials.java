package org.tutela.sync.server.safeguarding;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.SealedEnvelopeException;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.escrow.AuditLog;
import org.tutela.sync.server.headoffice.Payloads;

/**
 * Confidential tutorials as head office holds them: sealed envelopes, of which the server reads
 * only the plaintext header (learner, tutor, date, kind, outcome), and the record of every
 * opening: by escrow (the escrow audit log, from the console or the admin command) and on the
 * laptops (their {@link RecordKinds#CONFIDENTIAL_OPENING} records).
 */
public final class SealedTutorials {
    private final Database db;

    public SealedTutorials(Database db) {
        this.db = db;
    }

    /** An envelope's plaintext header, and whether it can be opened with the lead's key (it has an escrow wrap). */
    public record Envelope(UUID tutorialId, UUID learnerId, LocalDate date, String tutor, String tutorialKind, String outcome,
                           String escrowKeyId) {
        public boolean escrowed() {
            return escrowKeyId != null;
        }
    }

    /** The learner's sealed tutorials, newest first. */
    public List<Envelope> ofLearner(UUID learnerId) throws Exception {
        List<Envelope> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT record_id, payload FROM records WHERE learner_id = ? AND kind = '"
                     + RecordKinds.TUTORIAL + "' AND sealed = ? AND deleted = ?")) {
            q.setString(1, learnerId.toString());
            q.setBoolean(2, true);
            q.setBoolean(3, false);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(header(UUID.fromString(rs.getString(1)), Payloads.tree(rs.getString(2))));
                }
            }
        }
        out.sort(Comparator.comparing(Envelope::date, Comparator.nullsLast(Comparator.naturalOrder())).reversed());
        return out;
    }

    /** The sealed tutorial's header, or empty when there is no such sealed tutorial. */
    public Optional<Envelope> header(UUID tutorialId) throws Exception {
        return stored(tutorialId).map(p -> header(tutorialId, Payloads.tree(p)));
    }

    /**
     * The whole envelope, to open, or empty when there is no such sealed tutorial.
     *
     * @throws SealedEnvelopeException it is damaged
     */
    public Optional<SealedEnvelope> envelope(UUID tutorialId) throws Exception {
        Optional<String> p = stored(tutorialId);
        return p.isEmpty() ? Optional.empty() : Optional.of(Sealing.fromJson(p.get().getBytes(StandardCharsets.UTF_8)));
    }

    private Optional<String> stored(UUID tutorialId) throws Exception {
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ? AND kind = '" + RecordKinds.TUTORIAL
                     + "' AND sealed = ? AND deleted = ?")) {
            q.setString(1, tutorialId.toString());
            q.setBoolean(2, true);
            q.setBoolean(3, false);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Envelope header(UUID id, JsonNode envelope) {
        JsonNode h = envelope.path("header");
        String learner = SafeguardingCases.text(h, "learnerId");
        JsonNode wrap = envelope.path("escrowWrap");
        return new Envelope(id, learner == null ? null : UUID.fromString(learner),
                SafeguardingCases.date(SafeguardingCases.text(h, "date")),
                SafeguardingCases.text(h, "tutor"), SafeguardingCases.text(h, "tutorialKind"), SafeguardingCases.text(h, "outcome"),
                wrap.isMissingNode() || wrap.isNull() ? null : SafeguardingCases.text(wrap, "keyId"));
    }

    /**
     * One opening of a confidential tutorial: where ({@code console}, {@code command-line} or
     * {@code laptop}), when, by whom, how ({@code escrow} or {@code password}), whether it opened,
     * why (the lead's written reason, for an opening at head office) and, if refused, what was wrong.
     */
    public record Opening(Instant at, String via, String who, String method, String outcome, UUID tutorialId, UUID learnerId,
                          LocalDate tutorialDate, String purpose, String refusal) {
    }

    /** Every opening, newest first: the escrow audit log's entries (checked whole first) and the laptops' records. */
    public List<Opening> openings(AuditLog log) throws Exception {
        List<Opening> out = new ArrayList<>();
        for (AuditLog.Entry e : log.entries()) {
            out.add(new Opening(e.at(), e.via() == null ? "command-line" : e.via(), e.operator(), e.method(), e.outcome(),
                    SafeguardingCases.uuid(e.envelopeId()), SafeguardingCases.uuid(e.learnerId()), SafeguardingCases.date(e.date()),
                    e.purpose(), e.reason()));
        }
        try (Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT learner_id, payload FROM records WHERE kind = '"
                     + RecordKinds.CONFIDENTIAL_OPENING + "' AND deleted = ?")) {
            q.setBoolean(1, false);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    JsonNode p = Payloads.tree(rs.getString(2));
                    UUID tutorial = SafeguardingCases.uuid(SafeguardingCases.text(p, "tutorialId"));
                    out.add(new Opening(SafeguardingCases.instant(SafeguardingCases.text(p, "at")), "laptop",
                            SafeguardingCases.text(p, "who"), lower(SafeguardingCases.text(p, "method")), "opened", tutorial,
                            SafeguardingCases.uuid(rs.getString(1)), null, null, null));
                }
            }
        }
        // the laptops' records name the tutorial: its envelope's header gives its date (and learner)
        for (int i = 0; i < out.size(); i++) {
            Opening o = out.get(i);
            if ("laptop".equals(o.via()) && o.tutorialId() != null) {
                Optional<Envelope> h = header(o.tutorialId());
                if (h.isPresent()) {
                    out.set(i, new Opening(o.at(), o.via(), o.who(), o.method(), o.outcome(), o.tutorialId(),
                            o.learnerId() != null ? o.learnerId() : h.get().learnerId(), h.get().date(), null, null));
                }
            }
        }
        out.sort(Comparator.comparing(Opening::at, Comparator.nullsLast(Comparator.naturalOrder())).reversed());
        return out;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }
}
