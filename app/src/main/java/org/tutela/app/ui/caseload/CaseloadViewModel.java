package org.tutela.app.ui.caseload;

import org.tutela.app.ui.common.Failures;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tutela.app.domain.Group;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.CaseloadFilter;
import org.tutela.app.records.DamagedRecord;
import org.tutela.app.records.LearnerRow;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * The caseload: groups, their learners, search as you type and the filters at risk, open to the
 * pastoral team, review due, review overdue (through the records layer's index and filters).
 */
public final class CaseloadViewModel {

    /** An entry of the group list; a null group means every group. */
    public record GroupItem(Group group, int learners) {
        public UUID id() {
            return group == null ? null : group.id();
        }

        @Override
        public String toString() {
            return group == null ? Messages.get("caseload.allGroups", learners) : Messages.get("caseload.groupItem", group.name(), learners);
        }
    }

    private final TaskRunner runner;
    private final ObjectProperty<Caseload> caseload = new SimpleObjectProperty<>();
    private final StringProperty query = new SimpleStringProperty("");
    private final BooleanProperty atRisk = new SimpleBooleanProperty();
    private final BooleanProperty pastoral = new SimpleBooleanProperty();
    private final BooleanProperty reviewDue = new SimpleBooleanProperty();
    private final BooleanProperty reviewOverdue = new SimpleBooleanProperty();
    private final ObjectProperty<GroupItem> selectedGroup = new SimpleObjectProperty<>();
    private final ObservableList<GroupItem> groups = FXCollections.observableArrayList();
    private final ObservableList<LearnerRow> rows = FXCollections.observableArrayList();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty damagedWarning = new SimpleStringProperty("");
    private final StringProperty count = new SimpleStringProperty("");

    public CaseloadViewModel(TaskRunner runner) {
        this.runner = runner;
        query.addListener((o, a, b) -> refresh());
        atRisk.addListener((o, a, b) -> refresh());
        pastoral.addListener((o, a, b) -> refresh());
        reviewDue.addListener((o, a, b) -> refresh());
        reviewOverdue.addListener((o, a, b) -> refresh());
        selectedGroup.addListener((o, a, b) -> refresh());
    }

    /** Loads the caseload off the UI thread; {@code then} runs once it is shown. */
    public void load(Callable<Caseload> loader, Runnable then) {
        loading.set(true);
        error.set("");
        runner.run(loader, loaded -> {
            loading.set(false);
            use(loaded);
            then.run();
        }, failure -> {
            loading.set(false);
            error.set(Messages.get("caseload.loadFailed", Failures.text(failure)));
        });
    }

    /** Shows this caseload (and again after changes elsewhere: groups, counts and rows are rebuilt). */
    public void use(Caseload loaded) {
        caseload.set(loaded);
        List<GroupItem> items = new ArrayList<>();
        items.add(new GroupItem(null, loaded.learners().size()));
        for (Group g : loaded.groups()) {
            items.add(new GroupItem(g, loaded.learnersIn(g.id()).size()));
        }
        UUID selected = selectedGroup.get() == null ? null : selectedGroup.get().id();
        groups.setAll(items);
        selectedGroup.set(items.stream().filter(i -> Objects.equals(i.id(), selected)).findFirst().orElse(items.get(0)));
        refresh();
        // Damaged records are known once the whole caseload has loaded: targets and concerns follow in the
        // background, started by the rows just worked out, so asked for only now (asking starts them too).
        runner.run(loaded::damaged, damaged -> damagedWarning.set(damaged.isEmpty() ? "" : Messages.get("caseload.damaged",
                damaged.size(), String.join(", ", damaged.stream().map(CaseloadViewModel::describe).distinct().limit(5).toList()))),
                failure -> damagedWarning.set(Messages.get("caseload.loadFailed", Failures.text(failure))));
    }

    private static String describe(DamagedRecord d) {
        return d.kind() + " " + d.id().toString().substring(0, 8);
    }

    /** Applies the search, the group and the filters. */
    public void refresh() {
        Caseload c = caseload.get();
        if (c == null) {
            rows.clear();
            count.set("");
            return;
        }
        Set<CaseloadFilter> filters = EnumSet.noneOf(CaseloadFilter.class);
        if (atRisk.get()) {
            filters.add(CaseloadFilter.AT_RISK);
        }
        if (pastoral.get()) {
            filters.add(CaseloadFilter.OPEN_TO_PASTORAL_TEAM);
        }
        if (reviewDue.get()) {
            filters.add(CaseloadFilter.REVIEW_DUE);
        }
        if (reviewOverdue.get()) {
            filters.add(CaseloadFilter.REVIEW_OVERDUE);
        }
        UUID groupId = selectedGroup.get() == null ? null : selectedGroup.get().id();
        String typed = query.get() == null ? "" : query.get();
        List<LearnerRow> found = c.rows(typed, filters, groupId, c.today());
        rows.setAll(found);
        count.set(Messages.get("caseload.count", found.size(), c.learners().size()));
    }

    public void clearFilters() {
        atRisk.set(false);
        pastoral.set(false);
        reviewDue.set(false);
        reviewOverdue.set(false);
        query.set("");
    }

    public ReadOnlyObjectProperty<Caseload> caseloadProperty() { return caseload; }
    public StringProperty queryProperty() { return query; }
    public BooleanProperty atRiskProperty() { return atRisk; }
    public BooleanProperty pastoralProperty() { return pastoral; }
    public BooleanProperty reviewDueProperty() { return reviewDue; }
    public BooleanProperty reviewOverdueProperty() { return reviewOverdue; }
    public ObjectProperty<GroupItem> selectedGroupProperty() { return selectedGroup; }
    public ObservableList<GroupItem> groups() { return groups; }
    public ObservableList<LearnerRow> rows() { return rows; }
    public ReadOnlyBooleanProperty loadingProperty() { return loading; }
    public ReadOnlyStringProperty errorProperty() { return error; }
    public ReadOnlyStringProperty damagedWarningProperty() { return damagedWarning; }
    public ReadOnlyStringProperty countProperty() { return count; }
}
