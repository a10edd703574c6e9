package org.tutela.sync.server.reports;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tutela.app.domain.AcademicCalendar;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.domain.Entitlement;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.ReviewFrequency;
import org.tutela.app.domain.ReviewShortfall;
import org.tutela.app.domain.Target;
import org.tutela.app.domain.TutorialSummary;

/**
 * A learner's figures for the reports, worked out with the laptop's own rules: the learner alone
 * put through {@link CaseloadSummary} (so entitlement, reviews due and targets count exactly as on
 * the tutor's Summary, and its totals add up across learners), and {@link ReviewShortfall}.
 *
 * @param row the learner's line of the summary
 * @param totals what the learner adds to a summary's totals
 */
record LearnerFigures(CaseloadSummary.Row row, CaseloadSummary.Totals totals, ReviewShortfall shortfall) {

    /**
     * @param group the learner's caseload group as head office holds it, or null
     * @param tutorials the tutorials that involve the learner
     */
    static LearnerFigures of(Learner learner, Group group, List<TutorialSummary> tutorials, List<Target> targets,
                             AcademicCalendar calendar, Entitlement defaultEntitlement, LocalDate today) {
        UUID id = learner.id();
        AcademicYear year = AcademicYear.of(today);
        CaseloadSummary s = CaseloadSummary.compute(List.of(learner), group == null ? Map.of() : Map.of(group.id(), group),
                Map.of(id, tutorials), Map.of(id, targets), year, calendar, today, defaultEntitlement);
        CaseloadSummary.Row row = s.rows().get(0);
        ReviewFrequency frequency = group == null ? ReviewFrequency.halfTermly() : group.reviewFrequency();
        return new LearnerFigures(row, s.totals(), ReviewShortfall.of(row.tally(), row.review(), frequency, calendar, today));
    }
}
