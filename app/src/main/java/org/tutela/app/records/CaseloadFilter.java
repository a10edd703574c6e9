package org.tutela.app.records;

/**
 * The caseload screen's filters; several together must all hold.
 * {@link #REVIEW_DUE}: the next review is due within {@link org.tutela.app.domain.ReviewDue#DUE_SOON_DAYS}
 * days (and not yet overdue); {@link #REVIEW_OVERDUE}: its due date has passed.
 */
public enum CaseloadFilter {
    AT_RISK, OPEN_TO_PASTORAL_TEAM, REVIEW_DUE, REVIEW_OVERDUE
}
