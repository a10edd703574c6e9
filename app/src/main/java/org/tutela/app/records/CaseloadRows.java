package org.tutela.app.records;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.ReviewDue;

/**
 * The caseload list: each learner's line (last tutorial held, next review due), worked out once a
 * day and again when what it shows changes; search as you type over the {@link LearnerIndex}; and
 * the filters (at risk, open to the pastoral team, review due, review overdue). Callers hold the
 * memory's lock.
 */
final class CaseloadRows {

    private final CaseloadMemory m;

    CaseloadRows(CaseloadMemory m) {
        this.m = m;
    }

    LearnerRow row(UUID learnerId, LocalDate today) {
        if (!today.equals(m.rowsDay)) {
            m.rows.clear();
            m.rowsDay = today;
        }
        LearnerRow row = m.rows.get(learnerId);
        if (row == null) {
            Learner l = m.learners.get(learnerId);
            if (l == null) {
                throw new IllegalArgumentException("No such learner on this caseload");
            }
            Group g = m.groupOf(l);
            ReviewDue d = ReviewDue.of(l, g, m.tutorialsByLearner.getOrDefault(learnerId, List.of()), m.calendar, today);
            row = new LearnerRow(l, g, d.lastTutorial(), d);
            m.rows.put(learnerId, row);
        }
        return row;
    }

    /** Learners matching {@code typed} and all of {@code filters}, within one group ({@code groupId} null: all). */
    List<Learner> search(String typed, Set<CaseloadFilter> filters, UUID groupId, LocalDate today) {
        Predicate<Learner> f = filterFor(filters, today);
        return m.index.search(typed, groupId == null ? f : l -> l.groupIds().contains(groupId) && f.test(l));
    }

    List<LearnerRow> rows(String typed, Set<CaseloadFilter> filters, UUID groupId, LocalDate today) {
        List<Learner> found = search(typed, filters, groupId, today);
        List<LearnerRow> out = new ArrayList<>(found.size());
        for (Learner l : found) {
            out.add(row(l.id(), today));
        }
        return out;
    }

    private Predicate<Learner> filterFor(Set<CaseloadFilter> filters, LocalDate today) {
        if (filters == null || filters.isEmpty()) {
            return l -> true;
        }
        Set<CaseloadFilter> f = EnumSet.copyOf(filters);
        return l -> {
            if (f.contains(CaseloadFilter.AT_RISK) && !l.flagged(LearnerFlag.AT_RISK_OF_DROP_OUT)) {
                return false;
            }
            if (f.contains(CaseloadFilter.OPEN_TO_PASTORAL_TEAM) && !l.flagged(LearnerFlag.OPEN_TO_PASTORAL_TEAM)) {
                return false;
            }
            if (f.contains(CaseloadFilter.REVIEW_DUE) && !row(l.id(), today).review().dueSoon()) {
                return false;
            }
            return !f.contains(CaseloadFilter.REVIEW_OVERDUE) || row(l.id(), today).review().overdue();
        };
    }
}
