package org.tutela.sync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.Contact;
import org.tutela.app.domain.ContactKind;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.LearnerStatus;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetStatus;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialFacts;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.records.RecordJson;
import org.tutela.crypto.Argon2Params;
import org.tutela.sync.protocol.EntryStatus;
import org.tutela.sync.protocol.PushEntry;
import org.tutela.sync.protocol.PushResponse;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.Sealing;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.reports.ReportProjector;
import org.tutela.sync.server.reports.Reports;

/**
 * Head office's report tables, built by the projector from records tutors' devices push over real
 * HTTPS, on SQLite and on a real PostgreSQL: each tutor's and each group's figures are what the
 * laptop's own summary rules give for the same records; a confidential tutorial gives its
 * envelope's facts and nothing else; what a concern says never reaches the tables; deletions,
 * moves and the organisation's settings follow; a rebuild (the admin command) gives the same
 * tables.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class AbstractReportsTest {
    static final String PW = "correct horse battery";
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Words that must never reach a report table: a concern's description, a confidential tutorial's comments. */
    static final String CONCERN_CANARY = "Marrowfen canary: what the concern says";
    static final String SEALED_CANARY = "Quillbrook canary: what the confidential tutorial says";

    @TempDir
    Path tmp;
    ServerSettings settings;
    SyncServer server;
    TestClient client;
    MovableClock clock = new MovableClock();
    Reports reports;
    ReportProjector projector;

    abstract TestBackend backend();

    @BeforeEach
    void start() throws Exception {
        // the test drives the projector itself (catchUp), so that what it checks is exactly what was pushed
        settings = backend().settings(tmp).with("reports.refresh-millis", "0");
        server = SyncServer.start(settings, clock);
        client = new TestClient(server.port(), server.certificate());
        server.accounts().addUser("tutor.a", Role.TUTOR, new UserDetails("Aderyn Tollan", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        server.accounts().addUser("tutor.b", Role.TUTOR, new UserDetails("Bexley Quillet", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        projector = new ReportProjector(server.database(), clock, LONDON, 0);
        reports = new Reports(server.database(), clock, LONDON);
    }

    @AfterEach
    void stop() {
        if (projector != null) {
            projector.close();
        }
        if (server != null) {
            server.close();
        }
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(LONDON));
    }

    /** A day this academic year, {@code daysAgo} before today (never before the year began). */
    LocalDate ago(int daysAgo) {
        LocalDate d = today().minusDays(daysAgo);
        LocalDate start = AcademicYear.of(today()).start();
        return d.isBefore(start) ? start : d;
    }

    /** What one tutor's laptop holds, kept as domain records to compute its summary. */
    static final class Laptop {
        final TestClient.Device device;
        final Map<UUID, Learner> learners = new HashMap<>();
        final Map<UUID, Group> groups = new HashMap<>();
        final Map<UUID, TutorialFacts> tutorials = new HashMap<>();
        final Map<UUID, Target> targets = new HashMap<>();
        final String tutor;
        final TestClient client;
        final java.util.function.Supplier<LocalDate> today;

        Laptop(TestClient client, String username, java.util.function.Supplier<LocalDate> today) throws Exception {
            this.client = client;
            this.tutor = username;
            this.today = today;
            this.device = client.device(username, PW);
        }

        LocalDate today() {
            return today.get();
        }

        LocalDate ago(int daysAgo) {
            LocalDate d = today().minusDays(daysAgo);
            LocalDate start = AcademicYear.of(today()).start();
            return d.isBefore(start) ? start : d;
        }

        PushEntry entry(UUID id, String kind, UUID learner, UUID group, String payload, boolean sealed, boolean deleted, long base) {
            return new PushEntry(device.nextSequence++, id, kind, base, base == 0 ? null
                    : org.tutela.sync.protocol.Versions.hash(false, client.known.get(id)), base + 1, Instant.now(), deleted, sealed,
                    false, learner, group, payload);
        }

        /** Entries kept to be sent together (see {@link #hold} and {@link #flush}), or null to send each at once. */
        List<PushEntry> held;

        void hold() {
            held = new ArrayList<>();
        }

        void flush() throws Exception {
            List<PushEntry> all = held;
            held = null;
            for (int i = 0; i < all.size(); i += 400) {
                push(all.subList(i, Math.min(all.size(), i + 400)));
            }
        }

        void push(List<PushEntry> entries) throws Exception {
            if (held != null) {
                held.addAll(entries);
                return;
            }
            PushResponse r = device.push(entries);
            r.results().forEach(x -> assertEquals(EntryStatus.APPLIED, x.status(), x.toString()));
        }

        Learner learner(Group g, String given, String family, Attendance attendance, LearnerFlag... flags) throws Exception {
            Learner.Builder b = Learner.builder().givenName(given).familyName(family).group(g.id()).uln(uln(learners.size() + 1))
                    .startDate(AcademicYear.of(today()).start().plusDays(35))
                    .attendance(attendance).addContact(new Contact(ContactKind.PARENT_CARER, "Ffion " + family, "mother", "01632 960 555", null));
            for (LearnerFlag f : flags) {
                b.flag(f, true);
            }
            Learner l = b.build();
            push(List.of(entry(l.id(), RecordKinds.LEARNER, l.id(), g.id(), new String(RecordJson.write(l), StandardCharsets.UTF_8),
                    false, false, 0)));
            learners.put(l.id(), l);
            return l;
        }

        /** A valid invented ULN, different for each learner of each laptop. */
        String uln(int n) {
            for (int k = Math.abs(tutor.hashCode() % 1000) * 10_000 + n * 20; ; k++) {
                java.util.OptionalInt d = org.tutela.sync.protocol.rules.UlnRule.checkDigit(String.valueOf(400_000_000 + k));
                if (d.isPresent()) {
                    return (400_000_000 + k) + "" + d.getAsInt();
                }
            }
        }

        Tutorial review(Learner l, LocalDate on, TutorialOutcome outcome) throws Exception {
            Tutorial t = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), tutor, TutorialPlan.on(on, LocalTime.NOON, "Room 2"));
            if (outcome == TutorialOutcome.HELD) {
                t = t.hold(FrozenSnapshot.take(on, l, List.of()));
            } else if (outcome != TutorialOutcome.PLANNED) {
                t = t.withOutcome(outcome, null);
            }
            return tutorial(t, l.id(), null);
        }

        Tutorial session(Group g, LocalDate on, Learner... attendees) throws Exception {
            Tutorial t = Tutorial.planGroupSession(g.id(), tutor, TutorialPlan.on(on, LocalTime.of(9, 0), "Hall"))
                    .withAttendees(java.util.Arrays.stream(attendees).map(Learner::id).toList()).withOutcome(TutorialOutcome.HELD, null);
            return tutorial(t, null, g.id());
        }

        Tutorial tutorial(Tutorial t, UUID learner, UUID group) throws Exception {
            push(List.of(entry(t.id(), RecordKinds.TUTORIAL, learner, group, new String(RecordJson.write(t), StandardCharsets.UTF_8), false,
                    false, 0)));
            tutorials.put(t.id(), t);
            return t;
        }

        /** A held review kept confidential: only its sealed envelope is pushed. */
        void confidentialReview(Learner l, LocalDate on) throws Exception {
            Tutorial t = Tutorial.plan(TutorialKind.ONE_TO_ONE_REVIEW, l.id(), l.primaryGroupId(), tutor, TutorialPlan.on(on, LocalTime.NOON, "Room 9"))
                    .hold(FrozenSnapshot.take(on, l, List.of())).withConfidential(true);
            byte[] content = (new String(RecordJson.write(t), StandardCharsets.UTF_8).replace("}", ",\"tutorComments\":\"" + SEALED_CANARY + "\"}"))
                    .getBytes(StandardCharsets.UTF_8);
            SealedEnvelope e = Sealing.seal(new SealedEnvelope.Header(t.id(), l.id(), l.primaryGroupId(), tutor, on,
                    TutorialKind.ONE_TO_ONE_REVIEW.name(), TutorialOutcome.HELD.name(), "Confidential tutorial", Instant.now()), content,
                    "envelope password 123".toCharArray(), Argon2Params.FLOOR, null);
            push(List.of(entry(t.id(), RecordKinds.TUTORIAL, l.id(), null, new String(Sealing.toJson(e), StandardCharsets.UTF_8), true, false, 0)));
            tutorials.put(t.id(), new org.tutela.app.domain.TutorialSummary(t.id(), t.kind(), l.id(), l.primaryGroupId(), List.of(), tutor, on,
                    null, TutorialOutcome.HELD, null, false, true, false, false));
        }

        Target target(Learner l, LocalDate setOn, TargetStatus status) throws Exception {
            Target t = new Target(UUID.randomUUID(), l.id(), "Hand in the Unit 3 log book by half-term", setOn.plusDays(30), null, setOn, status,
                    List.of());
            push(List.of(entry(t.id(), RecordKinds.TARGET, l.id(), null, new String(RecordJson.write(t), StandardCharsets.UTF_8), false, false, 0)));
            targets.put(t.id(), t);
            return t;
        }

        void concern(Learner l, ConcernCategory category) throws Exception {
            Concern c = Concern.raise(l.id(), category, ago(3), tutor, CONCERN_CANARY);
            push(List.of(entry(c.id(), RecordKinds.CONCERN, l.id(), null, new String(RecordJson.write(c), StandardCharsets.UTF_8), false, false, 0)));
        }

        /** This laptop's summary, as its Summary screen computes it. */
        CaseloadSummary.Totals summary(AcademicCalendar calendar, Entitlement defaultEntitlement) {
            Map<UUID, List<TutorialFacts>> byLearner = new HashMap<>();
            for (TutorialFacts t : tutorials.values()) {
                for (UUID l : learners.keySet()) {
                    if (t.involves(l)) {
                        byLearner.computeIfAbsent(l, k -> new ArrayList<>()).add(t);
                    }
                }
            }
            Map<UUID, List<Target>> targetsBy = new HashMap<>();
            targets.values().forEach(t -> targetsBy.computeIfAbsent(t.learnerId(), k -> new ArrayList<>()).add(t));
            return CaseloadSummary.compute(learners.values(), groups, byLearner, targetsBy, AcademicYear.of(today()), calendar, today(),
                    defaultEntitlement).totals();
        }
    }

    Laptop laptop(String username) throws Exception {
        return new Laptop(client, username, this::today);
    }

    Group group(String name, String tutor, String frequency, Organisation.Entitlement own) throws Exception {
        return group(server, name, tutor, frequency, own);
    }

    static Group group(SyncServer server, String name, String tutor, String frequency, Organisation.Entitlement own) throws Exception {
        Groups.Changes ch = Groups.Changes.named(name).withCourse("Motor vehicle").withReviewFrequency(frequency).withTutor(tutor);
        if (own != null) {
            ch = ch.withEntitlement(own);
        }
        Groups.Group g = new Groups(server.database(), server.accounts()).create(ch);
        ReviewFrequency f = switch (frequency) {
            case "termly" -> ReviewFrequency.termly();
            case "monthly" -> ReviewFrequency.monthly();
            default -> ReviewFrequency.halfTermly();
        };
        return new Group(g.id(), name, "Motor vehicle", null, tutor, f, own == null ? null : new Entitlement(own.oneToOneReviews(), own.groupSessions()));
    }

    static void assertSame(CaseloadSummary.Totals expected, Reports.Figures actual, String who) {
        assertEquals(expected.learners(), actual.learners(), who + ": learners");
        assertEquals(expected.reviewsHeld(), actual.reviewsHeld(), who + ": reviews held");
        assertEquals(expected.reviewsEntitled(), actual.reviewsEntitled(), who + ": reviews entitled");
        assertEquals(expected.groupSessionsHeld(), actual.sessionsHeld(), who + ": sessions held");
        assertEquals(expected.groupSessionsEntitled(), actual.sessionsEntitled(), who + ": sessions entitled");
        assertEquals(expected.overdueReviews(), actual.overdue(), who + ": overdue");
        assertEquals(expected.atRisk(), actual.atRisk(), who + ": at risk");
        assertEquals(expected.targetsSet(), actual.targetsSet(), who + ": targets set");
        assertEquals(expected.targetsMet(), actual.targetsMet(), who + ": targets met");
    }

    Reports.Line line(List<Reports.Line> lines, String key) {
        return lines.stream().filter(l -> l.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no line " + key));
    }

    /** Every report table's rows, as text, in a stable order. */
    Map<String, List<String>> dump() throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = server.database().connection()) {
            for (String table : List.of("report_groups", "report_learners", "report_tutorials", "report_tutorial_learners", "report_targets",
                    "report_concerns")) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = q.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            // SQLite keeps booleans as 0/1
                            b.append(v instanceof Boolean x ? (x ? "1" : "0") : String.valueOf(v)).append('|');
                        }
                        rows.add(b.toString());
                    }
                }
                rows.sort(null);
                out.put(table, rows);
            }
        }
        return out;
    }

    /** Two tutors' laptops with groups, learners, tutorials of every kind, targets and concerns. */
    record World(Laptop a, Laptop b, Group motor, Group hair, Group plastering, Learner llyr, Learner wyn, Learner lowri) {
    }

    World world() throws Exception {
        new OrganisationSetup(server.database()).set(new Organisation("Coedwig Training Partnership", null, null, null, null, List.of(),
                new Organisation.Entitlement(4, 8), 85));
        Laptop a = laptop("tutor.a");
        Laptop b = laptop("tutor.b");
        Group motor = group("Motor Vehicle A", "tutor.a", "half-termly", null);
        Group hair = group("Hairdressing B", "tutor.a", "termly", new Organisation.Entitlement(6, 10));
        Group plastering = group("Plastering C", "tutor.b", "monthly", null);
        a.groups.put(motor.id(), motor);
        a.groups.put(hair.id(), hair);
        b.groups.put(plastering.id(), plastering);

        Learner llyr = a.learner(motor, "Llŷr", "Cawrdŵr", new Attendance(100, 20), LearnerFlag.AT_RISK_OF_DROP_OUT, LearnerFlag.VULNERABLE);
        Learner wyn = a.learner(motor, "Ŵyn", "Maesŷlan", new Attendance(80, 2));
        Learner tegwared = a.learner(hair, "Tegwared", "Quillfoss", null, LearnerFlag.OPEN_TO_PASTORAL_TEAM);
        Learner lowri = b.learner(plastering, "Lowri", "Zennorcott", new Attendance(50, 10));
        Learner gethin = b.learner(plastering, "Gethin", "Brynffos", new Attendance(60, 0));
        Learner onBreak = gethin.toBuilder().status(LearnerStatus.ON_BREAK).build();
        b.push(List.of(b.entry(onBreak.id(), RecordKinds.LEARNER, onBreak.id(), plastering.id(),
                new String(RecordJson.write(onBreak), StandardCharsets.UTF_8), false, false, 1)));
        b.learners.put(onBreak.id(), onBreak);

        a.review(llyr, ago(40), TutorialOutcome.HELD);
        a.review(llyr, ago(5), TutorialOutcome.DID_NOT_ATTEND);
        a.review(wyn, today().plusDays(3), TutorialOutcome.PLANNED);
        a.confidentialReview(wyn, ago(20));
        a.review(tegwared, ago(10), TutorialOutcome.HELD);
        a.session(motor, ago(12), llyr, wyn);
        a.session(motor, ago(2), wyn);
        a.tutorial(Tutorial.plan(TutorialKind.INFORMAL_SUPPORT, llyr.id(), motor.id(), "tutor.a", TutorialPlan.on(ago(1), null, null))
                .withOutcome(TutorialOutcome.HELD, null), llyr.id(), null);
        b.review(lowri, ago(30), TutorialOutcome.HELD);
        b.session(plastering, ago(7), lowri, gethin);

        a.target(llyr, ago(40), TargetStatus.MET);
        a.target(llyr, ago(40), TargetStatus.OPEN);
        a.target(wyn, ago(20), TargetStatus.MET);
        b.target(lowri, ago(30), TargetStatus.CARRIED);
        a.concern(llyr, ConcernCategory.SAFEGUARDING);
        a.concern(llyr, ConcernCategory.FINANCE);
        b.concern(lowri, ConcernCategory.WELLBEING);
        return new World(a, b, motor, hair, plastering, llyr, wyn, lowri);
    }

    // ---- the tests

    @Test
    void eachTutorsFiguresAreTheirLaptopsSummaryAndTheGroupsAndOrganisationAddUp() throws Exception {
        World w = world();
        projector.catchUp();
        AcademicCalendar calendar = AcademicCalendar.standard();
        Reports.Overview o = reports.overview();

        CaseloadSummary.Totals a = w.a().summary(calendar, Entitlement.DEFAULT);
        CaseloadSummary.Totals b = w.b().summary(calendar, Entitlement.DEFAULT);
        assertSame(a, line(o.tutors(), "tutor.a").figures(), "tutor.a");
        assertSame(b, line(o.tutors(), "tutor.b").figures(), "tutor.b");
        assertEquals(3, a.learners());
        assertEquals(1 + 1 + 1, a.reviewsHeld(), "Llŷr's held review, Wyn's confidential one, Tegwared's");
        assertEquals(4 + 4 + 6, a.reviewsEntitled(), "the hairdressing group's own entitlement");
        assertEquals(3, a.groupSessionsHeld(), "a session counts for each learner who attended");
        assertEquals(2, line(o.tutors(), "tutor.b").figures().learners(), "one of tutor.b's two learners is on a break, and counts");
        assertEquals(4, b.reviewsEntitled(), "entitlement counts active learners only");

        Reports.Figures org = o.organisation();
        assertEquals(5, org.learners());
        assertEquals(a.reviewsHeld() + b.reviewsHeld(), org.reviewsHeld());
        assertEquals(a.groupSessionsHeld() + b.groupSessionsHeld(), org.sessionsHeld());
        assertEquals(1, org.atRisk());
        assertEquals(1, org.vulnerable());
        assertEquals(1, org.openToPastoral());
        assertEquals(100 + 80 + 50 + 60, org.lessons(), "attendance where it is known");
        assertEquals(80 + 78 + 40 + 60, org.attended());
        assertEquals(2, org.underThreshold(), "Llŷr at 80% and Lowri at 80%, under 85%");

        // groups add up to the organisation, and each group is its learners
        int sum = o.groups().stream().mapToInt(l -> l.figures().learners()).sum();
        assertEquals(org.learners(), sum);
        Reports.Line motor = line(o.groups(), w.motor().id().toString());
        assertEquals(2, motor.figures().learners());
        assertEquals("Aderyn Tollan", motor.detail(), "the group's tutor by name");
        assertEquals(6, line(o.groups(), w.hair().id().toString()).figures().reviewsEntitled());

        // the learners list and a learner's page
        Reports.LearnerPage all = reports.learners(Reports.LearnerFilter.ALL, "name", false, 0, 100);
        assertEquals(5, all.total());
        Reports.LearnerPage atRisk = reports.learners(new Reports.LearnerFilter(null, null, null, null, true, false, false, false, false),
                "name", false, 0, 100);
        assertEquals(List.of("Llŷr Cawrdŵr"), atRisk.lines().stream().map(Reports.LearnerLine::name).toList());
        Reports.LearnerPage ofB = reports.learners(new Reports.LearnerFilter("tutor.b", null, null, null, false, false, false, false, false),
                "name", false, 0, 100);
        assertEquals(2, ofB.total());
        Reports.LearnerPage found = reports.learners(new Reports.LearnerFilter(null, null, "maesŷ", null, false, false, false, false, false),
                "name", false, 0, 100);
        assertEquals(1, found.total(), "found by part of the family name, Welsh letters and all");

        Reports.LearnerView v = reports.learner(w.llyr().id().toString()).orElseThrow();
        assertEquals(List.of("Aderyn Tollan"), v.tutors());
        assertEquals("Ffion Cawrdŵr", v.learner().contacts().get(0).name());
        assertEquals(4, v.timeline().size(), "held review, did not attend, group session, informal support");
        assertEquals(2, v.targets().size());
        assertEquals(Set.of("SAFEGUARDING", "FINANCE"), v.concerns().stream().map(Reports.ConcernCount::category).collect(java.util.stream.Collectors.toSet()));
        Reports.LearnerView wyn = reports.learner(w.wyn().id().toString()).orElseThrow();
        Reports.TimelineEntry sealed = wyn.timeline().stream().filter(Reports.TimelineEntry::confidential).findFirst().orElseThrow();
        assertEquals("ONE_TO_ONE_REVIEW", sealed.kind());
        assertEquals("HELD", sealed.outcome());
        assertEquals(ago(20), sealed.date());
    }

    @Test
    void whatAConcernSaysAndWhatAConfidentialTutorialSaysNeverReachTheTables() throws Exception {
        world();
        projector.catchUp();
        String all = dump().toString();
        assertFalse(all.contains("Marrowfen"), "a concern's description");
        assertFalse(all.contains("Quillbrook"), "a sealed tutorial's content");
        assertTrue(all.contains("SAFEGUARDING"), "that a safeguarding concern exists, and its category");
        assertTrue(all.contains("Cawrdŵr"), "the learners' names are there");
    }

    @Test
    void deletionsMovesAndTheOrganisationsSettingsFollowAndARebuildGivesTheSameTables() throws Exception {
        World w = world();
        projector.catchUp();
        int before = line(reports.overview().tutors(), "tutor.a").figures().reviewsHeld();

        // a held review deleted on the laptop
        Tutorial held = (Tutorial) w.a().tutorials.values().stream().filter(t -> t instanceof Tutorial x && x.learnerId() != null
                && x.learnerId().equals(w.llyr().id()) && x.held() && x.kind() == TutorialKind.ONE_TO_ONE_REVIEW).findFirst().orElseThrow();
        w.a().push(List.of(w.a().entry(held.id(), RecordKinds.TUTORIAL, w.llyr().id(), null, null, false, true, 1)));
        w.a().tutorials.remove(held.id());
        projector.catchUp();
        assertEquals(before - 1, line(reports.overview().tutors(), "tutor.a").figures().reviewsHeld());
        assertSame(w.a().summary(AcademicCalendar.standard(), Entitlement.DEFAULT), line(reports.overview().tutors(), "tutor.a").figures(),
                "tutor.a after the deletion");

        // the organisation's default entitlement changes: every learner's figures are worked out again
        new OrganisationSetup(server.database()).set(new Organisation("Coedwig Training Partnership", null, null, null, null, List.of(),
                new Organisation.Entitlement(5, 9), 85));
        projector.catchUp();
        assertSame(w.b().summary(AcademicCalendar.standard(), new Entitlement(5, 9)), line(reports.overview().tutors(), "tutor.b").figures(),
                "tutor.b with the new default");

        // the group goes to the other tutor: its learners' figures follow it
        new Groups(server.database(), server.accounts()).assignTutor("Plastering C", null, "tutor.a");
        projector.catchUp();
        Reports.Overview o = reports.overview();
        assertEquals(5, line(o.tutors(), "tutor.a").figures().learners());
        assertEquals(0, line(o.tutors(), "tutor.b").figures().learners());

        // rebuilt from nothing by the admin command, the tables are the same
        Map<String, List<String>> kept = dump();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("TUTELA_DATA_DIR", settings.get("data-dir"));
        env.put("TUTELA_DB_URL", settings.get("db.url"));
        env.put("TUTELA_DB_USER", settings.get("db.user"));
        try (Connection c = server.database().connection(); PreparedStatement d = c.prepareStatement("DELETE FROM report_targets")) {
            d.executeUpdate(); // damage the tables: the rebuild must not depend on them
        }
        int code = ServerMain.execute(new String[] {"rebuild-reports"}, env, new java.io.ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("The report tables were built again from "), out.toString(StandardCharsets.UTF_8));
        assertEquals(kept, dump());
    }

    @Test
    void aTutorialWhoseNotesChangeLeavesItsLearnersFiguresAloneAndOneWhoseFactsChangeMovesThem() throws Exception {
        World w = world();
        Laptop a = w.a();
        projector.catchUp();
        Map<String, List<String>> tables = dump();

        // every open tutorial of tutor.a's gets a note: nothing a report counts changes
        List<Tutorial> open = a.tutorials.values().stream().filter(t -> t instanceof Tutorial).map(t -> (Tutorial) t).toList();
        for (Tutorial t : open) {
            change(a, t, t.withOutcome(t.outcome(), "Rang the employer first"));
        }
        ReportProjector.CaughtUp notes = projector.catchUp();
        assertEquals(open.size(), notes.changesRead());
        assertEquals(0, notes.learnersWorkedOut(), "no learner's figures are worked out again for a note");
        assertEquals(tables, dump(), "the report tables are as they were");
        assertSame(a.summary(AcademicCalendar.standard(), Entitlement.DEFAULT), line(reports.overview().tutors(), "tutor.a").figures(),
                "tutor.a after the notes");

        // a review that did not happen is held after all: its learner's figures move, and only theirs
        Tutorial missed = open.stream().filter(t -> t.outcome() == TutorialOutcome.DID_NOT_ATTEND).findFirst().orElseThrow();
        Tutorial missedNow = (Tutorial) a.tutorials.get(missed.id());
        change(a, missedNow, missedNow.withOutcome(TutorialOutcome.HELD, null));
        ReportProjector.CaughtUp held = projector.catchUp();
        assertEquals(1, held.learnersWorkedOut(), "Llŷr's figures, and no one else's");
        assertSame(a.summary(AcademicCalendar.standard(), Entitlement.DEFAULT), line(reports.overview().tutors(), "tutor.a").figures(),
                "tutor.a after the review was held");

        // a learner joins a group session after the event: the learners it involves now and before
        Tutorial session = open.stream().filter(t -> t.kind() == TutorialKind.GROUP_SESSION && t.attendeeIds().size() == 1).findFirst()
                .orElseThrow();
        Tutorial sessionNow = (Tutorial) a.tutorials.get(session.id());
        change(a, sessionNow, sessionNow.withAttendees(List.of(w.wyn().id(), w.llyr().id())));
        ReportProjector.CaughtUp joined = projector.catchUp();
        assertEquals(2, joined.learnersWorkedOut(), "Ŵyn, who was there before, and Llŷr, who is now");
        assertSame(a.summary(AcademicCalendar.standard(), Entitlement.DEFAULT), line(reports.overview().tutors(), "tutor.a").figures(),
                "tutor.a after the session's register changed");
    }

    /** Revisions of the tutorials {@link #change} changed, by id (each was pushed first as revision 1). */
    private final Map<UUID, Long> revisions = new HashMap<>();

    /** Pushes {@code now} as the next version of {@code before}, routed as the tutorial was first pushed. */
    private void change(Laptop laptop, Tutorial before, Tutorial now) throws Exception {
        long base = revisions.merge(now.id(), 1L, Long::sum);
        laptop.push(List.of(laptop.entry(now.id(), RecordKinds.TUTORIAL, before.learnerId(), before.learnerId() == null ? before.groupId() : null,
                new String(RecordJson.write(now), StandardCharsets.UTF_8), false, false, base)));
        laptop.tutorials.put(now.id(), now);
    }

    @Test
    void aNewDayMovesReviewsFromDueToOverdueAndTheFiguresAreWorkedOutForIt() throws Exception {
        World w = world();
        projector.catchUp();
        String dueBy = reports.learner(w.lowri().id().toString()).orElseThrow().line().dueBy().toString();
        ReportProjector.Progress before = projector.progress();
        assertEquals(today().toString(), before.computedFor());
        long days = Duration.between(today().atStartOfDay(), LocalDate.parse(dueBy).plusDays(1).atStartOfDay()).toDays();
        clock.advance(Duration.ofDays(Math.max(1, days)));
        projector.catchUp();
        assertEquals(today().toString(), projector.progress().computedFor(), "the figures are worked out for the new day");
        assertTrue(reports.learner(w.lowri().id().toString()).orElseThrow().line().overdue(today()), "Lowri's review is now overdue");
        assertTrue(reports.overview().organisation().overdue() >= 1);
    }

    @Test
    void theServerKeepsTheTablesCurrentByItselfWithinSeconds() throws Exception {
        server.close();
        server = SyncServer.start(backend().settings(tmp.resolve("live")).with("reports.refresh-millis", "100"), clock);
        client = new TestClient(server.port(), server.certificate());
        server.accounts().addUser("tutor.a", Role.TUTOR, new UserDetails("Aderyn Tollan", null, null), PW.toCharArray(),
                AuditTrail.Actor.commandLine());
        reports = new Reports(server.database(), clock, LONDON);
        Laptop a = laptop("tutor.a");
        Group g = group("Motor Vehicle A", "tutor.a", "half-termly", null);
        a.learner(g, "Llŷr", "Cawrdŵr", null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reports.overview().organisation().learners() != 1 || !reports.progress().current()) {
            assertTrue(System.nanoTime() < deadline, "the learner reached the reports within 10 seconds");
            Thread.sleep(50);
        }
        assertTrue(reports.progress().current());
    }

    @Test
    void whileLaptopsAreSyncingTheReportsWaitButNeverLongerThanTheirMostLag() throws Exception {
        server.close();
        server = SyncServer.start(backend().settings(tmp.resolve("busy")).with("reports.refresh-millis", "100"), clock);
        client = new TestClient(server.port(), server.certificate());
        for (String tutor : List.of("tutor.a", "tutor.b")) {
            server.accounts().addUser(tutor, Role.TUTOR, new UserDetails("Tutor " + tutor, null, null), PW.toCharArray(),
                    AuditTrail.Actor.commandLine());
        }
        reports = new Reports(server.database(), clock, LONDON);
        Laptop a = laptop("tutor.a");
        Laptop b = laptop("tutor.b");
        Group g = group("Motor Vehicle A", "tutor.a", "half-termly", null);
        a.learner(g, "Llŷr", "Cawrdŵr", null);
        long pushed = System.nanoTime();
        // another laptop pulls, again and again, as a busy office's laptops do: the reports wait for them
        long arrived = 0;
        while (arrived == 0) {
            b.device.pull(0, 100);
            if (reports.overview().organisation().learners() == 1) {
                arrived = System.nanoTime();
            }
            assertTrue(System.nanoTime() - pushed < TimeUnit.SECONDS.toNanos(15), "the learner reached the reports while laptops kept syncing");
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(arrived - pushed);
        assertTrue(waited >= 1_000, "the reports waited while a laptop was pulling, not " + waited + " ms");
        assertTrue(waited <= 9_000, "the reports waited at most their most lag (5 s) and a look, not " + waited + " ms");
    }
}
