package org.tutela.sync.server.safeguarding;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.headoffice.HeadOfficeRecords;
import org.tutela.sync.server.headoffice.InvalidInput;

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
 *
 * <p>This class is the door the console's pages use, and declares what they are given; the work
 * is done beside it in this package: {@link Inbox} lists and reads the concerns (and is where the
 * other two read a case from), {@link CaseActions} records what the lead does, and
 * {@link LearnerChronology} puts a learner's concerns on one timeline.
 */
public final class SafeguardingCases {
    public static final String ACTION = "action";
    public static final String REFERRAL = "referral";
    public static final String TASK = "task";
    public static final String OUTCOME = "outcome";
    /** External referrals: the local authority's children's or adults' services, the police, Prevent/Channel, anyone else. */
    public static final List<String> AGENCIES = List.of("local-authority", "police", "prevent", "other");
    public static final int MAX_TEXT = 4000;

    private final Inbox inbox;
    private final LearnerChronology chronology;
    private final CaseActions actions;

    public SafeguardingCases(Database db, Accounts accounts, Clock clock) {
        this.inbox = new Inbox(db, accounts, clock);
        this.chronology = new LearnerChronology(db, inbox);
        this.actions = new CaseActions(db, accounts.audit(), new HeadOfficeRecords(db), clock, inbox);
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
        return inbox.inbox(includeClosed);
    }

    public Counts counts(int acknowledgeHours) throws Exception {
        return inbox.counts(acknowledgeHours);
    }

    public Optional<Detail> concern(UUID concernId) throws Exception {
        return inbox.concern(concernId);
    }

    /** The learner as head office holds them, or empty. */
    public Optional<LearnerRef> learner(UUID learnerId) throws Exception {
        return inbox.learner(learnerId);
    }

    /** Learners whose name or ULN holds what was typed (at most {@code limit}), for linking to a concern. */
    public List<LearnerRef> findLearners(String typed, int limit) throws Exception {
        return inbox.findLearners(typed, limit);
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
        return chronology.chronology(learnerId, zone);
    }

    // ------------------------------------------------------------------ what the lead does

    /**
     * The lead has seen the concern: recorded once (a second acknowledgement changes nothing), and
     * the tutor's laptops learn it at their next sync.
     */
    public void acknowledge(UUID concernId, AuditTrail.Actor actor) throws Exception {
        actions.acknowledge(concernId, actor);
    }

    /**
     * Records an action, or an external referral to {@code agency}, on the concern.
     *
     * @throws InvalidInput no text, too long, or a referral without a known agency; nothing is stored
     */
    public void record(UUID concernId, String kind, String agency, String text, AuditTrail.Actor actor) throws Exception {
        actions.record(concernId, kind, agency, text, actor);
    }

    /**
     * Gives the tutor a follow-up action: it reaches their laptops as a task on the learner at
     * their next sync (and tells them the lead has seen the concern, if not acknowledged yet).
     *
     * @return the task's id (the laptop's task-done record carries it back)
     */
    public UUID assignTask(UUID concernId, String text, AuditTrail.Actor actor) throws Exception {
        return actions.assignTask(concernId, text, actor);
    }

    /**
     * Closes the case with its outcome.
     *
     * @throws InvalidInput no outcome, or too long; nothing is stored
     */
    public void close(UUID concernId, String outcome, AuditTrail.Actor actor) throws Exception {
        actions.close(concernId, outcome, actor);
    }

    /** Links another learner the concern involves (linking one twice, or the concern's own learner, changes nothing). */
    public boolean link(UUID concernId, UUID learnerId, AuditTrail.Actor actor) throws Exception {
        return actions.link(concernId, learnerId, actor);
    }

    // ------------------------------------------------------------------ reading the laptops' JSON (SealedTutorials too)

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

    /** Used by tests and the pages: every task id of a concern, oldest first. */
    List<UUID> taskIds(UUID concernId) throws Exception {
        return inbox.taskIds(concernId);
    }
}
