package org.tutela.app.records;

import java.time.LocalDate;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewDue;

/**
 * One line of the caseload list: the learner, their group, when the last tutorial was held and
 * when the next review is due.
 *
 * @param group the learner's caseload group, or null
 * @param lastTutorialHeld the date of the last tutorial of any kind held, or null
 * @param review the review due date and state (due, overdue...)
 */
public record LearnerRow(Learner learner, Group group, LocalDate lastTutorialHeld, ReviewDue review) {

    public LocalDate nextDue() {
        return review.dueBy();
    }
}
