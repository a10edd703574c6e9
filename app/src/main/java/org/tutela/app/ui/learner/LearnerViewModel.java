package org.tutela.app.ui.learner;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.Contact;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.Notice;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.domain.SafeguardingTask;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.records.Caseload;

/** One learner: details and contacts, flags, a timeline of tutorials and concerns, open targets. */
public final class LearnerViewModel {

    /** A line of the details: what and its value. */
    public record Detail(String label, String value) {
    }

    /**
     * One entry of the timeline, newest first. A confidential tutorial is shown only as its
     * envelope (learner, tutor, date, "Confidential tutorial").
     */
    public record Entry(LocalDate date, String what, String detail, UUID tutorialId, UUID concernId, boolean confidential,
                        boolean warning) {
        @Override
        public String toString() {
            return Formats.date(date) + "  " + what + (detail.isEmpty() ? "" : " \u2014 " + detail);
        }
    }

    private final Caseload caseload;
    private final TaskRunner runner;
    /** Who marks a task done (the tutor's name, as the concern screen records it). */
    private final String who;
    private final org.tutela.app.records.LearnerView view;
    /** The tasks the safeguarding lead gave the tutor about this learner, read with the rest. */
    private final ObservableList<SafeguardingTask> tasks = FXCollections.observableArrayList();
    private final StringProperty taskMessage = new SimpleStringProperty("");
    private final Learner learner;
    private final Group group;
    /** The group's planned sessions the learner is not yet on, read with the rest (off the UI thread). */
    private final List<Tutorial> groupPlanned;

    /** Reads the learner's record and tutorials: call it off the UI thread. */
    public LearnerViewModel(Caseload caseload, UUID learnerId) {
        this(caseload, learnerId, TaskRunner.INLINE, null);
    }

    /**
     * Reads the learner's record, tutorials and tasks: call it off the UI thread.
     *
     * @param runner where marking a task done runs
     * @param who the tutor, recorded with a task marked done
     */
    public LearnerViewModel(Caseload caseload, UUID learnerId, TaskRunner runner, String who) {
        this.caseload = caseload;
        this.runner = runner;
        this.who = who;
        this.view = caseload.open(learnerId, caseload.today());
        this.learner = view.learner();
        this.group = view.group();
        this.groupPlanned = group == null ? List.of() : caseload.groupSessions(group.id()).stream()
                .filter(t -> t.outcome() == TutorialOutcome.PLANNED && !view.tutorials().contains(t)).toList();
        this.tasks.setAll(caseload.tasksOf(learnerId));
    }

    /** The tasks from the safeguarding lead: those not done first. */
    public ObservableList<SafeguardingTask> tasks() {
        return tasks;
    }

    /** A task as the list shows it: what to do, and when it was given or done. */
    public String describe(SafeguardingTask t) {
        if (t.done()) {
            return Messages.get("learner.taskDoneAt", t.text(), when(t.doneAt()));
        }
        return Messages.get("learner.task", t.text(), when(t.assignedAt()));
    }

    private static String when(java.time.Instant at) {
        return at == null ? "" : Formats.date(at.atZone(java.time.ZoneId.systemDefault()).toLocalDate());
    }

    /** Marks the task done: it goes to head office at the next sync, where the safeguarding lead sees it. */
    public void markDone(SafeguardingTask task) {
        if (task == null || task.done()) {
            return;
        }
        taskMessage.set("");
        runner.run(() -> caseload.tutorialWrites().markTaskDone(task.id(), who), done -> {
            int i = tasks.indexOf(task);
            if (i >= 0) {
                tasks.set(i, done);
            }
            taskMessage.set(Messages.get("learner.taskMarked"));
        }, failure -> taskMessage.set(Messages.get("learner.taskFailed")));
    }

    /** Said after marking a task done (or why it could not be). */
    public ReadOnlyStringProperty taskMessageProperty() {
        return taskMessage;
    }

    /** This year's tutorials against entitlement. */
    public String entitlementText() {
        var t = view.thisYear();
        return Messages.get("learner.entitlementValue", t.reviewsHeld(), t.entitlement().oneToOneReviews(), t.groupSessionsHeld(),
                t.entitlement().groupSessions(), t.informalHeld() + t.mentoringHeld());
    }

    public Learner learner() {
        return learner;
    }

    public String name() {
        return learner.displayName();
    }

    public String subtitle() {
        // a part left empty (no course) leaves no dot behind
        return Formats.joined(Messages.get("learner.subtitle.separator"), group == null ? Messages.get("learner.noGroup") : group.name(),
                learner.course(), Messages.get("status." + learner.status().name()));
    }

    public List<Detail> details() {
        List<Detail> d = new ArrayList<>();
        d.add(new Detail(Messages.get("learner.uln"), learner.uln() == null ? Messages.get("learner.unknown") : learner.uln().value()));
        d.add(new Detail(Messages.get("learner.ilr"), nz(learner.ilrReference())));
        d.add(new Detail(Messages.get("learner.school"), nz(learner.schoolOrEmployer())));
        d.add(new Detail(Messages.get("learner.course"), nz(learner.course())));
        d.add(new Detail(Messages.get("learner.year"), learner.yearOfCourse() == null ? "" : learner.yearOfCourse().toString()));
        d.add(new Detail(Messages.get("learner.courseTutor"), nz(learner.courseTutor())));
        d.add(new Detail(Messages.get("learner.formTutor"), nz(learner.formTutor())));
        d.add(new Detail(Messages.get("learner.level"), nz(learner.levelWorkingTowards())));
        d.add(new Detail(Messages.get("learner.attendance"), learner.attendance() == null ? ""
                : Messages.get("learner.attendanceValue", learner.attendance().lessons(), learner.attendance().absences(),
                        Math.round(learner.attendance().percent()))));
        d.add(new Detail(Messages.get("learner.punctuality"), Formats.named("punctuality.", learner.punctuality())));
        d.add(new Detail(Messages.get("learner.started"), Formats.date(learner.startDate())));
        d.add(new Detail(Messages.get("learner.review"), reviewText()));
        d.add(new Detail(Messages.get("learner.entitlement"), entitlementText()));
        return d;
    }

    public String reviewText() {
        ReviewDue r = view.review();
        if (r == null || r.state() == ReviewDue.State.NOT_DUE) {
            return Messages.get("review.NOT_DUE");
        }
        String text = Messages.get("learner.reviewValue", Formats.date(r.dueBy()), Messages.get("review." + r.state().name()),
                group == null ? "half-termly" : group.reviewFrequency().describe());
        if (r.nextPlanned() != null) {
            text += " " + Messages.get("learner.reviewPlanned", Formats.date(r.nextPlanned()));
        }
        return text;
    }

    public List<String> contacts() {
        List<String> list = new ArrayList<>();
        for (Contact c : learner.contacts()) {
            List<String> parts = new ArrayList<>();
            parts.add(Messages.get("contact." + c.kind().name()));
            parts.add(nz(c.name()) + (c.relationship() == null || c.relationship().isBlank() ? "" : " (" + c.relationship() + ")"));
            if (c.phone() != null && !c.phone().isBlank()) {
                parts.add(c.phone());
            }
            if (c.email() != null && !c.email().isBlank()) {
                parts.add(c.email());
            }
            list.add(String.join(" \u00b7 ", parts));
        }
        return list;
    }

    public List<LearnerFlag> flags() {
        return java.util.Arrays.stream(LearnerFlag.values()).filter(learner::flagged).toList();
    }

    public List<Entry> timeline() {
        LocalDate today = caseload.today();
        List<Entry> list = new ArrayList<>();
        List<Tutorial> tutorials = new ArrayList<>(view.tutorials());
        tutorials.addAll(groupPlanned);
        for (Tutorial t : tutorials) {
            String kind = Messages.get("kind." + t.kind().name());
            if (t.confidential()) {
                list.add(new Entry(t.date(), Messages.get("tutorial.confidentialEnvelope"),
                        Formats.joined(", ", learner.fullName(), t.tutor()), t.id(), null, true, false));
                continue;
            }
            String detail;
            boolean warning = false;
            if (t.outcome() == TutorialOutcome.PLANNED) {
                Notice n = Notice.of(t, today);
                warning = n.warning();
                // Only the parts there are: no stray ";" or space when the time, the place or the notice is missing.
                detail = Formats.joined("; ", Formats.joined(" ", Messages.get("learner.planned"), Formats.time(t.plan().time()),
                        t.plan().location()), Messages.get("notice." + n.state().name(), Formats.date(n.tellBy())));
            } else if (t.held()) {
                detail = t.locked() ? Messages.get("learner.heldSigned") : t.draft() ? Messages.get("learner.heldDraft")
                        : Messages.get("learner.held");
                if (!t.history().isEmpty()) {
                    detail += " " + Messages.get("learner.amended", t.history().size());
                }
            } else {
                detail = Messages.get("outcome." + t.outcome().name());
            }
            list.add(new Entry(t.date(), kind, detail, t.id(), null, false, warning));
        }
        for (Concern c : view.concerns()) {
            String to = referredTo(c);
            String detail = Messages.get("concern.status." + c.status().name()) + (to.isEmpty() ? "" : " \u00b7 " + Messages.get("learner.referredTo", to));
            list.add(new Entry(c.raisedOn(), Messages.get("learner.concern", Messages.get("concern.category." + c.category().name())),
                    detail, null, c.id(), false, c.urgent() && c.open()));
        }
        list.sort(Comparator.comparing(Entry::date).reversed());
        return list;
    }

    private String referredTo(Concern c) {
        if (c.referredToServiceId() != null) {
            return caseload.signposting().stream().filter(s -> s.id().equals(c.referredToServiceId())).map(SignpostingService::name)
                    .findFirst().orElse(nz(c.referredToOther()));
        }
        return nz(c.referredToOther());
    }

    public List<String> openTargets() {
        List<String> list = new ArrayList<>();
        for (Target t : view.openTargets()) {
            list.add(t.byWhen() == null ? t.text() : Messages.get("learner.targetBy", t.text(), Formats.date(t.byWhen()))
                    + (t.overdue(caseload.today()) ? " " + Messages.get("learner.targetOverdue") : ""));
        }
        return list;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
