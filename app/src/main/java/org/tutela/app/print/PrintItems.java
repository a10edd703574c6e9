package org.tutela.app.print;

import java.time.LocalDate;
import java.util.List;
import org.tutela.app.domain.FrozenSnapshot;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerHeader;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TargetReview;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;

/**
 * Turns domain records into what prints. This is the one place that decides: a confidential
 * tutorial becomes an {@link EnvelopeLabel} and its content is never copied into anything that
 * prints.
 */
public final class PrintItems {
    private PrintItems() {
    }

    /**
     * The tutorial as it prints: its envelope label when confidential, else the filled form.
     * The header comes from what was frozen when it was held, else from the learner as now.
     *
     * @param learner the tutorial's learner (null for a group session)
     * @param group the tutorial's group, may be null
     */
    public static PrintItem of(Tutorial tutorial, Learner learner, Group group) {
        LearnerHeader header = header(tutorial, learner);
        String learnerName = header == null ? null : header.learnerName();
        if (tutorial.confidential()) {
            return new EnvelopeLabel(tutorial.id(), tutorial.date(), learnerName, tutorial.tutor());
        }
        TutorialForm f = tutorial.form();
        boolean held = tutorial.held();
        var attendance = f.attendance() != null ? f.attendance() : (held || learner == null ? null : learner.attendance());
        var punctuality = f.punctuality();
        String level = f.levelWorkingTowards() != null ? f.levelWorkingTowards()
                : learner == null ? null : learner.levelWorkingTowards();
        List<TargetReview> previous = f.previousTargets();
        return new FormContent(tutorial.id(), false, tutorial.date(), tutorial.tutor(),
                group == null ? null : group.name(),
                learnerName,
                header == null ? null : header.courseTutor(),
                header == null ? null : header.school(),
                header == null ? null : header.course(),
                header == null ? null : header.formTutor(),
                header == null ? null : header.yearOfCourse(),
                attendance, punctuality, level, f.onTargetToAchieve(),
                f.comments(), f.learnerComments(), f.tutorComments(),
                previous, f.newTargets(), f.agreedActions(), f.nextTutorialDate(),
                tutorial.learnerSignature(), tutorial.tutorSignature(), f.copiesTo());
    }

    /**
     * A blank form for handwriting, pre-filled with what is known now: the learner's name, school,
     * course and tutors, attendance so far, level working towards, and their open targets ready
     * for "met? if not, why not?".
     *
     * @param date the planned date, or null to leave it to write in
     * @param tutor who will hold it, may be null
     * @param targets the learner's targets (only the open ones print)
     */
    public static FormContent blank(Learner learner, Group group, LocalDate date, String tutor, List<Target> targets) {
        LearnerHeader h = LearnerHeader.of(learner);
        List<TargetReview> open = targets == null ? List.of() : targets.stream()
                .filter(t -> t.learnerId().equals(learner.id()) && t.open())
                .sorted(Target.OLDEST_FIRST)
                .map(TargetReview::prompt)
                .toList();
        return new FormContent(null, true, date, tutor, group == null ? null : group.name(),
                h.learnerName(), h.courseTutor(), h.school(), h.course(), h.formTutor(), h.yearOfCourse(),
                learner.attendance(), null, learner.levelWorkingTowards(), null,
                null, null, null, open, List.of(), null, null, null, null, null);
    }

    /** A blank form for a planned tutorial (its id, date and tutor), pre-filled as {@link #blank}. */
    public static PrintItem blankFor(Tutorial planned, Learner learner, Group group, List<Target> targets) {
        if (planned.confidential()) {
            return new EnvelopeLabel(planned.id(), planned.date(), learner == null ? null : learner.fullName(), planned.tutor());
        }
        FormContent b = blank(learner, group, planned.date(), planned.tutor(), targets);
        return new FormContent(planned.id(), true, b.date(), b.tutor(), b.groupName(), b.learnerName(), b.courseTutor(),
                b.school(), b.course(), b.formTutor(), b.yearOfCourse(), b.attendance(), null, b.levelWorkingTowards(),
                null, null, null, null, b.previousTargets(), List.of(), null, null, null, null, null);
    }

    private static LearnerHeader header(Tutorial tutorial, Learner learner) {
        FrozenSnapshot s = tutorial.snapshot();
        if (s != null && s.header() != null) {
            return s.header();
        }
        return learner == null ? null : LearnerHeader.of(learner);
    }
}
