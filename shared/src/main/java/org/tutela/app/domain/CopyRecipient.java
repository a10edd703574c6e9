package org.tutela.app.domain;

/** "Please indicate - Copies to": agreed with the learner. Employer for work-based learners. */
public enum CopyRecipient {
    STUDENT, ILR, HOME_SCHOOL, PARENTS_CARERS, EMPLOYER
}
