package org.tutela.app.print;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
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
        if (tutorial.confidential()) {
            return new EnvelopeLabel(tutorial.id(), tutorial.date(), header == null ? null : header.learnerName(), tutorial.tutor());
        }
        TutorialForm f = tutorial.form();
        // Not held yet: the boxes the tutorial has not filled show the learner as now.
        TutorialForm.Builder form = f.toBuilder();
        if (f.attendance() == null && !tutorial.held() && learner != null) {
            form.attendance(learner.attendance());
        }
        if (f.levelWorkingTowards() == null && learner != null) {
            form.levelWorkingTowards(learner.levelWorkingTowards());
        }
        return new FormContent(tutorial.id(), false, header, form.build(), new FormContent.Extras(tutorial.date(),
                tutorial.tutor(), groupName(group), tutorial.learnerSignature(), tutorial.tutorSignature()));
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
        return blank(null, learner, group, date, tutor, targets);
    }

    /** A blank form for a planned tutorial (its id, date and tutor), pre-filled as {@link #blank}. */
    public static PrintItem blankFor(Tutorial planned, Learner learner, Group group, List<Target> targets) {
        if (planned.confidential()) {
            return new EnvelopeLabel(planned.id(), planned.date(), learner == null ? null : learner.fullName(), planned.tutor());
        }
        return blank(planned.id(), learner, group, planned.date(), planned.tutor(), targets);
    }

    private static FormContent blank(UUID tutorialId, Learner learner, Group group, LocalDate date, String tutor, List<Target> targets) {
        List<TargetReview> open = targets == null ? List.of() : targets.stream()
                .filter(t -> t.learnerId().equals(learner.id()) && t.open())
                .sorted(Target.OLDEST_FIRST)
                .map(TargetReview::prompt)
                .toList();
        TutorialForm form = TutorialForm.builder().attendance(learner.attendance())
                .levelWorkingTowards(learner.levelWorkingTowards()).previousTargets(open).build();
        return new FormContent(tutorialId, true, LearnerHeader.of(learner), form,
                new FormContent.Extras(date, tutor, groupName(group), null, null));
    }

    private static String groupName(Group group) {
        return group == null ? null : group.name();
    }

    private static LearnerHeader header(Tutorial tutorial, Learner learner) {
        FrozenSnapshot s = tutorial.snapshot();
        if (s != null && s.header() != null) {
            return s.header();
        }
        return learner == null ? null : LearnerHeader.of(learner);
    }
}
