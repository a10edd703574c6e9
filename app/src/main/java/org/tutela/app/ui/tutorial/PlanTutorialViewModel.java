package org.tutela.app.ui.tutorial;

import org.tutela.app.ui.common.Problem;
import org.tutela.app.ui.common.Failures;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.Notice;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.domain.Tutor;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.domain.TutorialPlan;
import org.tutela.app.domain.TutorialSummary;
import org.tutela.app.ui.common.DateEntry;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.OpenedVersion;

/**
 * Plans a tutorial (or rearranges a planned one): kind, date, time, location. Shows when the
 * learner's review is due under their group's frequency, reminds the tutor to tell the learner at
 * least a week ahead with a notice to copy, and marks changed arrangements so the learner is told
 * at once.
 */
public final class PlanTutorialViewModel {
    private final Caseload caseload;
    /** The tutorial as this screen opened it (null for a new plan). */
    private final OpenedVersion openedVersion;
    private final TaskRunner runner;
    private final Learner learner;
    private final Group group;
    private final Tutorial existing;
    private final String tutor;
    /** Who sends the notice: the tutor using Tutela (their name, role, email and phone sign it). */
    private final Tutor you;
    private final ObjectProperty<TutorialKind> kind = new SimpleObjectProperty<>(TutorialKind.ONE_TO_ONE_REVIEW);
    private final DateEntry date;
    private final StringProperty time = new SimpleStringProperty("");
    private final StringProperty location = new SimpleStringProperty("");
    private final BooleanProperty learnerTold = new SimpleBooleanProperty();
    private final StringProperty noticeAdvice = new SimpleStringProperty("");
    private final StringProperty noticeText = new SimpleStringProperty("");
    private final StringProperty changeWarning = new SimpleStringProperty("");
    /** Worth a second look, but not wrong: a second review planned, a weekend. */
    private final StringProperty warning = new SimpleStringProperty("");
    private final StringProperty timeProblem = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    /** Set when Save was refused for a box's problem: every problem shows beside its box. */
    private final BooleanProperty showProblems = new SimpleBooleanProperty();
    /** The next one-to-one review already planned with this learner (not the one being rearranged), or null. */
    private final TutorialSummary alreadyPlanned;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanBinding canSave;

    /** @param you the tutor using Tutela: a new tutorial is theirs, and they sign the notice */
    public PlanTutorialViewModel(Caseload caseload, TaskRunner runner, UUID learnerId, UUID tutorialId, Tutor you) {
        this.caseload = caseload;
        this.runner = runner;
        this.learner = caseload.learner(learnerId).orElseThrow(() -> new IllegalArgumentException("No such learner"));
        this.group = caseload.groupOf(learner);
        this.existing = tutorialId == null ? null : caseload.tutorial(tutorialId).orElse(null);
        this.openedVersion = existing == null ? null : caseload.opened(existing.id());
        this.you = java.util.Objects.requireNonNull(you);
        this.tutor = existing != null && existing.tutor() != null ? existing.tutor() : you.name();
        LocalDate today = caseload.today();
        // A new tutorial is planned for today or later; a rearranged one may keep a day that has passed.
        date = new DateEntry(true).withRule(d -> existing == null && d.isBefore(caseload.today()) ? Messages.get("plan.past") : null);
        alreadyPlanned = caseload.tutorialSummariesOf(learnerId).stream()
                .filter(t -> t.outcome() == org.tutela.app.domain.TutorialOutcome.PLANNED
                        && t.kind() == TutorialKind.ONE_TO_ONE_REVIEW && !t.date().isBefore(today)
                        && (existing == null || !t.id().equals(existing.id())))
                .min(java.util.Comparator.comparing(TutorialSummary::date)).orElse(null);
        if (existing != null) {
            kind.set(existing.kind());
            date.set(existing.plan().date());
            time.set(Formats.time(existing.plan().time()));
            location.set(existing.plan().location() == null ? "" : existing.plan().location());
            learnerTold.set(existing.plan().learnerNotifiedOn() != null && !existing.plan().arrangementsChanged());
        } else if (alreadyPlanned == null) {
            // The review falls due then (or a week from now, to give notice): proposed, to change at will.
            ReviewDue r = caseload.reviewDue(learnerId, today);
            LocalDate earliest = today.plusDays(Notice.NOTICE_DAYS);
            LocalDate suggested = r == null || r.dueBy() == null || r.dueBy().isBefore(earliest) ? earliest : r.dueBy();
            date.set(suggested);
        }
        // (A review is already planned: no second one is proposed; the warning says when the first is.)
        Runnable update = this::update;
        date.valueProperty().addListener((o, a, b) -> update.run());
        time.addListener((o, a, b) -> update.run());
        location.addListener((o, a, b) -> update.run());
        kind.addListener((o, a, b) -> update.run());
        date.problemProperty().addListener((o, a, b) -> update.run());
        learnerTold.addListener((o, a, b) -> update.run());
        canSave = Bindings.createBooleanBinding(() -> !busy.get(), busy);
        update();
    }

    public boolean rearranging() {
        return existing != null;
    }

    public Learner learner() {
        return learner;
    }

    /** "Review due by 18 Dec 2026 (half-termly for Group)". */
    public String dueInfo() {
        ReviewDue r = caseload.reviewDue(learner.id(), caseload.today());
        if (r == null || r.dueBy() == null) {
            return Messages.get("plan.noDue");
        }
        String how = Formats.joined(", ", (group == null ? org.tutela.app.domain.ReviewFrequency.halfTermly() : group.reviewFrequency())
                .describe(), group == null ? null : group.name());
        return Messages.get("plan.due", Formats.date(r.dueBy()), how, Messages.get("review." + r.state().name()));
    }

    private void update() {
        error.set("");
        LocalTime t = null;
        try {
            t = Formats.parseTime(time.get());
            timeProblem.set("");
        } catch (IllegalArgumentException e) {
            timeProblem.set(Messages.get("common.badTime"));
        }
        LocalDate d = date.value();
        warning.set(warningFor(d));
        if (d == null) {
            noticeAdvice.set("");
            noticeText.set("");
            return;
        }
        LocalDate today = caseload.today();
        LocalDate tellBy = d.minusDays(Notice.NOTICE_DAYS);
        if (learnerTold.get()) {
            noticeAdvice.set(Messages.get("plan.told"));
        } else if (today.isAfter(tellBy)) {
            noticeAdvice.set(Messages.get("plan.lateNotice"));
        } else {
            noticeAdvice.set(Messages.get("plan.tellBy", Formats.longDate(tellBy)));
        }
        String place = location.get() == null || location.get().isBlank() ? Messages.get("plan.placeToFollow") : location.get().strip();
        String signed = Messages.get("plan.noticeSignature", Formats.joined("\n", you.name(), you.role(),
                Formats.joined(" \u00b7 ", you.email(), you.phone())));
        String when = t == null ? Formats.longDate(d) : Messages.get("plan.dateAtTime", Formats.longDate(d), Formats.time(t));
        noticeText.set(Messages.get("plan.noticeText", first(learner), Messages.get("kind.lower." + kind.get().name()), when, place,
                signed).strip());
        if (existing != null && existing.plan().learnerNotifiedOn() != null) {
            TutorialPlan next = existing.plan().rearranged(d, t, blankToNull(location.get()));
            changeWarning.set(next.arrangementsChanged() ? Messages.get("plan.changed") : "");
        } else {
            changeWarning.set("");
        }
    }

    /** A second review planned, or a weekend day: said, not refused. */
    private String warningFor(LocalDate d) {
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (alreadyPlanned != null && kind.get() == TutorialKind.ONE_TO_ONE_REVIEW) {
            notes.add(Messages.get("plan.alreadyPlanned", Formats.longDate(alreadyPlanned.date())));
        }
        if (d != null && (d.getDayOfWeek() == java.time.DayOfWeek.SATURDAY || d.getDayOfWeek() == java.time.DayOfWeek.SUNDAY)) {
            notes.add(Messages.get("plan.weekend", Formats.longDate(d)));
        }
        return String.join(" ", notes);
    }

    /** The review already planned with this learner (so the screen can offer it instead), or null. */
    public TutorialSummary alreadyPlanned() {
        return alreadyPlanned;
    }

    private static String first(Learner l) {
        return l.preferredName() != null && !l.preferredName().isBlank() ? l.preferredName()
                : l.givenName() != null ? l.givenName() : l.displayName();
    }

    /** Builds the planned (or rearranged) tutorial; throws with a message fit to show. */
    public Tutorial build() {
        if (!date.valid()) {
            throw new Problem(date.problemProperty().get());
        }
        LocalTime t = Formats.parseTime(time.get());
        String where = blankToNull(location.get());
        LocalDate today = caseload.today();
        Tutorial result;
        if (existing == null) {
            TutorialPlan plan = TutorialPlan.on(date.value(), t, where);
            result = kind.get() == TutorialKind.GROUP_SESSION && group != null
                    ? Tutorial.planGroupSession(group.id(), tutor, plan)
                    : Tutorial.plan(kind.get() == TutorialKind.GROUP_SESSION ? TutorialKind.ONE_TO_ONE_REVIEW : kind.get(),
                            learner.id(), learner.primaryGroupId(), tutor, plan);
        } else {
            result = existing.rearrange(date.value(), t, where);
            if (result.kind() != kind.get() && result.kind() != TutorialKind.GROUP_SESSION && kind.get() != TutorialKind.GROUP_SESSION) {
                result = result.toBuilder().kind(kind.get()).build();
            }
        }
        if (learnerTold.get() && (result.plan().learnerNotifiedOn() == null || result.plan().arrangementsChanged())) {
            result = result.learnerNotified(today);
        }
        return result;
    }

    /** Saves off the UI thread, then hands the saved tutorial on. */
    public void save(Consumer<Tutorial> onSaved) {
        if (!date.valid() || !timeProblem.get().isEmpty()) {
            showProblems.set(true); // the problems show beside their boxes
            return;
        }
        Tutorial t;
        try {
            t = build();
        } catch (IllegalArgumentException e) {
            error.set(Failures.text(e));
            return;
        }
        busy.set(true);
        runner.run(() -> caseload.tutorialWrites().saveTutorial(t, openedVersion), saved -> {
            busy.set(false);
            onSaved.accept(saved);
        }, failure -> {
            busy.set(false);
            error.set(Messages.get("common.saveFailed"));
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public ObjectProperty<TutorialKind> kindProperty() { return kind; }
    public DateEntry date() { return date; }
    public ReadOnlyStringProperty timeProblemProperty() { return timeProblem; }
    public ReadOnlyStringProperty warningProperty() { return warning; }
    public javafx.beans.property.ReadOnlyBooleanProperty showProblemsProperty() { return showProblems; }
    public StringProperty timeProperty() { return time; }
    public StringProperty locationProperty() { return location; }
    public BooleanProperty learnerToldProperty() { return learnerTold; }
    public ReadOnlyStringProperty noticeAdviceProperty() { return noticeAdvice; }
    public ReadOnlyStringProperty noticeTextProperty() { return noticeText; }
    public ReadOnlyStringProperty changeWarningProperty() { return changeWarning; }
    public ReadOnlyStringProperty errorProperty() { return error; }
    public BooleanBinding canSaveProperty() { return canSave; }
}
