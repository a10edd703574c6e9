package org.tutela.app.ui.tutorial;

import org.tutela.app.ui.common.Problem;
import org.tutela.app.ui.common.Failures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tutela.app.domain.Amendment;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerHeader;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.TargetReview;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.domain.TutorialLockedException;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.ui.common.DateEntry;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.OpenedVersion;

/**
 * The Progress Review / Tutorial Form in the pro forma's order. A planned tutorial is held here
 * (which freezes attendance, punctuality, level and the open targets into it); what is typed is
 * saved as a draft (the view calls {@link #saveDraft()} a moment after typing stops, and
 * {@link #flush()} before the screen goes); the learner and the tutor sign; a signed tutorial is
 * locked and changes go through {@link #amend(String)} with a reason.
 */
public final class TutorialFormViewModel {

    /** "Previous targets met? If not why not?" for one open target. */
    public static final class PreviousTarget {
        private final TargetReview review;
        private final ObjectProperty<Boolean> met = new SimpleObjectProperty<>();
        private final StringProperty whyNot = new SimpleStringProperty("");
        private final BooleanProperty close = new SimpleBooleanProperty();

        PreviousTarget(TargetReview review) {
            this.review = review;
            met.set(review.met());
            whyNot.set(review.whyNot() == null ? "" : review.whyNot());
            close.set(review.close());
        }

        public String text() {
            return review.byWhen() == null ? review.text() : Messages.get("learner.targetBy", review.text(), Formats.date(review.byWhen()));
        }

        public ObjectProperty<Boolean> metProperty() { return met; }
        public StringProperty whyNotProperty() { return whyNot; }
        public BooleanProperty closeProperty() { return close; }

        TargetReview toReview() {
            Boolean m = met.get();
            if (m == null) {
                return new TargetReview(review.targetId(), review.text(), review.byWhen(), null,
                        whyNot.get().isBlank() ? null : whyNot.get(), false);
            }
            return review.answered(m, whyNot.get().isBlank() ? null : whyNot.get().strip(), close.get());
        }
    }

    /** A new SMART target and by when: a target written needs its date (time-bound), and a date typed must be one. */
    public static final class NewTargetRow {
        private final UUID id;
        private final StringProperty text = new SimpleStringProperty("");
        private final DateEntry byWhen = new DateEntry(false);

        NewTargetRow(NewTarget t) {
            id = t == null ? UUID.randomUUID() : t.targetId();
            if (t != null) {
                text.set(t.text());
                byWhen.set(t.byWhen());
            }
            text.addListener((o, was, now) -> byWhen.setRequired(!now.isBlank()));
            byWhen.setRequired(!text.get().isBlank());
        }

        public StringProperty textProperty() { return text; }
        public DateEntry byWhen() { return byWhen; }
    }

    /** A learner of the group, and whether they came to the group session. */
    public static final class Attendee {
        private final Learner learner;
        private final BooleanProperty attended = new SimpleBooleanProperty();

        Attendee(Learner learner, boolean came) {
            this.learner = learner;
            attended.set(came);
        }

        public Learner learner() { return learner; }
        public BooleanProperty attendedProperty() { return attended; }
    }

    private final ObservableList<Attendee> attendees = FXCollections.observableArrayList();
    private final Caseload caseload;
    /** The tutorial as this form opened it, moved on by each of its saves: a save over a version changed meanwhile keeps both. */
    private final OpenedVersion openedVersion;
    private final TaskRunner runner;
    private final String who;
    private final boolean earlierVersion;
    private final Learner learner;
    private final ObjectProperty<Tutorial> tutorial = new SimpleObjectProperty<>();

    private final StringProperty lessons = new SimpleStringProperty("");
    private final StringProperty absences = new SimpleStringProperty("");
    private final ObjectProperty<Punctuality> punctuality = new SimpleObjectProperty<>();
    private final StringProperty level = new SimpleStringProperty("");
    private final ObjectProperty<Boolean> onTarget = new SimpleObjectProperty<>();
    private final StringProperty comments = new SimpleStringProperty("");
    private final StringProperty learnerComments = new SimpleStringProperty("");
    private final StringProperty tutorComments = new SimpleStringProperty("");
    private final ObservableList<PreviousTarget> previousTargets = FXCollections.observableArrayList();
    private final ObservableList<NewTargetRow> newTargets = FXCollections.observableArrayList();
    private final StringProperty agreedActions = new SimpleStringProperty("");
    private final DateEntry heldOn;
    private final DateEntry nextDate = new DateEntry(false);
    private final Map<CopyRecipient, BooleanProperty> copies = new EnumMap<>(CopyRecipient.class);

    private final StringProperty learnerSignName = new SimpleStringProperty("");
    private final DateEntry learnerSignDate;
    private final BooleanProperty learnerAgrees = new SimpleBooleanProperty();
    private final ObservableList<Signature.Stroke> learnerStrokes = FXCollections.observableArrayList();
    private final ObservableList<Signature.Stroke> tutorStrokes = FXCollections.observableArrayList();
    private final StringProperty tutorSignName = new SimpleStringProperty("");
    private final DateEntry tutorSignDate;
    private final StringProperty learnerSignProblem = new SimpleStringProperty("");
    private final StringProperty tutorSignProblem = new SimpleStringProperty("");
    private final StringProperty lessonsProblem = new SimpleStringProperty("");
    private final StringProperty absencesProblem = new SimpleStringProperty("");
    /** Set when a save or a signature was refused for a box's problem: every problem shows beside its box. */
    private final BooleanProperty showProblems = new SimpleBooleanProperty();
    private final BooleanProperty tutorAgrees = new SimpleBooleanProperty();

    private final BooleanProperty held = new SimpleBooleanProperty();
    private final BooleanProperty locked = new SimpleBooleanProperty();
    private final BooleanProperty amending = new SimpleBooleanProperty();
    private final StringProperty amendReason = new SimpleStringProperty("");
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final ObservableList<Amendment> history = FXCollections.observableArrayList();
    private final BooleanBinding editable;
    private boolean loading;
    /** Set while a confidential tutorial is edited: every save goes through it, sealed, never open. */
    private java.util.function.UnaryOperator<Tutorial> sealedSaver;

    public TutorialFormViewModel(Caseload caseload, TaskRunner runner, Tutorial tutorial, String who, boolean earlierVersion) {
        this.caseload = caseload;
        this.runner = runner;
        this.who = who;
        this.earlierVersion = earlierVersion;
        this.learner = tutorial.learnerId() == null ? null : caseload.learner(tutorial.learnerId()).orElse(null);
        this.openedVersion = caseload.opened(tutorial.id());
        for (CopyRecipient r : CopyRecipient.values()) {
            copies.put(r, new SimpleBooleanProperty());
        }
        // Held on the day it happened: never after today, and never after it was signed.
        heldOn = new DateEntry(true).withRule(d -> d.isAfter(caseload.today()) ? Messages.get("form.heldInFuture") : null);
        learnerSignDate = new DateEntry(true).withRule(this::signatureDateProblem);
        tutorSignDate = new DateEntry(true).withRule(this::signatureDateProblem);
        heldOn.valueProperty().addListener((o, was, now) -> {
            learnerSignDate.evaluate();
            tutorSignDate.evaluate();
        });
        lessons.addListener((o, was, now) -> checkAttendance());
        absences.addListener((o, was, now) -> checkAttendance());
        editable = Bindings.createBooleanBinding(() -> !earlierVersion && held.get() && (!locked.get() || amending.get()),
                held, locked, amending);
        show(tutorial);
        List<javafx.beans.value.ObservableValue<?>> watched = new ArrayList<>(List.of(lessons, absences, punctuality, level,
                onTarget, comments, learnerComments, tutorComments, agreedActions, nextDate.textProperty(),
                heldOn.textProperty()));
        watched.addAll(copies.values());
        for (javafx.beans.value.ObservableValue<?> o : watched) {
            o.addListener((x, was, now) -> changed());
        }
        newTargets.addListener((javafx.collections.ListChangeListener<NewTargetRow>) c -> changed());
    }

    /** A signature is dated on or after the day the tutorial was held, and not after today. */
    private String signatureDateProblem(LocalDate d) {
        if (d.isAfter(caseload.today())) {
            return Messages.get("form.signInFuture");
        }
        LocalDate held = heldOn == null ? null : heldOn.value();
        return held != null && d.isBefore(held) ? Messages.get("form.signBeforeHeld", Formats.date(held)) : null;
    }

    private void checkAttendance() {
        String l = lessons.get().strip();
        String a = absences.get().strip();
        boolean lessonsNumber = l.isEmpty() || l.matches("\\d{1,5}");
        boolean absencesNumber = a.isEmpty() || a.matches("\\d{1,5}");
        lessonsProblem.set(lessonsNumber ? "" : Messages.get("form.wholeNumber"));
        absencesProblem.set(!absencesNumber ? Messages.get("form.wholeNumber")
                : lessonsNumber && !a.isEmpty() && Integer.parseInt(a) > (l.isEmpty() ? 0 : Integer.parseInt(l))
                ? Messages.get("form.attendanceInvalid") : "");
    }

    /** The first box with a problem, in the form's order; null when every box will do. */
    private String fieldProblem() {
        List<String> problems = new ArrayList<>();
        if (held.get()) {
            problems.add(heldOn.problemProperty().get());
        }
        problems.add(lessonsProblem.get());
        problems.add(absencesProblem.get());
        for (NewTargetRow r : newTargets) {
            problems.add(r.byWhen.problemProperty().get());
        }
        problems.add(nextDate.problemProperty().get());
        return problems.stream().filter(p -> !p.isEmpty()).findFirst().orElse(null);
    }

    /** True (and every problem shown beside its box) when a box has a problem: the form is not saved then. */
    private boolean refusedForProblems() {
        if (fieldProblem() == null) {
            return false;
        }
        showProblems.set(true);
        status.set(Messages.get("form.notSavedProblems"));
        return true;
    }

    private void changed() {
        if (!loading && editable.get()) {
            dirty.set(true);
            if (!amending.get()) {
                status.set(Messages.get("form.unsaved"));
            }
        }
    }

    private void show(Tutorial t) {
        loading = true;
        try {
            tutorial.set(t);
            TutorialForm f = t.form();
            lessons.set(f.attendance() == null ? "" : Integer.toString(f.attendance().lessons()));
            absences.set(f.attendance() == null ? "" : Integer.toString(f.attendance().absences()));
            punctuality.set(f.punctuality());
            level.set(nz(f.levelWorkingTowards()));
            onTarget.set(f.onTargetToAchieve());
            comments.set(nz(f.comments()));
            learnerComments.set(nz(f.learnerComments()));
            tutorComments.set(nz(f.tutorComments()));
            previousTargets.setAll(f.previousTargets().stream().map(PreviousTarget::new).toList());
            for (PreviousTarget p : previousTargets) {
                p.met.addListener((x, was, now) -> changed());
                p.whyNot.addListener((x, was, now) -> changed());
                p.close.addListener((x, was, now) -> changed());
            }
            List<NewTargetRow> rows = f.newTargets().stream().map(NewTargetRow::new).toList();
            rows.forEach(this::watch);
            newTargets.setAll(rows);
            agreedActions.set(nz(f.agreedActions()));
            nextDate.set(f.nextTutorialDate());
            heldOn.set(t.held() ? t.date() : null);
            for (CopyRecipient r : CopyRecipient.values()) {
                copies.get(r).set(f.copiesTo().contains(r));
            }
            Signature ls = t.learnerSignature();
            Signature ts = t.tutorSignature();
            LocalDate today = caseload.today();
            learnerSignName.set(ls != null ? ls.name() : learner == null ? "" : learner.fullName());
            learnerSignDate.set(ls != null ? ls.date() : today);
            learnerAgrees.set(ls != null);
            tutorSignName.set(ts != null ? ts.name() : nz(who)); // the tutor at this laptop signs
            tutorSignDate.set(ts != null ? ts.date() : today);
            tutorAgrees.set(ts != null);
            learnerStrokes.setAll(ls == null ? List.of() : ls.strokes());
            tutorStrokes.setAll(ts == null ? List.of() : ts.strokes());
            held.set(t.held());
            locked.set(t.locked());
            history.setAll(t.history());
            if (t.kind() == org.tutela.app.domain.TutorialKind.GROUP_SESSION && t.groupId() != null) {
                List<Attendee> list = caseload.learnersIn(t.groupId()).stream()
                        .map(l -> new Attendee(l, t.attendeeIds().contains(l.id()))).toList();
                list.forEach(a -> a.attended.addListener((x, was, now) -> changed()));
                attendees.setAll(list);
            }
            dirty.set(false);
        } finally {
            loading = false;
        }
    }

    private void watch(NewTargetRow row) {
        row.text.addListener((x, was, now) -> changed());
        row.byWhen.textProperty().addListener((x, was, now) -> changed());
    }

    // ---- what the screen shows ----

    public Tutorial tutorial() {
        return tutorial.get();
    }

    public Learner learner() {
        return learner;
    }

    public boolean groupSession() {
        return tutorial.get().kind() == org.tutela.app.domain.TutorialKind.GROUP_SESSION;
    }

    /** For a group session: the group's learners, ticked when they came. */
    public ObservableList<Attendee> attendees() {
        return attendees;
    }

    /** The tutorial with the form as typed (and, for a group session, who came; and the day it was held). */
    private Tutorial withTyped(Tutorial t) {
        Tutorial next = t.withForm(buildForm());
        if (next.held() && heldOn.value() != null && !heldOn.value().equals(next.date())) {
            next = next.withHeldOn(heldOn.value());
        }
        if (groupSession() && !attendees.isEmpty()) {
            next = next.withAttendees(attendees.stream().filter(a -> a.attended.get()).map(a -> a.learner.id()).toList());
        }
        return next;
    }

    public boolean confidential() {
        return tutorial.get().confidential();
    }

    /**
     * Edits a confidential tutorial opened with its password: from now on every save (drafts,
     * signatures, amendments) goes through {@code saver}, which seals it; nothing is saved open.
     * Call before the view is built.
     */
    public void saveSealedThrough(java.util.function.UnaryOperator<Tutorial> saver) {
        this.sealedSaver = java.util.Objects.requireNonNull(saver);
    }

    /** True while a confidential tutorial is being edited (saved sealed). */
    public boolean sealedEditing() {
        return sealedSaver != null;
    }

    /** The screen shows only the envelope: a confidential tutorial that is not open for editing here. */
    public boolean showsEnvelope() {
        return confidential() && sealedSaver == null;
    }

    /**
     * The tutorial as typed, not saved: what "Keep confidential" seals, so that what was typed
     * since the last draft is never written open. Null (with the error shown) if a box cannot be read.
     */
    public Tutorial tutorialAsTyped() {
        if (tutorial.get().locked()) {
            return tutorial.get(); // signed and locked: nothing can have been typed since; sealed as it was signed
        }
        try {
            Tutorial next = withTyped(tutorial.get());
            return next.locked() ? next : next.asDraft(next.learnerSignature() == null || next.tutorSignature() == null);
        } catch (IllegalArgumentException e) {
            error.set(Failures.text(e));
            return null;
        }
    }

    public boolean earlierVersion() {
        return earlierVersion;
    }

    /** The pro forma's header: as frozen when it was held, else as the learner is now. */
    public LearnerHeader header() {
        Tutorial t = tutorial.get();
        if (t.snapshot() != null && t.snapshot().header() != null) {
            return t.snapshot().header();
        }
        return learner == null ? new LearnerHeader("", null, "", "", "", "", null) : LearnerHeader.of(learner);
    }

    public String title() {
        Tutorial t = tutorial.get();
        String what = t.confidential() ? Messages.get("tutorial.confidentialEnvelope") : Messages.get("kind." + t.kind().name());
        return Messages.get("form.title", what, Formats.date(t.date()));
    }

    public String planText() {
        Tutorial t = tutorial.get();
        return Messages.get("form.planned", Formats.joined(", ", Formats.joined(" ", Formats.longDate(t.date()),
                Formats.time(t.plan().time())), t.plan().location()));
    }

    public String frozenText() {
        Tutorial t = tutorial.get();
        return t.snapshot() == null ? "" : Messages.get("form.frozen", Formats.date(t.snapshot().asOf()));
    }

    // ---- actions ----

    /** Holds a planned tutorial now: freezes what is true today and lists the open targets for review. */
    public void hold() {
        Tutorial t = tutorial.get();
        if (t.held()) {
            return;
        }
        error.set("");
        status.set(Messages.get("form.saving"));
        runner.run(() -> caseload.tutorialWrites().hold(t.id(), caseload.today(), openedVersion), held -> {
            show(held);
            status.set(Messages.get("form.heldStatus"));
        }, this::failed);
    }

    public void markOutcome(TutorialOutcome outcome) {
        Tutorial t = tutorial.get();
        if (t.held() || outcome == TutorialOutcome.HELD) {
            return;
        }
        save(t.withOutcome(outcome, null), Messages.get("outcome." + outcome.name()));
    }

    public void addNewTarget() {
        NewTargetRow row = new NewTargetRow(null);
        watch(row);
        newTargets.add(row);
    }

    public void removeNewTarget(NewTargetRow row) {
        newTargets.remove(row);
    }

    /** The form as typed; throws with a message fit to show when something cannot be read. */
    public TutorialForm buildForm() {
        String problem = fieldProblem();
        if (problem != null) {
            throw new Problem(problem);
        }
        TutorialForm.Builder b = tutorial.get().form().toBuilder();
        b.attendance(attendance());
        b.punctuality(punctuality.get());
        b.levelWorkingTowards(blankToNull(level.get()));
        b.onTargetToAchieve(onTarget.get());
        b.comments(blankToNull(comments.get()));
        b.learnerComments(blankToNull(learnerComments.get()));
        b.tutorComments(blankToNull(tutorComments.get()));
        b.previousTargets(previousTargets.stream().map(PreviousTarget::toReview).toList());
        List<NewTarget> list = new ArrayList<>();
        for (NewTargetRow r : newTargets) {
            if (!r.text.get().isBlank()) {
                list.add(new NewTarget(r.id, r.text.get().strip(), r.byWhen.value()));
            }
        }
        b.newTargets(list);
        b.agreedActions(blankToNull(agreedActions.get()));
        b.nextTutorialDate(nextDate.value());
        for (CopyRecipient r : CopyRecipient.values()) {
            b.copyTo(r, copies.get(r).get());
        }
        return b.build();
    }

    private Attendance attendance() {
        String l = lessons.get().strip();
        String a = absences.get().strip();
        if (l.isEmpty() && a.isEmpty()) {
            return null;
        }
        try {
            int lessonCount = l.isEmpty() ? 0 : Integer.parseInt(l);
            int absenceCount = a.isEmpty() ? 0 : Integer.parseInt(a);
            return new Attendance(lessonCount, absenceCount);
        } catch (NumberFormatException e) {
            throw new Problem(Messages.get("form.attendanceNumbers"));
        } catch (IllegalArgumentException e) {
            throw new Problem(Messages.get("form.attendanceInvalid"));
        }
    }

    /** Saves what is typed as a draft, if anything changed and the form can be edited. */
    public void saveDraft() {
        if (!dirty.get() || !editable.get() || amending.get()) {
            return;
        }
        if (refusedForProblems()) {
            return;
        }
        Tutorial next;
        try {
            next = withTyped(tutorial.get());
            if (!next.locked()) {
                next = next.asDraft(!next.locked() && (next.learnerSignature() == null || next.tutorSignature() == null));
            }
        } catch (IllegalArgumentException e) {
            error.set(Failures.text(e));
            return;
        }
        save(next, Messages.get("form.draftSaved", Formats.time(java.time.LocalTime.now())), false);
    }

    /** Saves a pending draft now (before the screen goes or the vault locks). */
    public void flush() {
        saveDraft();
    }

    public void signAsLearner() {
        sign(true);
    }

    public void signAsTutor() {
        sign(false);
    }

    private void sign(boolean asLearner) {
        error.set("");
        StringProperty problem = asLearner ? learnerSignProblem : tutorSignProblem;
        problem.set("");
        Tutorial t = tutorial.get();
        if (!t.held()) {
            problem.set(Messages.get("form.signNotHeld"));
            return;
        }
        boolean agrees = asLearner ? learnerAgrees.get() : tutorAgrees.get();
        String name = asLearner ? learnerSignName.get() : tutorSignName.get();
        DateEntry dateEntry = asLearner ? learnerSignDate : tutorSignDate;
        if (name == null || name.isBlank()) {
            problem.set(Messages.get("form.signName"));
            return;
        }
        if (!agrees) {
            problem.set(Messages.get("form.signDeclaration"));
            return;
        }
        if (refusedForProblems()) {
            problem.set(Messages.get("form.signProblems"));
            return;
        }
        if (!dateEntry.valid()) {
            showProblems.set(true);
            problem.set(dateEntry.problemProperty().get());
            return;
        }
        LocalDate date = dateEntry.value();
        try {
            Tutorial withForm = withTyped(t);
            List<Signature.Stroke> drawn = asLearner ? learnerStrokes : tutorStrokes;
            Signature s = drawn.isEmpty() ? Signature.typed(name.strip(), date) : Signature.drawn(name.strip(), List.copyOf(drawn), date);
            Tutorial signed = asLearner ? withForm.signByLearner(s) : withForm.signByTutor(s);
            if (!signed.locked()) {
                signed = signed.asDraft(true);
            }
            save(signed, Messages.get(signed.locked() ? "form.lockedStatus" : asLearner ? "form.learnerSigned" : "form.tutorSigned"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            problem.set(e instanceof org.tutela.app.domain.HeldAfterSigningException
                    ? Messages.get("form.signBeforeHeld", Formats.date(heldOn.value())) : Failures.text(e));
        }
    }

    public void startAmending() {
        if (locked.get() && !earlierVersion) {
            amendReason.set("");
            amending.set(true);
            status.set(Messages.get("form.amending"));
        }
    }

    public void cancelAmending() {
        amending.set(false);
        error.set("");
        show(tutorial.get());
        status.set("");
    }

    /** Saves the amendment of a signed tutorial; the version before is kept in its history. */
    public void amend(String reason) {
        error.set("");
        if (reason == null || reason.isBlank()) {
            error.set(Messages.get("form.amendNeedsReason"));
            return;
        }
        Tutorial stored = tutorial.get();
        if (refusedForProblems()) {
            return;
        }
        try {
            Tutorial changed = stored.toBuilder().form(buildForm()).heldOn(stored.held() ? heldOn.value() : null).attendeeIds(groupSession() && !attendees.isEmpty()
                    ? attendees.stream().filter(a -> a.attended.get()).map(a -> a.learner.id()).toList() : stored.attendeeIds()).build();
            status.set(Messages.get("form.saving"));
            runner.run(() -> sealedSaver != null ? sealedSaver.apply(stored.amend(changed, who, reason.strip(), java.time.Instant.now()))
                    : caseload.tutorialWrites().amendTutorial(changed, who, reason.strip(), openedVersion), amended -> {
                amending.set(false);
                show(amended);
                status.set(Messages.get("form.amended"));
            }, this::failed);
        } catch (TutorialLockedException | IllegalArgumentException e) {
            error.set(Failures.text(e));
        }
    }

    private void save(Tutorial next, String doneText) {
        save(next, doneText, true);
    }

    /** Saves through the records layer on the vault thread; a draft save leaves the boxes as typed. */
    private void save(Tutorial next, String doneText, boolean refreshFields) {
        error.set("");
        dirty.set(false);
        status.set(Messages.get("form.saving"));
        runner.run(() -> sealedSaver != null ? sealedSaver.apply(next) : caseload.tutorialWrites().saveTutorial(next, openedVersion), saved -> {
            if (refreshFields) {
                show(saved);
            } else {
                tutorial.set(saved);
            }
            status.set(doneText);
        }, failure -> {
            dirty.set(true);
            failed(failure);
        });
    }

    private void failed(Throwable failure) {
        status.set("");
        // a signed tutorial refused (with or without a reason) says so; anything else keeps the screen's words
        Failures.Failure f = Failures.of(failure);
        error.set(switch (f.kind()) {
            case TUTORIAL_LOCKED, AMENDMENT_NEEDS_REASON -> f.text();
            default -> Messages.get("common.saveFailed");
        });
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public ReadOnlyObjectProperty<Tutorial> tutorialProperty() { return tutorial; }
    public StringProperty lessonsProperty() { return lessons; }
    public StringProperty absencesProperty() { return absences; }
    public ObjectProperty<Punctuality> punctualityProperty() { return punctuality; }
    public StringProperty levelProperty() { return level; }
    public ObjectProperty<Boolean> onTargetProperty() { return onTarget; }
    public StringProperty commentsProperty() { return comments; }
    public StringProperty learnerCommentsProperty() { return learnerComments; }
    public StringProperty tutorCommentsProperty() { return tutorComments; }
    public ObservableList<PreviousTarget> previousTargets() { return previousTargets; }
    public ObservableList<NewTargetRow> newTargets() { return newTargets; }
    public StringProperty agreedActionsProperty() { return agreedActions; }
    public DateEntry nextDate() { return nextDate; }
    public DateEntry heldOn() { return heldOn; }
    public ReadOnlyStringProperty lessonsProblemProperty() { return lessonsProblem; }
    public ReadOnlyStringProperty absencesProblemProperty() { return absencesProblem; }
    public ReadOnlyStringProperty learnerSignProblemProperty() { return learnerSignProblem; }
    public ReadOnlyStringProperty tutorSignProblemProperty() { return tutorSignProblem; }
    public ReadOnlyBooleanProperty showProblemsProperty() { return showProblems; }
    public BooleanProperty copyProperty(CopyRecipient r) { return copies.get(r); }
    public StringProperty learnerSignNameProperty() { return learnerSignName; }
    public DateEntry learnerSignDate() { return learnerSignDate; }
    public BooleanProperty learnerAgreesProperty() { return learnerAgrees; }
    public StringProperty tutorSignNameProperty() { return tutorSignName; }
    public DateEntry tutorSignDate() { return tutorSignDate; }
    public BooleanProperty tutorAgreesProperty() { return tutorAgrees; }
    public ObservableList<Signature.Stroke> learnerStrokes() { return learnerStrokes; }
    public ObservableList<Signature.Stroke> tutorStrokes() { return tutorStrokes; }
    public ReadOnlyBooleanProperty heldProperty() { return held; }
    public ReadOnlyBooleanProperty lockedProperty() { return locked; }
    public ReadOnlyBooleanProperty amendingProperty() { return amending; }
    public StringProperty amendReasonProperty() { return amendReason; }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty; }
    public ReadOnlyStringProperty statusProperty() { return status; }
    public ReadOnlyStringProperty errorProperty() { return error; }
    public ObservableList<Amendment> history() { return history; }
    public BooleanBinding editableProperty() { return editable; }
}
