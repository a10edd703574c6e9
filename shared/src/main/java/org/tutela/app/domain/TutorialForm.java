package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The Progress Review / Tutorial Form, field for field in the pro forma's order (the header -
 * learner name, course tutor, school, course/subject, form tutor, year of course - comes from the
 * learner and is frozen in the tutorial's {@link FrozenSnapshot}).
 *
 * @param attendance number of lessons and number of absences
 * @param punctuality excellent / good / reasonable / poor
 * @param levelWorkingTowards "Level/ Grade working towards"
 * @param onTargetToAchieve "On target to achieve qualification? YES NO"; null if not answered
 * @param comments progress to date, attitude, motivation, homework, coursework, classroom, work place, issues
 * @param previousTargets "Previous targets met? If not why not?"
 * @param newTargets "Targets: (SMART)" with "By When"
 * @param agreedActions future actions agreed with the learner
 * @param nextTutorialDate date of next tutorial / follow up
 * @param copiesTo who receives a copy, agreed with the learner
 */
public record TutorialForm(
        Attendance attendance,
        Punctuality punctuality,
        String levelWorkingTowards,
        Boolean onTargetToAchieve,
        String comments,
        String learnerComments,
        String tutorComments,
        List<TargetReview> previousTargets,
        List<NewTarget> newTargets,
        String agreedActions,
        LocalDate nextTutorialDate,
        Set<CopyRecipient> copiesTo) {

    public static final TutorialForm EMPTY = new TutorialForm(null, null, null, null, null, null, null,
            List.of(), List.of(), null, null, Set.of());

    public TutorialForm {
        previousTargets = previousTargets == null ? List.of() : List.copyOf(previousTargets);
        newTargets = newTargets == null ? List.of() : List.copyOf(newTargets);
        copiesTo = copiesTo == null || copiesTo.isEmpty() ? Set.of() : Set.copyOf(copiesTo);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(EMPTY);
    }

    public static final class Builder {
        private Attendance attendance;
        private Punctuality punctuality;
        private String levelWorkingTowards;
        private Boolean onTargetToAchieve;
        private String comments;
        private String learnerComments;
        private String tutorComments;
        private List<TargetReview> previousTargets;
        private List<NewTarget> newTargets;
        private String agreedActions;
        private LocalDate nextTutorialDate;
        private Set<CopyRecipient> copiesTo;

        private Builder(TutorialForm f) {
            attendance = f.attendance;
            punctuality = f.punctuality;
            levelWorkingTowards = f.levelWorkingTowards;
            onTargetToAchieve = f.onTargetToAchieve;
            comments = f.comments;
            learnerComments = f.learnerComments;
            tutorComments = f.tutorComments;
            previousTargets = new java.util.ArrayList<>(f.previousTargets);
            newTargets = new java.util.ArrayList<>(f.newTargets);
            agreedActions = f.agreedActions;
            nextTutorialDate = f.nextTutorialDate;
            copiesTo = f.copiesTo.isEmpty() ? EnumSet.noneOf(CopyRecipient.class) : EnumSet.copyOf(f.copiesTo);
        }

        public Builder attendance(Attendance v) { attendance = v; return this; }
        public Builder attendance(int lessons, int absences) { attendance = new Attendance(lessons, absences); return this; }
        public Builder punctuality(Punctuality v) { punctuality = v; return this; }
        public Builder levelWorkingTowards(String v) { levelWorkingTowards = v; return this; }
        public Builder onTargetToAchieve(Boolean v) { onTargetToAchieve = v; return this; }
        public Builder comments(String v) { comments = v; return this; }
        public Builder learnerComments(String v) { learnerComments = v; return this; }
        public Builder tutorComments(String v) { tutorComments = v; return this; }
        public Builder previousTargets(List<TargetReview> v) { previousTargets = new java.util.ArrayList<>(v); return this; }
        public Builder newTargets(List<NewTarget> v) { newTargets = new java.util.ArrayList<>(v); return this; }
        public Builder addNewTarget(NewTarget v) { newTargets.add(v); return this; }
        public Builder agreedActions(String v) { agreedActions = v; return this; }
        public Builder nextTutorialDate(LocalDate v) { nextTutorialDate = v; return this; }
        public Builder copiesTo(Set<CopyRecipient> v) { copiesTo = v.isEmpty() ? EnumSet.noneOf(CopyRecipient.class) : EnumSet.copyOf(v); return this; }
        public Builder copyTo(CopyRecipient r, boolean on) { if (on) { copiesTo.add(r); } else { copiesTo.remove(r); } return this; }

        public TutorialForm build() {
            return new TutorialForm(attendance, punctuality, levelWorkingTowards, onTargetToAchieve, comments,
                    learnerComments, tutorComments, previousTargets, newTargets, agreedActions, nextTutorialDate, copiesTo);
        }
    }
}
