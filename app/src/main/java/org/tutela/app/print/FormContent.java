package org.tutela.app.print;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.TargetReview;

/**
 * The Progress Review / Tutorial Form as it prints, box by box in the pro forma's order. Null or
 * empty fields print as empty boxes. A {@code blank} form leaves writing room in every box that is
 * not known yet (comments, targets, signatures) for filling in by hand.
 *
 * @param tutorialId the tutorial, or null for a blank form not tied to one
 * @param date the tutorial's date; null leaves it to write in
 * @param groupName the group, printed under the title; may be null
 */
public record FormContent(
        UUID tutorialId,
        boolean blank,
        LocalDate date,
        String tutor,
        String groupName,
        String learnerName,
        String courseTutor,
        String school,
        String course,
        String formTutor,
        Integer yearOfCourse,
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
        Signature learnerSignature,
        Signature tutorSignature,
        Set<CopyRecipient> copiesTo) implements PrintItem {

    public FormContent {
        previousTargets = previousTargets == null ? List.of() : List.copyOf(previousTargets);
        newTargets = newTargets == null ? List.of() : List.copyOf(newTargets);
        copiesTo = copiesTo == null || copiesTo.isEmpty() ? Set.of() : Set.copyOf(copiesTo);
    }
}
