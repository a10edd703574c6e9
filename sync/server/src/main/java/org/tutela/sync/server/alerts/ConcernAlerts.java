package org.tutela.sync.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.SyncServer;

/**
 * Emails the safeguarding lead, and the deputy, when a new safeguarding concern reaches head
 * office. It runs beside the sync API, never in it: a background thread follows the change
 * sequence for concern records (where the last round stopped is kept in {@code alert_state}),
 * notes each safeguarding concern once ({@code concern_alerts}) and queues one email per
 * recipient ({@code alert_outbox}); it then sends what is due, and a failed send is tried again
 * later, each wait twice the one before (30 seconds, 1, 2, 4... up to 30 minutes) for as long as
 * it takes. A push never waits for any of this, and nothing here can fail one.
 *
 * <p>The email says only that a concern is waiting, when it reached head office, and a link to
 * it in the console (behind the sign-in and the second factor): never the learner, the tutor,
 * the category's details or any text of the concern. The log has counts, outbox ids and the kind
 * of a failure, never an address, a name or the SMTP server's words.
 */
public final class ConcernAlerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConcernAlerts.class);
    /** Where the email's link leads: the console's own route, which sends the lead on to the concern. */
    public static final String LINK_PATH = "/console/alerts/concerns/";
    static final String LEAD = "lead";
    static final String DEPUTY = "deputy";
    static final long FIRST_RETRY_MILLIS = 30_000;
    static final long LONGEST_RETRY_MILLIS = 30 * 60_000;
    /** A claimed email is someone's to send for this long (another instance leaves it alone). */
    static final long LEASE_MILLIS = 5 * 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final MailSettingsStore settings;
    private final Mailer mailer;
    private final Clock clock;
    private final ZoneId zone;
    private final long pollMillis;
    private ScheduledExecutorService thread;

    public ConcernAlerts(Database db, MailSettingsStore settings, Clock clock, ZoneId zone) {
        this(db, settings, new Mailer(), clock, zone, 2_000);
    }

    ConcernAlerts(Database db, MailSettingsStore settings, Mailer mailer, Clock clock, ZoneId zone, long pollMillis) {
        this.db = db;
        this.settings = settings;
        this.mailer = mailer;
        this.clock = clock;
        this.zone = zone;
        this.pollMillis = pollMillis;
    }

    /**
     * Starts following from the present end of the change sequence (concerns already stored are
     * not alerted again), then polls in the background.
     */
    public synchronized void start() throws Exception {
        db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT followed_seq FROM alert_state WHERE id = 1");
                 ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return null;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO alert_state (id, followed_seq) VALUES (1, ?)")) {
                ins.setLong(1, db.lastSequence(c));
                ins.executeUpdate();
            }
            return null;
        });
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tutela-alerts");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::round, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Looks for new concerns and sends what is due now, rather than at the next poll. */
    public void wake() {
        ScheduledExecutorService t = thread;
        if (t != null && !t.isShutdown()) {
            t.execute(this::round);
        }
    }

    private void round() {
        try {
            follow();
            deliver();
        } catch (Exception e) {
            LOG.warn("Alerts: a round failed; the next one tries again", SyncServer.scrub(e));
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    // ---- following the change sequence

    private record Change(String recordId, long seq, boolean safeguarding) {
    }

    /** Concerns a round notes at most; the next round goes on from the last. */
    private static final int FOLLOWED_AT_ONCE = 500;

    /**
     * Notes the safeguarding concerns that arrived since the last round and queues their emails;
     * returns how many. A round reads the changes up to the committed end of the sequence (by the
     * cursor rule no change can later appear below it) and moves past all it read, concerns or not,
     * so each round reads only what came since the one before.
     */
    int follow() throws Exception {
        long from;
        long last;
        List<Change> changes = new ArrayList<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement q = c.prepareStatement("SELECT followed_seq FROM alert_state WHERE id = 1"); ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                from = rs.getLong(1);
            }
            last = db.lastSequence(c);
            if (last <= from) {
                return 0;
            }
            try (PreparedStatement q = c.prepareStatement("SELECT r.record_id, c.server_seq, r.deleted, r.payload FROM " + Database.CHANGES
                    + " JOIN records r ON r.record_id = c.record_id WHERE r.kind = ? ORDER BY c.server_seq LIMIT " + FOLLOWED_AT_ONCE)) {
                q.setLong(1, from);
                q.setLong(2, last);
                q.setLong(3, last - from);
                q.setString(4, RecordKinds.CONCERN);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new Change(rs.getString(1), rs.getLong(2), !rs.getBoolean(3) && safeguarding(rs.getString(4))));
                    }
                }
            }
        }
        // a full page may have left concerns after its last one; otherwise everything up to the end was read
        long to = changes.size() < FOLLOWED_AT_ONCE ? last : changes.get(changes.size() - 1).seq();
        boolean deputy = settings.shown().map(s -> s.settings().deputyAddress() != null).orElse(false);
        long now = clock.millis();
        int noticed = db.inTransaction(c -> {
            try (PreparedStatement cas = c.prepareStatement("UPDATE alert_state SET followed_seq = ? WHERE id = 1 AND followed_seq = ?")) {
                cas.setLong(1, to);
                cas.setLong(2, from);
                if (cas.executeUpdate() != 1) {
                    return 0; // another instance followed these
                }
            }
            int n = 0;
            for (Change ch : changes) {
                if (!ch.safeguarding() || alerted(c, ch.recordId())) {
                    continue;
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO concern_alerts (record_id, noticed_at) VALUES (?, ?)")) {
                    ins.setString(1, ch.recordId());
                    ins.setLong(2, now);
                    ins.executeUpdate();
                }
                queue(c, ch.recordId(), LEAD, now);
                if (deputy) {
                    queue(c, ch.recordId(), DEPUTY, now);
                }
                n++;
            }
            return n;
        });
        if (noticed > 0) {
            LOG.info("Alerts: {} new safeguarding concern(s); their emails are queued", noticed);
        }
        return noticed;
    }

    /** A concern of the safeguarding category, as the laptop writes it ({@code "category":"SAFEGUARDING"}). */
    static boolean safeguarding(String payload) {
        if (payload == null) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(payload);
            return n != null && n.path("category").asText("").equalsIgnoreCase("SAFEGUARDING");
        } catch (Exception unreadable) {
            return false;
        }
    }

    private static boolean alerted(Connection c, String recordId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM concern_alerts WHERE record_id = ?")) {
            q.setString(1, recordId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void queue(Connection c, String recordId, String recipient, long now) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO alert_outbox (id, record_id, recipient, noticed_at, attempts,"
                + " next_attempt_at, sent_at, last_failure, last_failure_at) VALUES (?, ?, ?, ?, 0, ?, NULL, NULL, NULL)")) {
            ins.setString(1, UUID.randomUUID().toString());
            ins.setString(2, recordId);
            ins.setString(3, recipient);
            ins.setLong(4, now);
            ins.setLong(5, now);
            ins.executeUpdate();
        }
    }

    // ---- sending

    private record Due(String id, String recordId, String recipient, long noticedAt, int attempts, long nextAttemptAt) {
    }

    /** Sends the emails that are due; returns how many were sent. */
    int deliver() throws Exception {
        long now = clock.millis();
        List<Due> due = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement("SELECT id, record_id, recipient, noticed_at, attempts,"
                + " next_attempt_at FROM alert_outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 20")) {
            q.setLong(1, now);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5), rs.getLong(6)));
                }
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        Optional<MailSettings> s = settings.get();
        int sent = 0;
        for (Due d : due) {
            if (!claim(d, now)) {
                continue;
            }
            String to = s.map(m -> d.recipient().equals(DEPUTY) ? m.deputyAddress() : m.leadAddress()).orElse(null);
            if (s.isPresent() && to == null) {
                // the deputy's address was removed since: nobody to tell
                finish(d, "UPDATE alert_outbox SET sent_at = ?, last_failure = 'no-address', last_failure_at = ? WHERE id = ?", now);
                continue;
            }
            if (s.isEmpty()) {
                retry(d, Mailer.Failure.NOT_SET_UP, d.attempts(), now);
                LOG.warn("Alerts: email {} waits: the email settings are not set up in the console", d.id());
                continue;
            }
            try {
                mailer.send(s.get(), to, text("alert.email.subject"), body(s.get(), d));
                finish(d, "UPDATE alert_outbox SET sent_at = ?, attempts = attempts + 1, last_failure = NULL, last_failure_at = ? WHERE id = ?",
                        clock.millis());
                sent++;
                LOG.info("Alerts: email {} sent ({})", d.id(), d.recipient());
            } catch (Exception e) {
                Mailer.Failure kind = Mailer.classify(e);
                long wait = retry(d, kind, d.attempts() + 1, clock.millis());
                LOG.warn("Alerts: email {} ({}) not sent: {} ({}); attempt {}, the next in {} s", d.id(), d.recipient(), kind,
                        e.getClass().getSimpleName(), d.attempts() + 1, wait / 1000);
            }
        }
        return sent;
    }

    private boolean claim(Due d, long now) throws Exception {
        return db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE alert_outbox SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ? AND sent_at IS NULL")) {
                up.setLong(1, now + LEASE_MILLIS);
                up.setString(2, d.id());
                up.setLong(3, d.nextAttemptAt());
                return up.executeUpdate() == 1;
            }
        });
    }

    private void finish(Due d, String sql, long at) throws Exception {
        db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement(sql)) {
                up.setLong(1, at);
                up.setLong(2, at);
                up.setString(3, d.id());
                up.executeUpdate();
            }
            return null;
        });
    }

    /** Puts the email back for later; returns the wait. */
    private long retry(Due d, Mailer.Failure kind, int attempts, long now) throws Exception {
        long wait = retryMillis(attempts);
        db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE alert_outbox SET attempts = ?, next_attempt_at = ?, last_failure = ?, last_failure_at = ? WHERE id = ?")) {
                up.setInt(1, attempts);
                up.setLong(2, now + wait);
                up.setString(3, kind.name());
                up.setLong(4, now);
                up.setString(5, d.id());
                up.executeUpdate();
            }
            return null;
        });
        return wait;
    }

    /** 30 s after the first failure, then twice as long each time, at most 30 minutes. */
    static long retryMillis(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 20));
        return Math.min(FIRST_RETRY_MILLIS << doublings, LONGEST_RETRY_MILLIS);
    }

    private String body(MailSettings s, Due d) {
        Instant at = Instant.ofEpochMilli(d.noticedAt());
        return text("alert.email.body", DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).withZone(zone).format(at),
                DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH).withZone(zone).format(at),
                link(s, d.recordId()));
    }

    static String link(MailSettings s, String recordId) {
        return s.consoleAddress() + LINK_PATH + recordId;
    }

    // ---- the console's settings page

    /** What the settings page shows of the queue: waiting emails, the last one sent, the last failure. */
    public record Status(int waiting, Long lastSentAt, Mailer.Failure lastFailure, Long lastFailureAt) {
    }

    public Status status() throws SQLException {
        try (Connection c = db.connection()) {
            int waiting;
            Long lastSent = null;
            Mailer.Failure failure = null;
            Long failureAt = null;
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM alert_outbox WHERE sent_at IS NULL");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                waiting = rs.getInt(1);
            }
            try (PreparedStatement q = c.prepareStatement("SELECT MAX(sent_at) FROM alert_outbox WHERE last_failure IS NULL");
                 ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    lastSent = rs.wasNull() ? null : v;
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT last_failure, last_failure_at FROM alert_outbox WHERE sent_at IS NULL"
                    + " AND last_failure IS NOT NULL ORDER BY last_failure_at DESC LIMIT 1"); ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    failure = Mailer.Failure.valueOf(rs.getString(1));
                    failureAt = rs.getLong(2);
                }
            }
            return new Status(waiting, lastSent, failure, failureAt);
        }
    }

    /**
     * Sends a test email to the lead and to the deputy (if any) now, with the saved settings;
     * empty if both went, else why one did not.
     */
    public Optional<Mailer.Failure> sendTest() throws Exception {
        Optional<MailSettings> s = settings.get();
        if (s.isEmpty()) {
            return Optional.of(Mailer.Failure.NOT_SET_UP);
        }
        List<String> to = new ArrayList<>(List.of(s.get().leadAddress()));
        if (s.get().deputyAddress() != null) {
            to.add(s.get().deputyAddress());
        }
        for (String address : to) {
            try {
                mailer.send(s.get(), address, text("alert.test.subject"), text("alert.test.body", s.get().consoleAddress() + "/console/"));
            } catch (Exception e) {
                Mailer.Failure kind = Mailer.classify(e);
                LOG.warn("Alerts: the test email was not sent: {} ({})", kind, e.getClass().getSimpleName());
                return Optional.of(kind);
            }
        }
        LOG.info("Alerts: a test email was sent to {} address(es)", to.size());
        return Optional.empty();
    }

    private static String text(String key, Object... args) {
        String s = ResourceBundle.getBundle("org.tutela.sync.server.Messages", Locale.ENGLISH).getString(key);
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }
}
