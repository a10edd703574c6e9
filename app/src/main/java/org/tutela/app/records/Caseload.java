package org.tutela.app.records;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.EntitlementTally;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.Organisation;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.domain.SafeguardingTask;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetCarryForward;
import org.tutela.app.domain.TaskDone;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialLockedException;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.vault.RecordList;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/**
 * The tutor's caseload in memory, loaded from the vault's {@link RecordStore} and saved back
 * through it: learners, groups, tutorials, targets, concerns and the signposting list, with the
 * search index and the rules (due dates, entitlement, target carry-forward, the signing lock).
 *
 * <p>Start with {@link #load(RecordStore)} after unlocking. Every {@code save...} writes through
 * the store first (one transaction where several records change together) and only then updates
 * memory, so what the screens show is what is on disk. Records that cannot be opened are listed
 * in {@link #damaged()}; the rest of the caseload opens. Methods are synchronized: a background
 * thread may save while the UI thread reads. {@link #load} returns once learners, groups and
 * tutorials are in (enough to show the caseload); targets, concerns and the signposting list
 * follow on a background thread, and the methods that need them wait for it.
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

    private final RecordStore store;
    private final AcademicCalendar calendar;
    private final Clock clock;
    /** A learner's entitlement where their group has none of its own: head office's, else 4 + 8. */
    private final Entitlement defaultEntitlement;

    private final Map<UUID, Learner> learners = new HashMap<>();
    private final Map<UUID, Group> groups = new HashMap<>();
    private final Map<UUID, TutorialSummary> tutorials = new HashMap<>();
    private final Map<UUID, List<TutorialSummary>> tutorialsByLearner = new HashMap<>();
    private final Map<UUID, List<TutorialSummary>> sessionsByGroup = new HashMap<>();
    /** Full tutorials recently opened or saved; the rest are read from the vault when needed. */
    private final Map<UUID, Tutorial> opened = new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Tutorial> eldest) {
            return size() > OPENED_CACHE;
        }
    };
    private static final int OPENED_CACHE = 4096;
    private final Map<UUID, Target> targets = new HashMap<>();
    private final Map<UUID, List<Target>> targetsByLearner = new HashMap<>();
    private final Map<UUID, Concern> concerns = new HashMap<>();
    private final Map<UUID, List<Concern>> concernsByLearner = new HashMap<>();
    private final Map<UUID, SignpostingService> signposting = new HashMap<>();
    /** Head office's answers to concerns, by concern id; and the tasks the tutor has done, by task id. */
    private final Map<UUID, ConcernResponse> responses = new HashMap<>();
    private final Map<UUID, TaskDone> tasksDone = new HashMap<>();
    /**
     * The store revision each record in memory was read or written at (a tutorial's once it is
     * read in full), so a screen's save can be checked against what it opened. Filled by the
     * background load too, hence concurrent.
     */
    private final Map<UUID, Long> revisions = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<DamagedRecord> damaged = new ArrayList<>();
    private final Set<UUID> sealedTutorials = new java.util.LinkedHashSet<>();
    private final LearnerIndex index = new LearnerIndex();
    /** Each learner's caseload line for {@link #dueCacheDay}, dropped whenever what it shows may change. */
    private final Map<UUID, LearnerRow> dueCache = new HashMap<>();
    private LocalDate dueCacheDay;

    private Caseload(RecordStore store, AcademicCalendar calendar, Clock clock, Entitlement defaultEntitlement) {
        this.store = store;
        this.calendar = calendar;
        this.clock = clock;
        this.defaultEntitlement = defaultEntitlement;
    }

    private static volatile CompletableFuture<Void> warmUp;

    /**
     * Gets the JVM ready to load a caseload quickly (class loading, JSON readers, the JIT) on a
     * background thread, using a small invented caseload in memory: call it when the lock screen
     * shows, so the work is done while the tutor types the passphrase. Safe to call more than
     * once; the first unlock is several times faster after it.
     */
    public static CompletableFuture<Void> warmUp() {
        CompletableFuture<Void> w = warmUp;
        if (w == null) {
            synchronized (Caseload.class) {
                w = warmUp;
                if (w == null) {
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    Thread t = new Thread(() -> {
                        try {
                            exercise();
                            f.complete(null);
                        } catch (RuntimeException | Error e) {
                            f.completeExceptionally(e);
                        }
                    }, "caseload-warm-up");
                    t.setDaemon(true);
                    t.setPriority(Thread.MIN_PRIORITY);
                    t.start();
                    warmUp = w = f;
                }
            }
        }
        return w;
    }

    private static void exercise() {
        DemoCaseload.Data d = DemoCaseload.generate(1L, new DemoCaseload.Scale(2, 10, 2, 0, 0), LocalDate.of(2025, 11, 20));
        List<byte[]> learnerJson = d.learners().stream().map(RecordJson::write).toList();
        List<byte[]> tutorialJson = d.tutorials().stream().map(RecordJson::write).toList();
        List<byte[]> targetJson = d.targets().stream().map(RecordJson::write).toList();
        List<byte[]> groupJson = d.groups().stream().map(RecordJson::write).toList();
        List<byte[]> concernJson = d.concerns().stream().map(RecordJson::write).toList();
        try {
            for (int round = 0; round < 40; round++) {
                for (byte[] b : learnerJson) {
                    RecordJson.read(b, Learner.class);
                }
                for (byte[] b : tutorialJson) {
                    TutorialSummaryReader.read(b);
                }
                for (byte[] b : targetJson) {
                    RecordJson.read(b, Target.class);
                }
                if (round % 8 == 0) {
                    for (byte[] b : tutorialJson) {
                        RecordJson.read(b, Tutorial.class);
                    }
                    for (byte[] b : groupJson) {
                        RecordJson.read(b, Group.class);
                    }
                    for (byte[] b : concernJson) {
                        RecordJson.read(b, Concern.class);
                    }
                }
                LearnerIndex index = new LearnerIndex();
                index.putAll(d.learners(), id -> null);
                index.search("ab", l -> true);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads the whole caseload from the store, with the term dates head office set (the standard
     * ones on a laptop that never received the organisation) and the system clock.
     */
    public static Caseload load(RecordStore store) {
        Optional<Organisation> org = OrganisationRecord.read(store);
        return load(store, org.map(Organisation::calendar).orElseGet(AcademicCalendar::standard), Clock.systemDefaultZone(), org);
    }

    /** Loads with these term dates and clock (and head office's default entitlement, if it sent one). */
    public static Caseload load(RecordStore store, AcademicCalendar calendar, Clock clock) {
        return load(store, calendar, clock, OrganisationRecord.read(store));
    }

    private static Caseload load(RecordStore store, AcademicCalendar calendar, Clock clock, Optional<Organisation> org) {
        Caseload c = new Caseload(store, calendar, clock, org.map(Organisation::defaultEntitlement).orElse(Entitlement.DEFAULT));
        c.loadAll();
        return c;
    }

    // ------------------------------------------------------------------ loading

    private record Parsed<T>(StoredRecord record, T value, String problem) {
    }

    private <T> List<T> read(String kind, Class<T> type, Function<T, UUID> idOf, List<DamagedRecord> damaged) {
        RecordList list = store.list(kind);
        for (UUID id : list.damaged()) {
            damaged.add(new DamagedRecord(kind, id, "Its encrypted envelope is damaged and cannot be opened"));
        }
        List<StoredRecord> records = list.records();
        List<Parsed<T>> parsed = (records.size() > 2000 ? records.parallelStream() : records.stream())
                .map(r -> {
                    if (r.sealed()) {
                        return new Parsed<T>(r, null, null);
                    }
                    try {
                        T value = RecordJson.read(r.body(), type);
                        if (!r.id().equals(idOf.apply(value))) {
                            return new Parsed<T>(r, null, "Its content belongs to another record");
                        }
                        return new Parsed<>(r, value, null);
                    } catch (IOException | RuntimeException e) {
                        return new Parsed<T>(r, null, "Its content is not a valid " + kind + " record ("
                                + e.getClass().getSimpleName() + ")");
                    }
                }).toList();
        List<T> out = new ArrayList<>(parsed.size());
        for (Parsed<T> p : parsed) {
            if (p.record.sealed()) {
                damaged.add(new DamagedRecord(kind, p.record.id(), "It is sealed, and only tutorials are sealed"));
            } else if (p.problem != null) {
                damaged.add(new DamagedRecord(kind, p.record.id(), p.problem));
            } else {
                out.add(p.value);
                revisions.put(p.record.id(), p.record.revision());
            }
        }
        return out;
    }

    /**
     * Targets, concerns and the signposting list load on a background thread after the caseload
     * list can be shown; everything that needs them waits for it ({@link #awaitRest}). The
     * background thread never takes this object's lock: it fills the maps before completing
     * {@link #rest}, and nobody touches them before joining it. Callers join it before taking the
     * lock, so a wait for the load never holds up what does not need it (the caseload list, search).
     */
    private final CompletableFuture<Void> rest = new CompletableFuture<>();
    private final List<DamagedRecord> restDamaged = new ArrayList<>();

    private void loadRest() {
        try {
            for (Target t : read(RecordKind.Names.TARGET, Target.class, Target::id, restDamaged)) {
                putTarget(t);
            }
            for (Concern c : read(RecordKind.Names.CONCERN, Concern.class, Concern::id, restDamaged)) {
                putConcern(c);
            }
            for (SignpostingService s : read(RecordKind.Names.SIGNPOSTING, SignpostingService.class, SignpostingService::id,
                    restDamaged)) {
                signposting.put(s.id(), s);
            }
            for (ConcernResponse r : read(RecordKind.Names.CONCERN_RESPONSE, ConcernResponse.class, ConcernResponse::id, restDamaged)) {
                responses.put(r.concernId(), r);
            }
            for (TaskDone d : read(RecordKind.Names.TASK_DONE, TaskDone.class, TaskDone::id, restDamaged)) {
                tasksDone.put(d.id(), d);
            }
            rest.complete(null);
        } catch (RuntimeException | Error e) {
            rest.completeExceptionally(e);
        }
    }

    private void awaitRest() {
        try {
            rest.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("The caseload's targets and concerns could not be loaded", e.getCause());
        }
    }

    /** Waits until targets, concerns and the signposting list have loaded too (they load in the background). */
    public void awaitFullyLoaded() {
        awaitRest();
    }

    private synchronized void loadAll() {
        for (Group g : read(RecordKind.Names.GROUP, Group.class, Group::id, damaged)) {
            groups.put(g.id(), g);
        }
        for (Learner l : read(RecordKind.Names.LEARNER, Learner.class, Learner::id, damaged)) {
            learners.put(l.id(), l);
        }
        index.putAll(learners.values(), groups::get);
        for (TutorialSummary t : readSummaries()) {
            putTutorial(t);
        }
        Thread t = new Thread(this::loadRest, "caseload-load");
        t.setDaemon(true);
        t.start();
    }

    private List<TutorialSummary> readSummaries() {
        RecordList list = store.list(RecordKind.Names.TUTORIAL);
        for (UUID id : list.damaged()) {
            damaged.add(new DamagedRecord(RecordKind.Names.TUTORIAL, id, "Its encrypted envelope is damaged and cannot be opened"));
        }
        List<StoredRecord> records = list.records();
        List<Parsed<TutorialSummary>> parsed = (records.size() > 2000 ? records.parallelStream() : records.stream())
                .map(r -> {
                    if (r.sealed()) {
                        try {
                            return new Parsed<>(r, TutorialSummaryReader.readSealedHeader(r.id(), r.body()), null);
                        } catch (IOException | RuntimeException e) {
                            return new Parsed<TutorialSummary>(r, null, null);
                        }
                    }
                    try {
                        TutorialSummary t = TutorialSummaryReader.read(r.body());
                        return r.id().equals(t.id()) ? new Parsed<>(r, t, null)
                                : new Parsed<TutorialSummary>(r, null, "Its content belongs to another record");
                    } catch (IOException | RuntimeException e) {
                        return new Parsed<TutorialSummary>(r, null, "Its content is not a valid tutorial record ("
                                + e.getClass().getSimpleName() + ")");
                    }
                }).toList();
        List<TutorialSummary> out = new ArrayList<>(parsed.size());
        for (Parsed<TutorialSummary> p : parsed) {
            if (p.record.sealed()) {
                sealedTutorials.add(p.record.id());
                if (p.value != null) {
                    out.add(p.value);
                }
            } else if (p.problem != null) {
                damaged.add(new DamagedRecord(RecordKind.Names.TUTORIAL, p.record.id(), p.problem));
            } else {
                out.add(p.value);
            }
        }
        return out;
    }

    private static final Comparator<TutorialSummary> NEWEST_FIRST = Comparator.comparing(TutorialSummary::date)
            .thenComparing(TutorialSummary::time, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(TutorialSummary::id).reversed();

    private void putTutorial(TutorialSummary t) {
        TutorialSummary old = tutorials.put(t.id(), t);
        if (old != null) {
            unindex(old);
        }
        if (t.learnerId() != null) {
            dueCache.remove(t.learnerId());
        }
        for (UUID a : t.attendeeIds()) {
            dueCache.remove(a);
        }
        if (t.learnerId() != null) {
            tutorialsByLearner.computeIfAbsent(t.learnerId(), k -> new ArrayList<>()).add(t);
        }
        for (UUID a : t.attendeeIds()) {
            if (!a.equals(t.learnerId())) {
                tutorialsByLearner.computeIfAbsent(a, k -> new ArrayList<>()).add(t);
            }
        }
        if (t.kind() == TutorialKind.GROUP_SESSION) {
            sessionsByGroup.computeIfAbsent(t.groupId(), k -> new ArrayList<>()).add(t);
        }
    }

    private void unindex(TutorialSummary old) {
        if (old.learnerId() != null) {
            removeById(tutorialsByLearner.get(old.learnerId()), old.id());
            dueCache.remove(old.learnerId());
        }
        for (UUID a : old.attendeeIds()) {
            removeById(tutorialsByLearner.get(a), old.id());
            dueCache.remove(a);
        }
        if (old.kind() == TutorialKind.GROUP_SESSION) {
            removeById(sessionsByGroup.get(old.groupId()), old.id());
        }
    }

    private static void removeById(List<TutorialSummary> list, UUID id) {
        if (list != null) {
            list.removeIf(x -> x.id().equals(id));
        }
    }

    private void putTarget(Target t) {
        Target old = targets.put(t.id(), t);
        if (old != null) {
            targetsByLearner.get(old.learnerId()).removeIf(x -> x.id().equals(t.id()));
        }
        targetsByLearner.computeIfAbsent(t.learnerId(), k -> new ArrayList<>()).add(t);
    }

    private void putConcern(Concern c) {
        Concern old = concerns.put(c.id(), c);
        if (old != null) {
            concernsByLearner.get(old.learnerId()).removeIf(x -> x.id().equals(c.id()));
        }
        concernsByLearner.computeIfAbsent(c.learnerId(), k -> new ArrayList<>()).add(c);
    }

    // ------------------------------------------------------------------ reading

    /** Records that could not be opened, by kind and id, with why. */
    public List<DamagedRecord> damaged() {
        awaitRest();
        synchronized (this) {
            List<DamagedRecord> all = new ArrayList<>(damaged);
            all.addAll(restDamaged);
            return List.copyOf(all);
        }
    }

    public synchronized List<UUID> sealedTutorialIds() {
        return List.copyOf(sealedTutorials);
    }

    public AcademicCalendar calendar() {
        return calendar;
    }

    /** Today by the caseload's clock. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public synchronized int learnerCount() {
        return learners.size();
    }

    /**
     * Drops every decrypted record from memory (call when the vault locks; load again after
     * unlocking). The object is empty afterwards.
     */
    public void forget() {
        try {
            rest.join();
        } catch (RuntimeException e) {
            // nothing loaded in the background to keep
        }
        synchronized (this) {
            learners.clear();
            groups.clear();
            tutorials.clear();
            tutorialsByLearner.clear();
            sessionsByGroup.clear();
            opened.clear();
            targets.clear();
            targetsByLearner.clear();
            concerns.clear();
            concernsByLearner.clear();
            signposting.clear();
            responses.clear();
            tasksDone.clear();
            index.clear();
            dueCache.clear();
        }
    }

    /** All learners by family name. */
    public synchronized List<Learner> learners() {
        return index.search("", l -> true);
    }

    public synchronized Optional<Learner> learner(UUID id) {
        return Optional.ofNullable(learners.get(id));
    }

    /** The groups by name. */
    public synchronized List<Group> groups() {
        return groups.values().stream().sorted(Comparator.comparing(Group::name)).toList();
    }

    public synchronized Optional<Group> group(UUID id) {
        return Optional.ofNullable(groups.get(id));
    }

    /** The learners of a group, by family name. */
    public synchronized List<Learner> learnersIn(UUID groupId) {
        return index.search("", l -> l.groupIds().contains(groupId));
    }

    /** The learner's caseload group (the first one), or null. */
    public synchronized Group groupOf(Learner l) {
        return l.primaryGroupId() == null ? null : groups.get(l.primaryGroupId());
    }

    /**
     * The full tutorial, read from the vault if it is not in memory; empty if there is none or it
     * cannot be opened (then it is added to {@link #damaged()}).
     */
    public synchronized Optional<Tutorial> tutorial(UUID id) {
        return tutorials.containsKey(id) ? Optional.ofNullable(full(id)) : Optional.empty();
    }

    private Tutorial full(UUID id) {
        Tutorial t = opened.get(id);
        if (t != null) {
            return t;
        }
        if (sealedTutorials.contains(id)) {
            // Confidential: only its envelope (learner, tutor, date, kind, outcome) is known here; the
            // content is opened with its password by the confidential tutorials component.
            TutorialSummary s = tutorials.get(id);
            return s == null ? null : envelopeOnly(s);
        }
        try {
            StoredRecord r = store.get(id).orElse(null);
            if (r == null || r.deleted()) {
                return null;
            }
            t = RecordJson.read(r.body(), Tutorial.class);
            revisions.put(id, r.revision());
        } catch (IOException | RuntimeException e) {
            DamagedRecord d = new DamagedRecord(RecordKind.Names.TUTORIAL, id, "Its content cannot be opened ("
                    + e.getClass().getSimpleName() + ")");
            if (!damaged.contains(d)) {
                damaged.add(d);
            }
            return null;
        }
        opened.put(id, t);
        return t;
    }

    private static Tutorial envelopeOnly(TutorialSummary s) {
        return new Tutorial(s.id(), s.kind(), s.learnerId(), s.groupId(), s.attendeeIds(), s.tutor(),
                new TutorialPlan(s.date(), s.time(), null, s.learnerNotifiedOn(), false), s.outcome(), null,
                TutorialForm.EMPTY, null, null, null, true, false, List.of());
    }

    private List<Tutorial> full(List<TutorialSummary> summaries) {
        List<Tutorial> out = new ArrayList<>(summaries.size());
        for (TutorialSummary s : summaries) {
            Tutorial t = full(s.id());
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** The learner's tutorials (with the group sessions they attended), newest first, in full. */
    public synchronized List<Tutorial> tutorialsOf(UUID learnerId) {
        return full(tutorialSummariesOf(learnerId));
    }

    /** The learner's tutorials in brief (for lists and counts), newest first. */
    public synchronized List<TutorialSummary> tutorialSummariesOf(UUID learnerId) {
        List<TutorialSummary> l = tutorialsByLearner.get(learnerId);
        if (l == null) {
            return List.of();
        }
        l.sort(NEWEST_FIRST);
        return List.copyOf(l);
    }

    /** A group's sessions, newest first, in full. */
    public synchronized List<Tutorial> groupSessions(UUID groupId) {
        return full(sessionsByGroup.getOrDefault(groupId, List.of()).stream().sorted(NEWEST_FIRST).toList());
    }

    /** Planned (not yet held, cancelled or missed) tutorials from {@code from} to {@code to}, soonest first, in full. */
    public synchronized List<Tutorial> planned(LocalDate from, LocalDate to) {
        return full(tutorials.values().stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED && !t.date().isBefore(from) && !t.date().isAfter(to))
                .sorted(NEWEST_FIRST.reversed()).toList());
    }

    /**
     * Planned tutorials the tutor should tell the learner about now: arrangements changed since the
     * learner was told, notice late (less than a week left and not told), or notice due within
     * {@code withinDays} days. Most urgent first, then soonest.
     */
    public synchronized List<TutorialSummary> learnersToTell(LocalDate today, int withinDays) {
        List<TutorialSummary> out = new ArrayList<>();
        for (TutorialSummary t : tutorials.values()) {
            if (t.outcome() != TutorialOutcome.PLANNED || t.date().isBefore(today)) {
                continue;
            }
            org.tutela.app.domain.Notice n = t.notice(today);
            if (n.warning() || (n.state() == org.tutela.app.domain.Notice.State.TELL_BY
                    && !n.tellBy().isAfter(today.plusDays(withinDays)))) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing((TutorialSummary t) -> !t.notice(today).warning())
                .thenComparing(TutorialSummary::date).thenComparing(TutorialSummary::id));
        return out;
    }

    public synchronized int tutorialCount() {
        return tutorials.size();
    }

    /** The learner's targets, oldest first. */
    public List<Target> targetsOf(UUID learnerId) {
        awaitRest();
        synchronized (this) {
            return targetsByLearner.getOrDefault(learnerId, List.of()).stream().sorted(Target.OLDEST_FIRST).toList();
        }
    }

    /** The learner's open (open or carried) targets, oldest first: what the next tutorial reviews. */
    public List<Target> openTargets(UUID learnerId) {
        awaitRest();
        synchronized (this) {
            return TargetCarryForward.open(learnerId, targetsByLearner.getOrDefault(learnerId, List.of()));
        }
    }

    public Optional<Target> target(UUID id) {
        awaitRest();
        synchronized (this) {
            return Optional.ofNullable(targets.get(id));
        }
    }

    /** The learner's concerns, newest first. */
    public List<Concern> concernsOf(UUID learnerId) {
        awaitRest();
        synchronized (this) {
            return concernsByLearner.getOrDefault(learnerId, List.of()).stream()
                    .sorted(Comparator.comparing(Concern::raisedOn).reversed()).toList();
        }
    }

    /** Concerns not yet closed across the caseload, urgent (safeguarding) first, then oldest first. */
    public List<Concern> openConcerns() {
        awaitRest();
        synchronized (this) {
            return concerns.values().stream().filter(Concern::open)
                    .sorted(Comparator.comparing((Concern c) -> !c.urgent()).thenComparing(Concern::raisedOn)).toList();
        }
    }

    public Optional<Concern> concern(UUID id) {
        awaitRest();
        synchronized (this) {
            return Optional.ofNullable(concerns.get(id));
        }
    }

    /** Head office's answer to the concern (the safeguarding lead saw it, tasks for the tutor), if one has arrived. */
    public Optional<ConcernResponse> response(UUID concernId) {
        awaitRest();
        synchronized (this) {
            return Optional.ofNullable(responses.get(concernId));
        }
    }

    /** The tasks the safeguarding lead gave the tutor about the learner's concerns: those not done first, then the newest. */
    public List<SafeguardingTask> tasksOf(UUID learnerId) {
        awaitRest();
        synchronized (this) {
            List<SafeguardingTask> out = new ArrayList<>();
            for (ConcernResponse r : responses.values()) {
                Concern c = concerns.get(r.concernId());
                UUID learner = c != null ? c.learnerId() : r.learnerId();
                if (!learnerId.equals(learner)) {
                    continue;
                }
                for (ConcernResponse.Task t : r.tasks()) {
                    TaskDone d = tasksDone.get(t.id());
                    out.add(new SafeguardingTask(t.id(), r.concernId(), learnerId, t.text(), t.assignedAt(), d == null ? null : d.doneAt()));
                }
            }
            out.sort(Comparator.comparing(SafeguardingTask::done).thenComparing(SafeguardingTask::assignedAt,
                    Comparator.nullsLast(Comparator.reverseOrder())));
            return out;
        }
    }

    /**
     * The tutor did the task: recorded here and sent to head office at the next sync, where the
     * safeguarding lead sees it. Marking it again changes nothing.
     */
    public SafeguardingTask markTaskDone(UUID taskId, String who) {
        awaitRest();
        synchronized (this) {
            for (ConcernResponse r : responses.values()) {
                for (ConcernResponse.Task t : r.tasks()) {
                    if (!t.id().equals(taskId)) {
                        continue;
                    }
                    Concern c = concerns.get(r.concernId());
                    UUID learner = c != null ? c.learnerId() : r.learnerId();
                    TaskDone done = tasksDone.get(taskId);
                    if (done == null) {
                        done = new TaskDone(taskId, r.concernId(), learner, clock.instant(), who);
                        write(store, RecordKind.Names.TASK_DONE, taskId, done, WriteOptions.NORMAL);
                        tasksDone.put(taskId, done);
                    }
                    return new SafeguardingTask(taskId, r.concernId(), learner, t.text(), t.assignedAt(), done.doneAt());
                }
            }
            throw new IllegalArgumentException("No such task from head office");
        }
    }

    /** The organisation's signposting list, by name. */
    public List<SignpostingService> signposting() {
        awaitRest();
        synchronized (this) {
            return signposting.values().stream().sorted(Comparator.comparing(SignpostingService::name)).toList();
        }
    }

    /** When the learner's next review is due, and whether it is due soon or overdue. */
    public synchronized ReviewDue reviewDue(UUID learnerId, LocalDate today) {
        return row(learnerId, today).review();
    }

    /** Held tutorials against entitlement for the learner in an academic year. */
    public synchronized EntitlementTally entitlement(UUID learnerId, AcademicYear year) {
        Learner l = learners.get(learnerId);
        Group g = l == null ? null : groupOf(l);
        return EntitlementTally.of(learnerId, year, g == null ? defaultEntitlement : g.entitlement(defaultEntitlement),
                tutorialsByLearner.getOrDefault(learnerId, List.of()));
    }

    /** The caseload list line for a learner: last tutorial held, next review due. */
    public synchronized LearnerRow row(UUID learnerId, LocalDate today) {
        if (!today.equals(dueCacheDay)) {
            dueCache.clear();
            dueCacheDay = today;
        }
        LearnerRow row = dueCache.get(learnerId);
        if (row == null) {
            Learner l = learners.get(learnerId);
            if (l == null) {
                throw new IllegalArgumentException("No such learner on this caseload");
            }
            Group g = groupOf(l);
            ReviewDue d = ReviewDue.of(l, g, tutorialsByLearner.getOrDefault(learnerId, List.of()), calendar, today);
            row = new LearnerRow(l, g, d.lastTutorial(), d);
            dueCache.put(learnerId, row);
        }
        return row;
    }

    /**
     * Search as you type: learners matching {@code typed} (names, ULN, ILR reference, course,
     * school or employer, group; case and accents ignored) and all of {@code filters}.
     */
    public synchronized List<Learner> search(String typed, Set<CaseloadFilter> filters, LocalDate today) {
        return index.search(typed, filterFor(filters, today));
    }

    /** {@link #search} as caseload list lines. */
    public synchronized List<LearnerRow> rows(String typed, Set<CaseloadFilter> filters, LocalDate today) {
        List<Learner> found = search(typed, filters, today);
        List<LearnerRow> out = new ArrayList<>(found.size());
        for (Learner l : found) {
            out.add(row(l.id(), today));
        }
        return out;
    }

    /** {@link #rows(String, Set, LocalDate)} within one group ({@code groupId} null: the whole caseload). */
    public synchronized List<LearnerRow> rows(String typed, Set<CaseloadFilter> filters, UUID groupId, LocalDate today) {
        Predicate<Learner> f = filterFor(filters, today);
        List<Learner> found = index.search(typed, groupId == null ? f : l -> l.groupIds().contains(groupId) && f.test(l));
        List<LearnerRow> out = new ArrayList<>(found.size());
        for (Learner l : found) {
            out.add(row(l.id(), today));
        }
        return out;
    }

    private Predicate<Learner> filterFor(Set<CaseloadFilter> filters, LocalDate today) {
        if (filters == null || filters.isEmpty()) {
            return l -> true;
        }
        Set<CaseloadFilter> f = EnumSet.copyOf(filters);
        return l -> {
            if (f.contains(CaseloadFilter.AT_RISK) && !l.flagged(LearnerFlag.AT_RISK_OF_DROP_OUT)) {
                return false;
            }
            if (f.contains(CaseloadFilter.OPEN_TO_PASTORAL_TEAM) && !l.flagged(LearnerFlag.OPEN_TO_PASTORAL_TEAM)) {
                return false;
            }
            if (f.contains(CaseloadFilter.REVIEW_DUE) && !reviewDue(l.id(), today).dueSoon()) {
                return false;
            }
            return !f.contains(CaseloadFilter.REVIEW_OVERDUE) || reviewDue(l.id(), today).overdue();
        };
    }

    /** Everything the learner screen shows. */
    public LearnerView open(UUID learnerId, LocalDate today) {
        awaitRest();
        synchronized (this) {
            Learner l = learners.get(learnerId);
            if (l == null) {
                throw new IllegalArgumentException("No such learner on this caseload");
            }
            return new LearnerView(l, groupOf(l), tutorialsOf(learnerId), concernsOf(learnerId), openTargets(learnerId),
                    targetsOf(learnerId), reviewDue(learnerId, today), entitlement(learnerId, AcademicYear.of(today)));
        }
    }

    /** The caseload summary for an academic year. */
    public CaseloadSummary summary(AcademicYear year, LocalDate today) {
        awaitRest();
        synchronized (this) {
            return CaseloadSummary.compute(learners.values(), groups, tutorialsByLearner, targetsByLearner, year, calendar, today,
                    defaultEntitlement);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * The version of a record as this caseload holds it, for a screen that opens it to edit (a new
     * record: none yet). Read it together with the record, from the same caseload.
     */
    public OpenedVersion opened(UUID id) {
        if (!revisions.containsKey(id)) {
            synchronized (this) {
                if (tutorials.containsKey(id)) {
                    full(id); // a tutorial's revision is known once it is read in full
                }
            }
        }
        return new OpenedVersion(revisions.getOrDefault(id, 0L));
    }

    private void write(RecordStore s, String kind, UUID id, Object record, WriteOptions options) {
        write(s, kind, id, record, options, null);
    }

    private void write(RecordStore s, String kind, UUID id, Object record, WriteOptions options, OpenedVersion opened) {
        StoredRecord stored = s.save(kind, id, RecordJson.write(record), options, opened == null ? RecordStore.ANY_REVISION : opened.revision());
        revisions.put(id, stored.revision());
        if (opened != null) {
            opened.advance(stored.revision());
        }
    }

    public Learner save(Learner l) {
        return save(l, null);
    }

    /** Saves a learner edited on a screen that opened {@code opened} (see {@link #opened(UUID)}). */
    public synchronized Learner save(Learner l, OpenedVersion opened) {
        write(store, RecordKind.Names.LEARNER, l.id(), l, WriteOptions.NORMAL, opened);
        learners.put(l.id(), l);
        index.put(l, groups::get);
        dueCache.remove(l.id());
        return l;
    }

    public synchronized Group save(Group g) {
        write(store, RecordKind.Names.GROUP, g.id(), g, WriteOptions.NORMAL);
        Group old = groups.put(g.id(), g);
        dueCache.clear();
        if (old == null || !old.name().equals(g.name())) {
            for (Learner l : learners.values()) {
                if (l.groupIds().contains(g.id())) {
                    index.put(l, groups::get);
                }
            }
        }
        return g;
    }

    /**
     * Saves a tutorial (a plan, a draft of the form, a held or signed one). A held tutorial's
     * target reviews and new SMART targets are applied to the learner's targets in the same
     * transaction. A one-to-one tutorial marked held without a snapshot gets one now (see
     * {@link #hold}). Returns what was saved.
     *
     * @throws IllegalStateException if the tutorial is stored sealed (confidential): it is changed
     *         through the confidential tutorials component, never written back in the clear
     *
     * @throws TutorialLockedException if the stored version is signed and this changes it without an amendment
     */
    public Tutorial saveTutorial(Tutorial tutorial) {
        return saveTutorial(tutorial, null);
    }

    /** {@link #saveTutorial(Tutorial)} from a screen that opened {@code version} (see {@link #opened(UUID)}). */
    public Tutorial saveTutorial(Tutorial tutorial, OpenedVersion version) {
        awaitRest();
        synchronized (this) {
            if (sealedTutorials.contains(tutorial.id())) {
                throw new IllegalStateException("This tutorial is confidential and sealed; open it with its password to change it");
            }
            if (tutorial.confidential()) {
                // A confidential tutorial's content is sealed under its own key, never written open.
                throw new IllegalArgumentException("A confidential tutorial is sealed with its own password, not saved open");
            }
            Tutorial.checkChange(tutorials.containsKey(tutorial.id()) ? full(tutorial.id()) : null, tutorial);
            Tutorial t = tutorial;
            if (t.held() && t.snapshot() == null && !t.locked() && t.learnerId() != null
                    && t.kind() != TutorialKind.GROUP_SESSION && learners.containsKey(t.learnerId())) {
                // held without going through hold(): freeze what is true now all the same; the day it
                // was held is not known here, so its planned day stands unless it says otherwise
                LocalDate day = t.heldOn() != null ? t.heldOn() : t.plannedDate();
                t = t.hold(FrozenSnapshot.take(today(), learners.get(t.learnerId()),
                        targetsByLearner.getOrDefault(t.learnerId(), List.of()))).toBuilder().heldOn(day).build();
            }
            Tutorial saved = t;
            List<Target> changed = saved.learnerId() == null ? List.of()
                    : TargetCarryForward.apply(saved, targetsByLearner.getOrDefault(saved.learnerId(), List.of()));
            store.inTransaction(tx -> {
                write(tx, RecordKind.Names.TUTORIAL, saved.id(), saved, WriteOptions.NORMAL, version);
                for (Target target : changed) {
                    write(tx, RecordKind.Names.TARGET, target.id(), target, WriteOptions.NORMAL);
                }
                return null;
            });
            putTutorial(saved.summary());
            opened.put(saved.id(), saved);
            for (Target target : changed) {
                putTarget(target);
            }
            return saved;
        }
    }

    /** Saves the tutorial as a draft (nothing typed is lost); a locked one is saved as it is. */
    public synchronized Tutorial saveDraft(Tutorial t) {
        return saveDraft(t, null);
    }

    /** {@link #saveDraft(Tutorial)} from a screen that opened {@code opened}. */
    public synchronized Tutorial saveDraft(Tutorial t, OpenedVersion version) {
        return saveTutorial(t.locked() || t.draft() ? t : t.asDraft(true), version);
    }

    /**
     * Opens the form of a planned tutorial: marks it held and freezes what is true today (the
     * learner's attendance, punctuality, level and open targets, which the form lists with "met?
     * if not, why not?"), and saves it as a draft. Opening one that was held before (or is signed)
     * returns it as it is.
     */
    public Tutorial hold(UUID tutorialId, LocalDate today) {
        return hold(tutorialId, today, null);
    }

    /** {@link #hold(UUID, LocalDate)} from a form that opened {@code version}. */
    public Tutorial hold(UUID tutorialId, LocalDate today, OpenedVersion version) {
        awaitRest();
        synchronized (this) {
            Tutorial t = tutorial(tutorialId).orElse(null);
            if (t == null) {
                throw new IllegalArgumentException("No such tutorial on this caseload");
            }
            if (t.locked() || (t.held() && (t.snapshot() != null || t.learnerId() == null))) {
                return t; // opened before: its snapshot stays as it was
            }
            Tutorial held;
            if (t.learnerId() != null && learners.containsKey(t.learnerId())) {
                Learner l = learners.get(t.learnerId());
                held = t.hold(FrozenSnapshot.take(today, l, targetsByLearner.getOrDefault(l.id(), List.of())));
            } else {
                held = t.withOutcome(TutorialOutcome.HELD, null).withHeldOn(today);
            }
            return saveTutorial(held.asDraft(true), version);
        }
    }

    /**
     * Amends a signed tutorial: {@code changed} (from {@link Tutorial#toBuilder()}) becomes the
     * current version, the earlier one is kept in its history with who, when and why.
     *
     * @throws TutorialLockedException when the reason is missing
     */
    public Tutorial amendTutorial(Tutorial changed, String who, String reason) {
        return amendTutorial(changed, who, reason, null);
    }

    /** {@link #amendTutorial(Tutorial, String, String)} from a form that opened {@code version}. */
    public Tutorial amendTutorial(Tutorial changed, String who, String reason, OpenedVersion version) {
        awaitRest();
        synchronized (this) {
            Tutorial stored = tutorial(changed.id()).orElse(null);
            if (stored == null) {
                throw new IllegalArgumentException("No such tutorial on this caseload");
            }
            return saveTutorial(stored.amend(changed, who, reason, clock.instant()), version);
        }
    }

    public Target save(Target t) {
        awaitRest();
        synchronized (this) {
            write(store, RecordKind.Names.TARGET, t.id(), t, WriteOptions.NORMAL);
            putTarget(t);
            return t;
        }
    }

    /** Saves a concern; a safeguarding concern is written urgent, so it syncs first. */
    public Concern save(Concern c) {
        return save(c, null);
    }

    /** {@link #save(Concern)} from a screen that opened {@code opened}. */
    public Concern save(Concern c, OpenedVersion opened) {
        awaitRest();
        synchronized (this) {
            write(store, RecordKind.Names.CONCERN, c.id(), c, c.urgent() ? WriteOptions.URGENT : WriteOptions.NORMAL, opened);
            putConcern(c);
            return c;
        }
    }

    public SignpostingService save(SignpostingService s) {
        awaitRest();
        synchronized (this) {
            write(store, RecordKind.Names.SIGNPOSTING, s.id(), s, WriteOptions.NORMAL);
            signposting.put(s.id(), s);
            return s;
        }
    }

    /**
     * Takes in the record as the vault holds it now, after a change made without this caseload
     * (a tutorial sealed as confidential, or its sealed draft saved), so the screens never read the
     * vault to keep this cache in step.
     */
    public void refresh(UUID id) {
        refresh(store.get(id).orElseThrow(() -> new IllegalArgumentException("No record " + id)));
    }

    /**
     * Takes in a record that changed in the store without going through this caseload (a sync
     * pull applied it, or a tutorial was sealed as confidential): updates memory, or removes it if
     * it is a tombstone. A record that does not
     * open is added to {@link #damaged()}; a sealed tutorial is listed by {@link #sealedTutorialIds()}.
     */
    public void refresh(StoredRecord r) {
        awaitRest();
        synchronized (this) {
            UUID id = r.id();
            if (r.deleted()) {
                revisions.remove(id);
            } else {
                revisions.put(id, r.revision());
            }
            try {
                switch (r.kind()) {
                    case RecordKind.Names.LEARNER -> {
                        if (r.deleted()) {
                            learners.remove(id);
                            index.remove(id);
                        } else {
                            Learner l = readChecked(r, Learner.class, Learner::id);
                            learners.put(id, l);
                            index.put(l, groups::get);
                        }
                        dueCache.remove(id);
                    }
                    case RecordKind.Names.GROUP -> {
                        if (r.deleted()) {
                            groups.remove(id);
                        } else {
                            groups.put(id, readChecked(r, Group.class, Group::id));
                        }
                        dueCache.clear();
                        for (Learner l : learners.values()) {
                            if (l.groupIds().contains(id)) {
                                index.put(l, groups::get);
                            }
                        }
                    }
                    case RecordKind.Names.TUTORIAL -> {
                        TutorialSummary old = tutorials.remove(id);
                        opened.remove(id);
                        sealedTutorials.remove(id);
                        if (old != null) {
                            unindex(old);
                        }
                        if (r.deleted()) {
                            break;
                        }
                        if (r.sealed()) {
                            sealedTutorials.add(id);
                            try {
                                putTutorial(TutorialSummaryReader.readSealedHeader(id, r.body()));
                            } catch (IOException | RuntimeException e) {
                                // listed as sealed; its header could not be read, so it is not counted
                            }
                        } else {
                            TutorialSummary t = TutorialSummaryReader.read(r.body());
                            if (!id.equals(t.id())) {
                                throw new IOException("content belongs to another record");
                            }
                            putTutorial(t);
                        }
                    }
                    case RecordKind.Names.TARGET -> {
                        Target old = targets.remove(id);
                        if (old != null) {
                            targetsByLearner.get(old.learnerId()).removeIf(x -> x.id().equals(id));
                        }
                        if (!r.deleted()) {
                            putTarget(readChecked(r, Target.class, Target::id));
                        }
                    }
                    case RecordKind.Names.CONCERN -> {
                        Concern old = concerns.remove(id);
                        if (old != null) {
                            concernsByLearner.get(old.learnerId()).removeIf(x -> x.id().equals(id));
                        }
                        if (!r.deleted()) {
                            putConcern(readChecked(r, Concern.class, Concern::id));
                        }
                    }
                    case RecordKind.Names.SIGNPOSTING -> {
                        if (r.deleted()) {
                            signposting.remove(id);
                        } else {
                            signposting.put(id, readChecked(r, SignpostingService.class, SignpostingService::id));
                        }
                    }
                    case RecordKind.Names.CONCERN_RESPONSE -> {
                        responses.values().removeIf(x -> x.id().equals(id));
                        if (!r.deleted()) {
                            ConcernResponse answer = readChecked(r, ConcernResponse.class, ConcernResponse::id);
                            responses.put(answer.concernId(), answer);
                        }
                    }
                    case RecordKind.Names.TASK_DONE -> {
                        if (r.deleted()) {
                            tasksDone.remove(id);
                        } else {
                            tasksDone.put(id, readChecked(r, TaskDone.class, TaskDone::id));
                        }
                    }
                    default -> {
                        // another component's record
                    }
                }
            } catch (IOException | RuntimeException e) {
                damaged.add(new DamagedRecord(r.kind(), id, "Its content is not a valid " + r.kind() + " record ("
                        + e.getClass().getSimpleName() + ")"));
            }
        }
    }

    private static <T> T readChecked(StoredRecord r, Class<T> type, Function<T, UUID> idOf) throws IOException {
        T value = RecordJson.read(r.body(), type);
        if (!r.id().equals(idOf.apply(value))) {
            throw new IOException("content belongs to another record");
        }
        return value;
    }

    /**
     * Deletes a learner added by mistake, from this laptop and, at the next sync, from head office
     * and the tutor's other laptops. Only a learner with nothing recorded yet (no tutorial, group
     * session attended, target or concern): a learner with a history is kept (a leaver is marked,
     * not deleted).
     *
     * @throws LearnerHasRecordsException something is recorded for the learner
     */
    public void deleteLearner(UUID id) {
        awaitRest();
        synchronized (this) {
            if (!learners.containsKey(id)) {
                return;
            }
            if (recordedFor(id)) {
                throw new LearnerHasRecordsException();
            }
            // from the version this caseload shows: one a sync changed meanwhile is kept for the tutor to choose
            store.delete(id, revisions.getOrDefault(id, RecordStore.ANY_REVISION));
            learners.remove(id);
            index.remove(id);
            dueCache.remove(id);
            revisions.remove(id);
        }
    }

    /**
     * True when something is recorded for the learner (a tutorial, group session attended, target
     * or concern): {@link #deleteLearner} keeps such a learner. Asked before offering to delete.
     */
    public boolean hasRecords(UUID id) {
        awaitRest();
        synchronized (this) {
            return recordedFor(id);
        }
    }

    private boolean recordedFor(UUID id) {
        return !tutorialsByLearner.getOrDefault(id, List.of()).isEmpty() || !targetsByLearner.getOrDefault(id, List.of()).isEmpty()
                || !concernsByLearner.getOrDefault(id, List.of()).isEmpty();
    }

    /** Deletes a tutorial that is not signed (a signed one is kept; amend it instead). */
    public synchronized void deleteTutorial(UUID id) {
        TutorialSummary t = tutorials.get(id);
        if (t == null) {
            return;
        }
        if (t.locked()) {
            throw new TutorialLockedException(TutorialLockedException.LOCKED);
        }
        if (sealedTutorials.contains(id)) {
            throw new IllegalStateException("This tutorial is confidential and sealed; open it with its password to change it");
        }
        store.delete(id, revisions.getOrDefault(id, RecordStore.ANY_REVISION));
        tutorials.remove(id);
        opened.remove(id);
        unindex(t);
    }

    public void deleteSignposting(UUID id) {
        awaitRest();
        synchronized (this) {
            if (signposting.remove(id) != null) {
                store.delete(id);
            }
        }
    }

    /**
     * Writes many records in one transaction (demo data, imports) and adds them to memory.
     * Concerns about safeguarding are written urgent.
     */
    public synchronized void saveAll(Collection<Group> gs, Collection<Learner> ls, Collection<Tutorial> ts,
                                     Collection<Target> targetList, Collection<Concern> cs,
                                     Collection<SignpostingService> ss) {
        awaitRest();
        writeAll(store, gs, ls, ts, targetList, cs, ss);
        for (Group g : gs) {
            groups.put(g.id(), g);
        }
        for (Learner l : ls) {
            learners.put(l.id(), l);
        }
        index.putAll(learners.values(), groups::get);
        for (Tutorial t : ts) {
            putTutorial(t.summary());
        }
        for (Target t : targetList) {
            putTarget(t);
        }
        for (Concern c : cs) {
            putConcern(c);
        }
        for (SignpostingService s : ss) {
            signposting.put(s.id(), s);
        }
        dueCache.clear();
    }

    static void writeAll(RecordStore store, Collection<Group> gs, Collection<Learner> ls, Collection<Tutorial> ts,
                         Collection<Target> targetList, Collection<Concern> cs, Collection<SignpostingService> ss) {
        writeAll(store, gs, ls, ts, targetList, cs, ss, done -> { });
    }

    /** One record to write: its kind, id, JSON and options. */
    private record Pending(String kind, UUID id, Object record, WriteOptions options) {
    }

    /**
     * As {@link #writeAll(RecordStore, Collection, Collection, Collection, Collection, Collection, Collection)},
     * telling {@code written} how many records are written so far (every few hundred, and at the end).
     * The JSON of every record is made first, on every core, so the one transaction only stores.
     */
    static void writeAll(RecordStore store, Collection<Group> gs, Collection<Learner> ls, Collection<Tutorial> ts,
                         Collection<Target> targetList, Collection<Concern> cs, Collection<SignpostingService> ss,
                         java.util.function.IntConsumer written) {
        List<Pending> all = new ArrayList<>();
        ss.forEach(s -> all.add(new Pending(RecordKind.Names.SIGNPOSTING, s.id(), s, WriteOptions.NORMAL)));
        gs.forEach(g -> all.add(new Pending(RecordKind.Names.GROUP, g.id(), g, WriteOptions.NORMAL)));
        ls.forEach(l -> all.add(new Pending(RecordKind.Names.LEARNER, l.id(), l, WriteOptions.NORMAL)));
        ts.forEach(t -> all.add(new Pending(RecordKind.Names.TUTORIAL, t.id(), t, WriteOptions.NORMAL)));
        targetList.forEach(t -> all.add(new Pending(RecordKind.Names.TARGET, t.id(), t, WriteOptions.NORMAL)));
        cs.forEach(c -> all.add(new Pending(RecordKind.Names.CONCERN, c.id(), c, c.urgent() ? WriteOptions.URGENT : WriteOptions.NORMAL)));
        List<byte[]> json = (all.size() > 500 ? all.parallelStream() : all.stream()).map(p -> RecordJson.write(p.record())).toList();
        store.inTransaction(tx -> {
            for (int i = 0; i < all.size(); i++) {
                Pending p = all.get(i);
                tx.save(p.kind(), p.id(), json.get(i), p.options());
                if ((i + 1) % 250 == 0) {
                    written.accept(i + 1);
                }
            }
            return null;
        });
        written.accept(all.size());
    }
}
