package org.tutela.app.ui.summary;

import org.tutela.app.ui.common.Failures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tutela.app.domain.AcademicYear;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.domain.Group;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.records.Caseload;

/** The caseload summary for the academic year: held against entitlement, overdue reviews, at risk, targets met. */
public final class SummaryViewModel {

    /** One group's bar: reviews and group sessions held against what its learners are entitled to. */
    public record GroupBar(String group, int reviewsHeld, int reviewsEntitled, int sessionsHeld, int sessionsEntitled, int overdue) {
    }

    private final Caseload caseload;
    private final TaskRunner runner;
    private final ObjectProperty<CaseloadSummary> summary = new SimpleObjectProperty<>();
    private final ObservableList<CaseloadSummary.Row> rows = FXCollections.observableArrayList();
    private final ObservableList<GroupBar> bars = FXCollections.observableArrayList();

    public SummaryViewModel(Caseload caseload, TaskRunner runner) {
        this.caseload = caseload;
        this.runner = runner;
    }

    public void compute(Runnable then) {
        AcademicYear year = AcademicYear.of(caseload.today());
        Map<UUID, Group> groups = new LinkedHashMap<>();
        caseload.groups().forEach(g -> groups.put(g.id(), g));
        runner.run(() -> caseload.summary(year, caseload.today()), s -> {
            rows.setAll(s.rows());
            bars.setAll(bars(s, groups, id -> caseload.learner(id).map(org.tutela.app.domain.Learner::active).orElse(false)));
            summary.set(s);
            then.run();
        }, Failures.logged("working out the summary"));
    }

    /** Sums by group; entitlement counts active learners only, as the totals do. */
    static List<GroupBar> bars(CaseloadSummary s, Map<UUID, Group> groups, java.util.function.Predicate<UUID> active) {
        Map<UUID, int[]> sums = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            sums.put(g.id(), new int[5]);
        }
        for (CaseloadSummary.Row r : s.rows()) {
            int[] a = sums.get(r.groupId());
            if (a == null || !active.test(r.learnerId())) {
                continue;
            }
            a[0] += r.tally().reviewsHeld();
            a[1] += r.tally().entitlement().oneToOneReviews();
            a[2] += r.tally().groupSessionsHeld();
            a[3] += r.tally().entitlement().groupSessions();
            a[4] += r.review().overdue() ? 1 : 0;
        }
        List<GroupBar> list = new ArrayList<>();
        sums.forEach((id, a) -> list.add(new GroupBar(groups.get(id).name(), a[0], a[1], a[2], a[3], a[4])));
        return list;
    }

    public String yearLabel() {
        return Messages.get("summary.year", AcademicYear.of(caseload.today()).label());
    }

    public ObjectProperty<CaseloadSummary> summaryProperty() { return summary; }
    public ObservableList<CaseloadSummary.Row> rows() { return rows; }
    public ObservableList<GroupBar> bars() { return bars; }
}
