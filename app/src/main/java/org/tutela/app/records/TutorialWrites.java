package org.tutela.app.records;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernResponse;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.SafeguardingTask;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetCarryForward;
import org.tutela.app.domain.TaskDone;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialLockedException;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.domain.TutorialSummary;

/**
 * What the tutor records about their learners' tutorials, and what follows from them: planning,
 * holding (the form's frozen snapshot), drafts, signing and amending tutorials, deleting one not
 * signed; targets (a held tutorial's reviews carry them forward in the same transaction),
 * concerns, the signposting list and the safeguarding lead's tasks done. Get it from
 * {@link Caseload#tutorialWrites()}.
 *
 * <p>Each write goes through the vault first (one transaction where several records change
 * together) and only then into memory, so what the screens show is what is on disk. A tutorial
 * stored sealed (confidential) is never written here: the confidential tutorials component changes
 * it.
 */
public final class TutorialWrites {

    private static final String SEALED = "This tutorial is confidential and sealed; open it with its password to change it";

    private final CaseloadMemory m;

    TutorialWrites(CaseloadMemory m) {
        this.m = m;
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

    /** {@link #saveTutorial(Tutorial)} from a screen that opened {@code version} (see {@link Caseload#opened(UUID)}). */
    public Tutorial saveTutorial(Tutorial tutorial, OpenedVersion version) {
        m.awaitRest();
        synchronized (m) {
            if (m.sealedTutorials.contains(tutorial.id())) {
                throw new IllegalStateException(SEALED);
            }
            if (tutorial.confidential()) {
                // A confidential tutorial's content is sealed under its own key, never written open.
                throw new IllegalArgumentException("A confidential tutorial is sealed with its own password, not saved open");
            }
            Tutorial.checkChange(m.tutorials.containsKey(tutorial.id()) ? m.full(tutorial.id()) : null, tutorial);
            Tutorial t = tutorial;
            if (t.held() && t.snapshot() == null && !t.locked() && t.learnerId() != null
                    && t.kind() != TutorialKind.GROUP_SESSION && m.learners.containsKey(t.learnerId())) {
                // held without going through hold(): freeze what is true now all the same; the day it
                // was held is not known here, so its planned day stands unless it says otherwise
                LocalDate day = t.heldOn() != null ? t.heldOn() : t.plannedDate();
                t = t.hold(FrozenSnapshot.take(LocalDate.now(m.clock), m.learners.get(t.learnerId()),
                        m.targetsByLearner.getOrDefault(t.learnerId(), List.of()))).toBuilder().heldOn(day).build();
            }
            Tutorial saved = t;
            List<Target> changed = saved.learnerId() == null ? List.of()
                    : TargetCarryForward.apply(saved, m.targetsByLearner.getOrDefault(saved.learnerId(), List.of()));
            m.store.inTransaction(tx -> {
                m.write(tx, RecordKind.TUTORIAL, saved.id(), saved, version);
                for (Target target : changed) {
                    m.write(tx, RecordKind.TARGET, target.id(), target);
                }
                return null;
            });
            m.putTutorial(saved.summary());
            m.opened.put(saved.id(), saved);
            for (Target target : changed) {
                m.putTarget(target);
            }
            return saved;
        }
    }

    /** Saves the tutorial as a draft (nothing typed is lost); a locked one is saved as it is. */
    public Tutorial saveDraft(Tutorial t) {
        return saveDraft(t, null);
    }

    /** {@link #saveDraft(Tutorial)} from a screen that opened {@code version}. */
    public Tutorial saveDraft(Tutorial t, OpenedVersion version) {
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
        m.awaitRest();
        synchronized (m) {
            Tutorial t = stored(tutorialId);
            if (t.locked() || (t.held() && (t.snapshot() != null || t.learnerId() == null))) {
                return t; // opened before: its snapshot stays as it was
            }
            Tutorial held;
            if (t.learnerId() != null && m.learners.containsKey(t.learnerId())) {
                Learner l = m.learners.get(t.learnerId());
                held = t.hold(FrozenSnapshot.take(today, l, m.targetsByLearner.getOrDefault(l.id(), List.of())));
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
        m.awaitRest();
        synchronized (m) {
            return saveTutorial(stored(changed.id()).amend(changed, who, reason, m.clock.instant()), version);
        }
    }

    private Tutorial stored(UUID id) {
        Tutorial t = m.tutorials.containsKey(id) ? m.full(id) : null;
        if (t == null) {
            throw new IllegalArgumentException("No such tutorial on this caseload");
        }
        return t;
    }

    /** Deletes a tutorial that is not signed (a signed one is kept; amend it instead). */
    public void deleteTutorial(UUID id) {
        synchronized (m) {
            TutorialSummary t = m.tutorials.get(id);
            if (t == null) {
                return;
            }
            if (t.locked()) {
                throw new TutorialLockedException(TutorialLockedException.LOCKED);
            }
            if (m.sealedTutorials.contains(id)) {
                throw new IllegalStateException(SEALED);
            }
            m.delete(id);
            m.removeTutorial(id);
        }
    }

    public Target save(Target t) {
        m.awaitRest();
        synchronized (m) {
            m.write(m.store, RecordKind.TARGET, t.id(), t);
            m.putTarget(t);
            return t;
        }
    }

    /** Saves a concern; a safeguarding concern is written urgent, so it syncs first. */
    public Concern save(Concern c) {
        return save(c, null);
    }

    /** {@link #save(Concern)} from a screen that opened {@code opened}. */
    public Concern save(Concern c, OpenedVersion opened) {
        m.awaitRest();
        synchronized (m) {
            m.write(m.store, RecordKind.CONCERN, c.id(), c, opened);
            m.putConcern(c);
            return c;
        }
    }

    public SignpostingService save(SignpostingService s) {
        m.awaitRest();
        synchronized (m) {
            m.write(m.store, RecordKind.SIGNPOSTING, s.id(), s);
            m.signposting.put(s.id(), s);
            return s;
        }
    }

    public void deleteSignposting(UUID id) {
        m.awaitRest();
        synchronized (m) {
            if (m.signposting.remove(id) != null) {
                m.store.delete(id);
            }
        }
    }

    /**
     * The tutor did the task: recorded here and sent to head office at the next sync, where the
     * safeguarding lead sees it. Marking it again changes nothing.
     */
    public SafeguardingTask markTaskDone(UUID taskId, String who) {
        m.awaitRest();
        synchronized (m) {
            for (ConcernResponse r : m.responses.values()) {
                for (ConcernResponse.Task t : r.tasks()) {
                    if (!t.id().equals(taskId)) {
                        continue;
                    }
                    Concern c = m.concerns.get(r.concernId());
                    UUID learner = c != null ? c.learnerId() : r.learnerId();
                    TaskDone done = m.tasksDone.get(taskId);
                    if (done == null) {
                        done = new TaskDone(taskId, r.concernId(), learner, m.clock.instant(), who);
                        m.write(m.store, RecordKind.TASK_DONE, taskId, done);
                        m.tasksDone.put(taskId, done);
                    }
                    return new SafeguardingTask(taskId, r.concernId(), learner, t.text(), t.assignedAt(), done.doneAt());
                }
            }
            throw new IllegalArgumentException("No such task from head office");
        }
    }
}
