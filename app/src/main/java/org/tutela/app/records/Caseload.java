package org.tutela.app.records;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.EntitlementTally;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Notice;
import org.tutela.app.domain.Organisation;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.domain.SafeguardingTask;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetCarryForward;
import org.tutela.app.domain.TaskDone;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;

/**
 * The tutor's caseload in memory, loaded from the vault's {@link RecordStore}: what the screens
 * read (learners, groups, tutorials, targets, concerns, the signposting list, the caseload list
 * and search, the learner screen, the summary), with the rules (due dates, entitlement, target
 * carry-forward). Changes go through its parts: {@link #tutorialWrites()} (tutorials, targets,
 * concerns, signposting), {@link #learnerWrites()} (learners and groups), {@link #bulkWrites()}
 * (a whole caseload at once) and {@link #incomingChanges()} (records a sync or another component
 * changed in the vault).
 *
 * <p>Start with {@link #load(RecordStore, Executor)} after unlocking. Records that cannot be opened
 * are listed in {@link #damaged()}; the rest of the caseload opens. A background thread may save
 * while the UI thread reads. {@code load} returns once learners, groups and tutorials are in
 * (enough to show the caseload); targets, concerns and the signposting list follow on the executor
 * it was given, and the methods that need them wait for it.
 *
 * <p>For speed and memory, every tutorial is kept as a {@link TutorialSummary} (enough for the
 * lists and the rules); the full record is read from the vault when a screen asks for it
 * ({@link #tutorial}, {@link #tutorialsOf}) and the most recent few thousand are kept.
 *
 * <p>A tutorial stored sealed (confidential, {@link StoredRecord#sealed()}) is not opened here: it
 * is listed by {@link #sealedTutorialIds()}, and its envelope's plain header (learner, group,
 * tutor, date, kind, outcome) makes a {@link TutorialSummary} so it still counts for entitlement
 * and due dates and shows in {@link #tutorialSummariesOf}; {@link #tutorial} and
 * {@link #tutorialsOf} return it as its envelope only (confidential, no form content).
 */
public final class Caseload {

    private final CaseloadMemory m;
    private final CaseloadRows rows;
    private final TutorialWrites tutorialWrites;
    private final LearnerWrites learnerWrites;
    private final BulkWrites bulkWrites;
    private final IncomingChanges incomingChanges;

    private Caseload(CaseloadMemory m) {
        this.m = m;
        this.rows = new CaseloadRows(m);
        this.tutorialWrites = new TutorialWrites(m);
        this.learnerWrites = new LearnerWrites(m);
        this.bulkWrites = new BulkWrites(m);
        this.incomingChanges = new IncomingChanges(m);
    }

    /**
     * Loads the caseload from the store, with the term dates head office set (the standard ones on
     * a laptop that never received the organisation) and the system clock; targets, concerns and
     * the signposting list load on {@code background} (the app's jobs pool) once the caseload list
     * has first been worked out ({@link #rows}), or sooner if something needs them.
     */
    public static Caseload load(RecordStore store, Executor background) {
        Optional<Organisation> org = new TypedStore(() -> store).findReadable(RecordKind.ORGANISATION, Organisation.RECORD_ID);
        return load(store, org.map(Organisation::calendar).orElseGet(AcademicCalendar::standard), Clock.systemDefaultZone(),
                org, background);
    }

    /** {@link #load(RecordStore, Executor)} all at once: everything is in memory when it returns (tests, tools). */
    public static Caseload load(RecordStore store) {
        Caseload c = load(store, Runnable::run);
        c.m.startRest();
        return c;
    }

    /** Loads with these term dates and clock (and head office's default entitlement, if it sent one). */
    public static Caseload load(RecordStore store, AcademicCalendar calendar, Clock clock, Executor background) {
        return load(store, calendar, clock, new TypedStore(() -> store).findReadable(RecordKind.ORGANISATION, Organisation.RECORD_ID), background);
    }

    /** {@link #load(RecordStore, AcademicCalendar, Clock, Executor)} all at once. */
    public static Caseload load(RecordStore store, AcademicCalendar calendar, Clock clock) {
        Caseload c = load(store, calendar, clock, Runnable::run);
        c.m.startRest();
        return c;
    }

    private static Caseload load(RecordStore store, AcademicCalendar calendar, Clock clock, Optional<Organisation> org,
                                 Executor background) {
        CaseloadMemory m = new CaseloadMemory(store, calendar, clock,
                org.map(Organisation::defaultEntitlement).orElse(Entitlement.DEFAULT));
        CaseloadLoading.load(m, background);
        return new Caseload(m);
    }

    /**
     * The lock screen's warm-up (no vault): a caseload of these invented records made in memory,
     * kept as a snapshot's content, read back from it and its caseload list worked out, so the JIT
     * has compiled what the first unlock runs.
     */
    public static void warmUp(List<Group> groups, List<Learner> learners, List<Tutorial> tutorials, LocalDate today) {
        CaseloadMemory made = new CaseloadMemory(null, AcademicCalendar.standard(), Clock.systemDefaultZone(), Entitlement.DEFAULT);
        groups.forEach(g -> made.groups.put(g.id(), g));
        learners.forEach(l -> made.learners.put(l.id(), l));
        tutorials.forEach(t -> made.putTutorial(TutorialSummary.of(t)));
        for (Map<UUID, ?> kept : List.of(made.groups, made.learners, made.tutorials)) {
            kept.keySet().forEach(id -> made.revisions.put(id, 1L));
        }
        CaseloadMemory read = new CaseloadMemory(null, made.calendar, made.clock, made.defaultEntitlement);
        CaseloadSnapshot.warmUp(made, read);
        read.rest.complete(null);
        new Caseload(read).rows("", Set.of(), today);
    }

    // ------------------------------------------------------------------ the parts that change it

    /** Tutorials (plan, hold, draft, sign, amend, delete), targets, concerns, signposting, tasks done. */
    public TutorialWrites tutorialWrites() {
        return tutorialWrites;
    }

    /** Learners and groups: add, edit, delete a learner added by mistake. */
    public LearnerWrites learnerWrites() {
        return learnerWrites;
    }

    /** A whole caseload in one transaction (demo data, imports). */
    public BulkWrites bulkWrites() {
        return bulkWrites;
    }

    /** Records changed in the vault without this caseload (a sync pull, a tutorial sealed). */
    public IncomingChanges incomingChanges() {
        return incomingChanges;
    }

    // ------------------------------------------------------------------ reading

    /** Waits until targets, concerns and the signposting list have loaded too (they load in the background). */
    public void awaitFullyLoaded() {
        m.awaitRest();
    }

    /** Records that could not be opened, by kind and id, with why. */
    public List<DamagedRecord> damaged() {
        return loaded(() -> {
            List<DamagedRecord> all = new ArrayList<>(m.damaged);
            all.addAll(m.restDamaged);
            return List.copyOf(all);
        });
    }

    public List<UUID> sealedTutorialIds() {
        return locked(() -> List.copyOf(m.sealedTutorials));
    }

    public AcademicCalendar calendar() {
        return m.calendar;
    }

    /** Today by the caseload's clock. */
    public LocalDate today() {
        return LocalDate.now(m.clock);
    }

    public int learnerCount() {
        return locked(() -> m.learners.size());
    }

    /**
     * Keeps what the caseload list is made from as the vault's encrypted snapshot, so the next
     * unlock reads it in one piece (call as the vault locks, before it closes). Kept only if memory
     * holds every record whole and as the vault holds it now; any change to a record afterwards
     * drops it. Returns whether it was kept.
     */
    public boolean keepSnapshot() {
        return locked(() -> CaseloadSnapshot.keep(m));
    }

    /** Whether the caseload list was read from the snapshot kept at the last lock (for the log and the benchmarks). */
    public boolean openedFromSnapshot() {
        return locked(() -> m.fromSnapshot);
    }

    /**
     * Drops every decrypted record from memory (call when the vault locks; load again after
     * unlocking). The object is empty afterwards.
     */
    public void forget() {
        m.forget();
    }

    /** All learners by family name. */
    public List<Learner> learners() {
        return locked(() -> m.index.search("", l -> true));
    }

    public Optional<Learner> learner(UUID id) {
        return locked(() -> Optional.ofNullable(m.learners.get(id)));
    }

    /** The groups by name. */
    public List<Group> groups() {
        return locked(() -> m.groups.values().stream().sorted(Comparator.comparing(Group::name)).toList());
    }

    public Optional<Group> group(UUID id) {
        return locked(() -> Optional.ofNullable(m.groups.get(id)));
    }

    /** The learners of a group, by family name. */
    public List<Learner> learnersIn(UUID groupId) {
        return locked(() -> m.index.search("", l -> l.groupIds().contains(groupId)));
    }

    /** The learner's caseload group (the first one), or null. */
    public Group groupOf(Learner l) {
        return locked(() -> m.groupOf(l));
    }

    /**
     * The full tutorial, read from the vault if it is not in memory; empty if there is none or it
     * cannot be opened (then it is added to {@link #damaged()}).
     */
    public Optional<Tutorial> tutorial(UUID id) {
        return locked(() -> m.tutorials.containsKey(id) ? Optional.ofNullable(m.full(id)) : Optional.empty());
    }

    /** The learner's tutorials (with the group sessions they attended), newest first, in full. */
    public List<Tutorial> tutorialsOf(UUID learnerId) {
        return locked(() -> m.full(tutorialSummariesOf(learnerId)));
    }

    /** The learner's tutorials in brief (for lists and counts), newest first. */
    public List<TutorialSummary> tutorialSummariesOf(UUID learnerId) {
        return locked(() -> {
            List<TutorialSummary> l = m.tutorialsByLearner.getOrDefault(learnerId, new ArrayList<>());
            l.sort(CaseloadMemory.NEWEST_FIRST);
            return List.copyOf(l);
        });
    }

    /** A group's sessions, newest first, in full. */
    public List<Tutorial> groupSessions(UUID groupId) {
        return locked(() -> m.full(m.sessionsByGroup.getOrDefault(groupId, List.of()).stream().sorted(CaseloadMemory.NEWEST_FIRST).toList()));
    }

    /** Planned (not yet held, cancelled or missed) tutorials from {@code from} to {@code to}, soonest first, in full. */
    public List<Tutorial> planned(LocalDate from, LocalDate to) {
        return locked(() -> m.full(m.tutorials.values().stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED && !t.date().isBefore(from) && !t.date().isAfter(to))
                .sorted(CaseloadMemory.NEWEST_FIRST.reversed()).toList()));
    }

    /**
     * Planned tutorials the tutor should tell the learner about now: arrangements changed since the
     * learner was told, notice late (less than a week left and not told), or notice due within
     * {@code withinDays} days. Most urgent first, then soonest.
     */
    public List<TutorialSummary> learnersToTell(LocalDate today, int withinDays) {
        List<TutorialSummary> out = new ArrayList<>();
        synchronized (m) {
            for (TutorialSummary t : m.tutorials.values()) {
                if (t.outcome() != TutorialOutcome.PLANNED || t.date().isBefore(today)) {
                    continue;
                }
                Notice n = t.notice(today);
                if (n.warning() || (n.state() == Notice.State.TELL_BY && !n.tellBy().isAfter(today.plusDays(withinDays)))) {
                    out.add(t);
                }
            }
        }
        out.sort(Comparator.comparing((TutorialSummary t) -> !t.notice(today).warning())
                .thenComparing(TutorialSummary::date).thenComparing(TutorialSummary::id));
        return out;
    }

    public int tutorialCount() {
        return locked(() -> m.tutorials.size());
    }

    /** The learner's targets, oldest first. */
    public List<Target> targetsOf(UUID learnerId) {
        return loaded(() -> m.targetsByLearner.getOrDefault(learnerId, List.of()).stream().sorted(Target.OLDEST_FIRST).toList());
    }

    /** The learner's open (open or carried) targets, oldest first: what the next tutorial reviews. */
    public List<Target> openTargets(UUID learnerId) {
        return loaded(() -> TargetCarryForward.open(learnerId, m.targetsByLearner.getOrDefault(learnerId, List.of())));
    }

    public Optional<Target> target(UUID id) {
        return loaded(() -> Optional.ofNullable(m.targets.get(id)));
    }

    /** The learner's concerns, newest first. */
    public List<Concern> concernsOf(UUID learnerId) {
        return loaded(() -> m.concernsByLearner.getOrDefault(learnerId, List.of()).stream()
                .sorted(Comparator.comparing(Concern::raisedOn).reversed()).toList());
    }

    /** Concerns not yet closed across the caseload, urgent (safeguarding) first, then oldest first. */
    public List<Concern> openConcerns() {
        return loaded(() -> m.concerns.values().stream().filter(Concern::open)
                .sorted(Comparator.comparing((Concern c) -> !c.urgent()).thenComparing(Concern::raisedOn)).toList());
    }

    public Optional<Concern> concern(UUID id) {
        return loaded(() -> Optional.ofNullable(m.concerns.get(id)));
    }

    /** Head office's answer to the concern (the safeguarding lead saw it, tasks for the tutor), if one has arrived. */
    public Optional<ConcernResponse> response(UUID concernId) {
        return loaded(() -> Optional.ofNullable(m.responses.get(concernId)));
    }

    /** The tasks the safeguarding lead gave the tutor about the learner's concerns: those not done first, then the newest. */
    public List<SafeguardingTask> tasksOf(UUID learnerId) {
        m.awaitRest();
        List<SafeguardingTask> out = new ArrayList<>();
        synchronized (m) {
            for (ConcernResponse r : m.responses.values()) {
                Concern c = m.concerns.get(r.concernId());
                UUID learner = c != null ? c.learnerId() : r.learnerId();
                if (!learnerId.equals(learner)) {
                    continue;
                }
                for (ConcernResponse.Task t : r.tasks()) {
                    TaskDone d = m.tasksDone.get(t.id());
                    out.add(new SafeguardingTask(t.id(), r.concernId(), learnerId, t.text(), t.assignedAt(), d == null ? null : d.doneAt()));
                }
            }
        }
        out.sort(Comparator.comparing(SafeguardingTask::done).thenComparing(SafeguardingTask::assignedAt,
                Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /** The organisation's signposting list, by name. */
    public List<SignpostingService> signposting() {
        return loaded(() -> m.signposting.values().stream().sorted(Comparator.comparing(SignpostingService::name)).toList());
    }

    /**
     * True when something is recorded for the learner (a tutorial, group session attended, target
     * or concern): {@link LearnerWrites#deleteLearner} keeps such a learner. Asked before offering to delete.
     */
    public boolean hasRecords(UUID id) {
        return loaded(() -> m.recordedFor(id));
    }

    /** When the learner's next review is due, and whether it is due soon or overdue. */
    public ReviewDue reviewDue(UUID learnerId, LocalDate today) {
        return row(learnerId, today).review();
    }

    /** Held tutorials against entitlement for the learner in an academic year. */
    public EntitlementTally entitlement(UUID learnerId, AcademicYear year) {
        return locked(() -> {
            Learner l = m.learners.get(learnerId);
            Group g = l == null ? null : m.groupOf(l);
            return EntitlementTally.of(learnerId, year, g == null ? m.defaultEntitlement : g.entitlement(m.defaultEntitlement),
                    m.tutorialsByLearner.getOrDefault(learnerId, List.of()));
        });
    }

    /** The caseload list line for a learner: last tutorial held, next review due. */
    public LearnerRow row(UUID learnerId, LocalDate today) {
        return locked(() -> rows.row(learnerId, today));
    }

    /**
     * Search as you type: learners matching {@code typed} (names, ULN, ILR reference, course,
     * school or employer, group; case and accents ignored) and all of {@code filters}.
     */
    public List<Learner> search(String typed, Set<CaseloadFilter> filters, LocalDate today) {
        return locked(() -> rows.search(typed, filters, null, today));
    }

    /** {@link #search} as caseload list lines. */
    public List<LearnerRow> rows(String typed, Set<CaseloadFilter> filters, LocalDate today) {
        return rows(typed, filters, null, today);
    }

    /** {@link #rows(String, Set, LocalDate)} within one group ({@code groupId} null: the whole caseload). */
    public List<LearnerRow> rows(String typed, Set<CaseloadFilter> filters, UUID groupId, LocalDate today) {
        List<LearnerRow> found = locked(() -> rows.rows(typed, filters, groupId, today));
        m.startRest(); // the list is out: now targets, concerns and the rest (once)
        return found;
    }

    /** Everything the learner screen shows. */
    public LearnerView open(UUID learnerId, LocalDate today) {
        return loaded(() -> {
            Learner l = m.learners.get(learnerId);
            if (l == null) {
                throw new IllegalArgumentException("No such learner on this caseload");
            }
            return new LearnerView(l, m.groupOf(l), tutorialsOf(learnerId), concernsOf(learnerId), openTargets(learnerId),
                    targetsOf(learnerId), reviewDue(learnerId, today), entitlement(learnerId, AcademicYear.of(today)));
        });
    }

    /** The caseload summary for an academic year. */
    public CaseloadSummary summary(AcademicYear year, LocalDate today) {
        return loaded(() -> CaseloadSummary.compute(m.learners.values(), m.groups, m.tutorialsByLearner, m.targetsByLearner, year,
                m.calendar, today, m.defaultEntitlement));
    }

    /** Reads memory under its lock. */
    private <T> T locked(Supplier<T> read) {
        synchronized (m) {
            return read.get();
        }
    }

    /** Reads memory under its lock once the background load is in (waited for before the lock, see {@link CaseloadMemory}). */
    private <T> T loaded(Supplier<T> read) {
        m.awaitRest();
        return locked(read);
    }

    /**
     * The version of a record as this caseload holds it, for a screen that opens it to edit (a new
     * record: none yet). Read it together with the record, from the same caseload.
     */
    public OpenedVersion opened(UUID id) {
        if (!m.revisions.containsKey(id)) {
            synchronized (m) {
                if (m.tutorials.containsKey(id)) {
                    m.full(id); // loading notes every tutorial's revision; should one lack it, reading it in full tells
                }
            }
        }
        return new OpenedVersion(m.revisions.getOrDefault(id, 0L));
    }
}
