package org.tutela.app.records;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TaskDone;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.vault.RecordStore;
import org.tutela.app.vault.StoredRecord;
import org.tutela.app.vault.WriteOptions;

/**
 * The caseload's records in memory, shared by {@link Caseload} and its parts (the writes, the
 * rows, the changes taken in): the maps by id and by learner kept in step with each other, the
 * store revision of each record, the damaged and sealed records, and the one lock. Every part
 * takes this object's lock while it reads or changes the maps.
 *
 * <p>Targets, concerns, the signposting list, head office's answers and the tasks done load in
 * the background once the caseload list has been worked out ({@link #rest}); everything that needs them
 * calls {@link #awaitRest} <em>before</em> taking the lock, so a wait for the load never holds up
 * what does not need it (the caseload list, search). The background load never takes the lock:
 * it fills its maps before completing {@link #rest}, and nobody touches them before joining it.
 */
final class CaseloadMemory {

    private static final int OPENED_CACHE = 4096;

    static final Comparator<TutorialSummary> NEWEST_FIRST = Comparator.comparing(TutorialSummary::date)
            .thenComparing(TutorialSummary::time, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(TutorialSummary::id).reversed();

    final RecordStore store;
    final AcademicCalendar calendar;
    final Clock clock;
    /** A learner's entitlement where their group has none of its own: head office's, else 4 + 8. */
    final Entitlement defaultEntitlement;

    final Map<UUID, Learner> learners = new HashMap<>();
    final Map<UUID, Group> groups = new HashMap<>();
    final Map<UUID, TutorialSummary> tutorials = new HashMap<>();
    final Map<UUID, List<TutorialSummary>> tutorialsByLearner = new HashMap<>();
    final Map<UUID, List<TutorialSummary>> sessionsByGroup = new HashMap<>();
    /** Full tutorials recently opened or saved; the rest are read from the vault when needed. */
    final Map<UUID, Tutorial> opened = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Tutorial> eldest) {
            return size() > OPENED_CACHE;
        }
    };
    final Map<UUID, Target> targets = new HashMap<>();
    final Map<UUID, List<Target>> targetsByLearner = new HashMap<>();
    final Map<UUID, Concern> concerns = new HashMap<>();
    final Map<UUID, List<Concern>> concernsByLearner = new HashMap<>();
    final Map<UUID, SignpostingService> signposting = new HashMap<>();
    /** Head office's answers to concerns, by concern id; and the tasks the tutor has done, by task id. */
    final Map<UUID, ConcernResponse> responses = new HashMap<>();
    final Map<UUID, TaskDone> tasksDone = new HashMap<>();
    /**
     * The store revision each record in memory was read or written at, so a screen's save can be
     * checked against what it opened, and the snapshot kept at lock checked against the vault.
     * Filled by the background load too, hence concurrent.
     */
    final Map<UUID, Long> revisions = new ConcurrentHashMap<>();
    final List<DamagedRecord> damaged = new ArrayList<>();
    /** Damaged records found by the background load (filled before {@link #rest} completes). */
    final List<DamagedRecord> restDamaged = new ArrayList<>();
    final Set<UUID> sealedTutorials = new LinkedHashSet<>();
    final LearnerIndex index = new LearnerIndex();
    /** Whether the caseload list came from the vault's snapshot rather than its records. */
    boolean fromSnapshot;
    /** Completes when the background load is in. */
    final CompletableFuture<Void> rest = new CompletableFuture<>();
    /**
     * What starts the background load, until it has started: it waits for the caseload list to be
     * worked out once (or for anything that needs it), so that on a two-core laptop the list, which
     * the tutor is waiting to see, is not slowed by reading what no screen shows yet.
     */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> restToStart = new java.util.concurrent.atomic.AtomicReference<>();
    /** Each learner's caseload line for {@link #rowsDay}, dropped whenever what it shows may change. */
    final Map<UUID, LearnerRow> rows = new HashMap<>();
    LocalDate rowsDay;

    CaseloadMemory(RecordStore store, AcademicCalendar calendar, Clock clock, Entitlement defaultEntitlement) {
        this.store = store;
        this.calendar = calendar;
        this.clock = clock;
        this.defaultEntitlement = defaultEntitlement;
    }

    /** Sets what {@link #startRest} starts (once). */
    void restStartsWith(Runnable start) {
        restToStart.set(start);
    }

    /** Starts the background load if it has not started yet. */
    void startRest() {
        Runnable start = restToStart.getAndSet(null);
        if (start != null) {
            start.run();
        }
    }

    void awaitRest() {
        startRest();
        try {
            rest.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("The caseload's targets and concerns could not be loaded", e.getCause());
        }
    }

    /** Drops every decrypted record (the vault locked). */
    void forget() {
        if (restToStart.getAndSet(null) != null) {
            rest.complete(null); // never started: nothing to wait for, and nothing will start it now
        }
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
            rows.clear();
        }
    }

    // ------------------------------------------------------------------ keeping the maps in step

    void putLearner(Learner l) {
        learners.put(l.id(), l);
        index.put(l, groups::get);
        rows.remove(l.id());
    }

    void removeLearner(UUID id) {
        learners.remove(id);
        index.remove(id);
        rows.remove(id);
    }

    /** A group's name is in its learners' search keys, and its review frequency in their rows. */
    void putGroup(UUID id, Group g) {
        Group old = g == null ? groups.remove(id) : groups.put(id, g);
        rows.clear();
        if (g == null || old == null || !old.name().equals(g.name())) {
            for (Learner l : learners.values()) {
                if (l.groupIds().contains(id)) {
                    index.put(l, groups::get);
                }
            }
        }
    }

    void putTutorial(TutorialSummary t) {
        TutorialSummary old = tutorials.put(t.id(), t);
        if (old != null) {
            unindex(old);
        }
        if (t.learnerId() != null) {
            rows.remove(t.learnerId());
            tutorialsByLearner.computeIfAbsent(t.learnerId(), k -> new ArrayList<>()).add(t);
        }
        for (UUID a : t.attendeeIds()) {
            rows.remove(a);
            if (!a.equals(t.learnerId())) {
                tutorialsByLearner.computeIfAbsent(a, k -> new ArrayList<>()).add(t);
            }
        }
        if (t.kind() == TutorialKind.GROUP_SESSION) {
            sessionsByGroup.computeIfAbsent(t.groupId(), k -> new ArrayList<>()).add(t);
        }
    }

    /** Forgets a tutorial: its summary, its full form and its place in the lists. */
    void removeTutorial(UUID id) {
        TutorialSummary old = tutorials.remove(id);
        opened.remove(id);
        if (old != null) {
            unindex(old);
        }
    }

    private void unindex(TutorialSummary old) {
        if (old.learnerId() != null) {
            removeById(tutorialsByLearner.get(old.learnerId()), old.id());
            rows.remove(old.learnerId());
        }
        for (UUID a : old.attendeeIds()) {
            removeById(tutorialsByLearner.get(a), old.id());
            rows.remove(a);
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

    void putTarget(Target t) {
        put(targets, targetsByLearner, t.id(), t, Target::learnerId);
    }

    void removeTarget(UUID id) {
        remove(targets, targetsByLearner, id, Target::learnerId);
    }

    void putConcern(Concern c) {
        put(concerns, concernsByLearner, c.id(), c, Concern::learnerId);
    }

    void removeConcern(UUID id) {
        remove(concerns, concernsByLearner, id, Concern::learnerId);
    }

    /** Targets and concerns are kept by id and in their learner's list: both change together. */
    private static <T> void put(Map<UUID, T> byId, Map<UUID, List<T>> byLearner, UUID id, T value, Function<T, UUID> learnerOf) {
        remove(byId, byLearner, id, learnerOf);
        byId.put(id, value);
        byLearner.computeIfAbsent(learnerOf.apply(value), k -> new ArrayList<>()).add(value);
    }

    private static <T> void remove(Map<UUID, T> byId, Map<UUID, List<T>> byLearner, UUID id, Function<T, UUID> learnerOf) {
        T old = byId.remove(id);
        if (old != null) {
            byLearner.get(learnerOf.apply(old)).removeIf(x -> x == old);
        }
    }

    /** Something is recorded for the learner: a tutorial, group session attended, target or concern. */
    boolean recordedFor(UUID id) {
        return !tutorialsByLearner.getOrDefault(id, List.of()).isEmpty() || !targetsByLearner.getOrDefault(id, List.of()).isEmpty()
                || !concernsByLearner.getOrDefault(id, List.of()).isEmpty();
    }

    /** The learner's caseload group (the first one), or null. */
    Group groupOf(Learner l) {
        return l.primaryGroupId() == null ? null : groups.get(l.primaryGroupId());
    }

    // ------------------------------------------------------------------ full tutorials

    /** The full tutorial, from memory or the vault; null if there is none or it cannot be opened (then it is damaged). */
    Tutorial full(UUID id) {
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

    List<Tutorial> full(List<TutorialSummary> summaries) {
        List<Tutorial> out = new ArrayList<>(summaries.size());
        for (TutorialSummary s : summaries) {
            Tutorial t = full(s.id());
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ writing through the store

    <T> void write(RecordStore s, RecordKind<T> kind, UUID id, T record) {
        write(s, kind, id, record, null);
    }

    /**
     * Writes one record through {@code s} (the store, or a transaction of it), urgent when its kind
     * says so, checked against the version a screen opened.
     */
    <T> void write(RecordStore s, RecordKind<T> kind, UUID id, T record, OpenedVersion opened) {
        StoredRecord stored = s.save(kind.name(), id, kind.write(record), kind.urgent(record) ? WriteOptions.URGENT : WriteOptions.NORMAL,
                opened == null ? RecordStore.ANY_REVISION : opened.revision());
        revisions.put(id, stored.revision());
        if (opened != null) {
            opened.advance(stored.revision());
        }
    }

    /** Deletes a record from the version this caseload holds: one a sync changed meanwhile is kept for the tutor to choose. */
    void delete(UUID id) {
        store.delete(id, revisions.getOrDefault(id, RecordStore.ANY_REVISION));
    }
}
