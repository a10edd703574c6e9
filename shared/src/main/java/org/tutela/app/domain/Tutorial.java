package org.tutela.app.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A tutorial: a one-to-one progress review, a group session, an informal support conversation or
 * a mentoring meeting. It is planned ({@link TutorialPlan}), then held, cancelled or not attended;
 * a held one carries the pro forma ({@link TutorialForm}) and a {@link FrozenSnapshot} of what was
 * true then.
 *
 * <p>Once the learner and the tutor have both signed it is locked: the {@code with...} methods
 * refuse ({@link TutorialLockedException}) and a change goes through {@link #amend}, which needs a
 * reason and keeps the earlier version in {@link #history()}. A tutorial can be saved as a draft
 * at any point ({@link #asDraft}).
 *
 * @param learnerId the learner; null for a group session (see attendeeIds)
 * @param groupId the group (always set for a group session; the learner's group otherwise, may be null)
 * @param attendeeIds for a group session, the learners who attended
 * @param outcomeNote why it was cancelled or not attended, if said
 * @param snapshot frozen when it is held; null before
 * @param confidential the learner asked for it to stay confidential (still counts for entitlement)
 * @param heldOn the day it was held (set when it is held, editable until signed; never after its
 *     signatures); null before it is held, and in records held before this was kept (their planned
 *     date stands for it)
 */
public record Tutorial(
        UUID id,
        TutorialKind kind,
        UUID learnerId,
        UUID groupId,
        List<UUID> attendeeIds,
        String tutor,
        TutorialPlan plan,
        TutorialOutcome outcome,
        String outcomeNote,
        TutorialForm form,
        FrozenSnapshot snapshot,
        Signature learnerSignature,
        Signature tutorSignature,
        boolean confidential,
        boolean draft,
        List<Amendment> history,
        LocalDate heldOn) implements TutorialFacts {

    /** A tutorial not yet held (or held before the held date was kept): {@code heldOn} null. */
    public Tutorial(UUID id, TutorialKind kind, UUID learnerId, UUID groupId, List<UUID> attendeeIds, String tutor,
                    TutorialPlan plan, TutorialOutcome outcome, String outcomeNote, TutorialForm form, FrozenSnapshot snapshot,
                    Signature learnerSignature, Signature tutorSignature, boolean confidential, boolean draft,
                    List<Amendment> history) {
        this(id, kind, learnerId, groupId, attendeeIds, tutor, plan, outcome, outcomeNote, form, snapshot, learnerSignature,
                tutorSignature, confidential, draft, history, null);
    }

    public Tutorial {
        if (id == null) {
            throw new IllegalArgumentException("A tutorial needs an id");
        }
        if (kind == null) {
            throw new IllegalArgumentException("Choose the kind of tutorial");
        }
        if (plan == null) {
            throw new IllegalArgumentException("Choose the date of the tutorial");
        }
        if (kind == TutorialKind.GROUP_SESSION) {
            if (groupId == null) {
                throw new IllegalArgumentException("A group session is for a group");
            }
        } else if (learnerId == null) {
            throw new IllegalArgumentException("Choose the learner");
        }
        attendeeIds = attendeeIds == null ? List.of() : List.copyOf(attendeeIds);
        outcome = outcome == null ? TutorialOutcome.PLANNED : outcome;
        form = form == null ? TutorialForm.EMPTY : form;
        history = history == null ? List.of() : List.copyOf(history);
        if (outcome != TutorialOutcome.HELD) {
            heldOn = null; // only a held tutorial has a held date
        }
    }

    /** A new planned tutorial with one learner. */
    public static Tutorial plan(TutorialKind kind, UUID learnerId, UUID groupId, String tutor, TutorialPlan plan) {
        return new Tutorial(UUID.randomUUID(), kind, learnerId, groupId, List.of(), tutor, plan,
                TutorialOutcome.PLANNED, null, TutorialForm.EMPTY, null, null, null, false, false, List.of());
    }

    /** A new planned group session; attendees are recorded when it is held. */
    public static Tutorial planGroupSession(UUID groupId, String tutor, TutorialPlan plan) {
        return new Tutorial(UUID.randomUUID(), TutorialKind.GROUP_SESSION, null, groupId, List.of(), tutor, plan,
                TutorialOutcome.PLANNED, null, TutorialForm.EMPTY, null, null, null, false, false, List.of());
    }

    /**
     * The tutorial's date: the day it was held once it is held (a tutorial held early or late is
     * listed, counted and printed on the day it happened), else the planned day.
     */
    @Override
    public LocalDate date() {
        return heldOn != null ? heldOn : plan.date();
    }

    /** The day it was planned for, whatever happened. */
    public LocalDate plannedDate() {
        return plan.date();
    }

    @Override
    public boolean held() {
        return outcome == TutorialOutcome.HELD;
    }

    /** Signed by the learner and the tutor: changes need an amendment with a reason. */
    public boolean locked() {
        return learnerSignature != null && tutorSignature != null;
    }

    /** One-to-one reviews and mentoring meetings go over the learner's open targets; group sessions and informal conversations do not. */
    public boolean reviewsTargets() {
        return kind == TutorialKind.ONE_TO_ONE_REVIEW || kind == TutorialKind.MENTORING_MEETING;
    }

    /** This tutorial is about (or, for a group session, was attended by) the learner. */
    @Override
    public boolean involves(UUID learner) {
        return learner.equals(learnerId) || attendeeIds.contains(learner);
    }

    // ---- changes (refused once locked) ----

    public Tutorial withPlan(TutorialPlan p) {
        requireUnlocked();
        return copy(b -> b.plan = p);
    }

    /** New date, time or location: marks the arrangements changed if the learner had been told. */
    public Tutorial rearrange(LocalDate date, java.time.LocalTime time, String location) {
        return withPlan(plan.rearranged(date, time, location));
    }

    public Tutorial learnerNotified(LocalDate day) {
        return withPlan(plan.learnerNotified(day));
    }

    public Tutorial withOutcome(TutorialOutcome o, String note) {
        requireUnlocked();
        return copy(b -> { b.outcome = o; b.outcomeNote = note; });
    }

    public Tutorial withForm(TutorialForm f) {
        requireUnlocked();
        return copy(b -> b.form = f);
    }

    public Tutorial withAttendees(List<UUID> attendees) {
        requireUnlocked();
        return copy(b -> b.attendeeIds = new ArrayList<>(attendees));
    }

    public Tutorial withConfidential(boolean c) {
        requireUnlocked();
        return copy(b -> b.confidential = c);
    }

    /**
     * Corrects the day it was held (it was held yesterday and written up today, say).
     *
     * @throws IllegalStateException when it has not been held
     * @throws IllegalArgumentException when the day is missing or after a signature's date
     */
    public Tutorial withHeldOn(LocalDate day) {
        requireUnlocked();
        if (!held()) {
            throw new IllegalStateException("Only a tutorial that was held has a held date");
        }
        if (day == null) {
            throw new IllegalArgumentException(HELD_DATE_MISSING);
        }
        for (Signature s : new Signature[] {learnerSignature, tutorSignature}) {
            if (s != null && day.isAfter(s.date())) {
                throw new HeldAfterSigningException();
            }
        }
        return copy(b -> b.heldOn = day);
    }

    /** {@link #withHeldOn} refuses: no date. */
    public static final String HELD_DATE_MISSING = "A held tutorial needs the day it was held";
    /** A tutorial cannot have been held after it was signed. */
    public static final String HELD_AFTER_SIGNING = "A tutorial cannot be held after the day it was signed";

    public Tutorial withTutor(String t) {
        requireUnlocked();
        return copy(b -> b.tutor = t);
    }

    /** Saved as a draft (true) or finished (false). Allowed at any time before locking. */
    public Tutorial asDraft(boolean d) {
        requireUnlocked();
        return copy(b -> b.draft = d);
    }

    /**
     * Marks it held and freezes what is true now. The snapshot is taken once: holding again keeps
     * the first one. Form fields still empty are filled from the snapshot (attendance, punctuality,
     * level working towards, and - for reviews and mentoring meetings - the open targets as
     * "met? if not, why not?" prompts).
     */
    public Tutorial hold(FrozenSnapshot now) {
        requireUnlocked();
        FrozenSnapshot frozen = snapshot != null ? snapshot : now;
        TutorialForm.Builder f = form.toBuilder();
        if (form.attendance() == null) {
            f.attendance(frozen.attendance());
        }
        if (form.punctuality() == null) {
            f.punctuality(frozen.punctuality());
        }
        if (form.levelWorkingTowards() == null) {
            f.levelWorkingTowards(frozen.levelWorkingTowards());
        }
        if (form.previousTargets().isEmpty() && reviewsTargets()) {
            f.previousTargets(frozen.openTargets().stream()
                    .map(t -> new TargetReview(t.targetId(), t.text(), t.byWhen(), null, null, false)).toList());
        }
        TutorialForm filled = f.build();
        // Held on the day it was held (the snapshot's day), not the day it was planned for.
        LocalDate day = heldOn != null ? heldOn : frozen.asOf();
        return copy(b -> { b.outcome = TutorialOutcome.HELD; b.outcomeNote = null; b.snapshot = frozen; b.form = filled;
            b.heldOn = day; });
    }

    public Tutorial signByLearner(Signature s) {
        requireSignable(s);
        return copy(b -> b.learnerSignature = s);
    }

    public Tutorial signByTutor(Signature s) {
        requireSignable(s);
        return copy(b -> { b.tutorSignature = s; b.draft = false; });
    }

    /**
     * Amends a locked tutorial: {@code changed} (built with {@link #toBuilder()}) becomes the
     * current version, and this one is kept in the history with when, who and why. The signatures
     * stay as they were; the amended tutorial is still locked.
     *
     * @throws TutorialLockedException when there is no reason
     * @throws IllegalArgumentException when {@code changed} is another tutorial
     */
    public Tutorial amend(Tutorial changed, String who, String reason, Instant when) {
        if (!changed.id.equals(id)) {
            throw new IllegalArgumentException("An amendment changes the same tutorial");
        }
        Amendment a = new Amendment(when, who, reason == null ? null : reason.strip(), withoutHistory());
        List<Amendment> h = new ArrayList<>(history);
        h.add(a);
        return changed.toBuilder().learnerSignature(learnerSignature).tutorSignature(tutorSignature)
                .history(h).build();
    }

    /** The same content with an empty history (how earlier versions are kept). */
    public Tutorial withoutHistory() {
        return history.isEmpty() ? this : copy(b -> b.history = new ArrayList<>());
    }

    /** True when everything but the history is the same. */
    public boolean sameContentAs(Tutorial other) {
        return withoutHistory().equals(other.withoutHistory());
    }

    /**
     * The rule for saving {@code next} over {@code stored}: allowed unless {@code stored} is locked
     * and the content changed without a new amendment.
     *
     * @throws TutorialLockedException otherwise
     */
    public static void checkChange(Tutorial stored, Tutorial next) {
        if (stored == null || !stored.locked()) {
            return;
        }
        if (stored.sameContentAs(next)) {
            return;
        }
        boolean amended = next.history.size() == stored.history.size() + 1
                && next.history.subList(0, stored.history.size()).equals(stored.history)
                && next.history.get(stored.history.size()).previousVersion().equals(stored.withoutHistory())
                && Objects.equals(next.learnerSignature, stored.learnerSignature)
                && Objects.equals(next.tutorSignature, stored.tutorSignature);
        if (!amended) {
            throw new TutorialLockedException(TutorialLockedException.LOCKED);
        }
    }

    private void requireUnlocked() {
        if (locked()) {
            throw new TutorialLockedException(TutorialLockedException.LOCKED);
        }
    }

    private void requireSignable(Signature s) {
        requireUnlocked();
        if (!held()) {
            throw new IllegalStateException("Only a tutorial that was held can be signed");
        }
        if (s != null && date().isAfter(s.date())) {
            throw new HeldAfterSigningException();
        }
    }

    private Tutorial copy(java.util.function.Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public TutorialSummary summary() {
        return TutorialSummary.of(this);
    }

    /** Builds a changed copy without the lock check: use for {@link #amend} or loading. */
    public static final class Builder {
        private UUID id;
        private TutorialKind kind;
        private UUID learnerId;
        private UUID groupId;
        private List<UUID> attendeeIds;
        private String tutor;
        private TutorialPlan plan;
        private TutorialOutcome outcome;
        private String outcomeNote;
        private TutorialForm form;
        private FrozenSnapshot snapshot;
        private Signature learnerSignature;
        private Signature tutorSignature;
        private boolean confidential;
        private boolean draft;
        private List<Amendment> history;
        private LocalDate heldOn;

        private Builder(Tutorial t) {
            id = t.id;
            kind = t.kind;
            learnerId = t.learnerId;
            groupId = t.groupId;
            attendeeIds = t.attendeeIds;
            tutor = t.tutor;
            plan = t.plan;
            outcome = t.outcome;
            outcomeNote = t.outcomeNote;
            form = t.form;
            snapshot = t.snapshot;
            learnerSignature = t.learnerSignature;
            tutorSignature = t.tutorSignature;
            confidential = t.confidential;
            draft = t.draft;
            history = t.history;
            heldOn = t.heldOn;
        }

        public Builder kind(TutorialKind v) { kind = v; return this; }
        public Builder learnerId(UUID v) { learnerId = v; return this; }
        public Builder groupId(UUID v) { groupId = v; return this; }
        public Builder attendeeIds(List<UUID> v) { attendeeIds = v; return this; }
        public Builder tutor(String v) { tutor = v; return this; }
        public Builder plan(TutorialPlan v) { plan = v; return this; }
        public Builder outcome(TutorialOutcome v) { outcome = v; return this; }
        public Builder outcomeNote(String v) { outcomeNote = v; return this; }
        public Builder form(TutorialForm v) { form = v; return this; }
        public Builder snapshot(FrozenSnapshot v) { snapshot = v; return this; }
        public Builder learnerSignature(Signature v) { learnerSignature = v; return this; }
        public Builder tutorSignature(Signature v) { tutorSignature = v; return this; }
        public Builder confidential(boolean v) { confidential = v; return this; }
        public Builder draft(boolean v) { draft = v; return this; }
        public Builder history(List<Amendment> v) { history = v; return this; }
        public Builder heldOn(LocalDate v) { heldOn = v; return this; }

        public Tutorial build() {
            return new Tutorial(id, kind, learnerId, groupId, attendeeIds, tutor, plan, outcome, outcomeNote, form,
                    snapshot, learnerSignature, tutorSignature, confidential, draft, history, heldOn);
        }
    }
}
