package org.tutela.app.ui.caseload;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.ReviewDue;
import org.tutela.app.records.LearnerRow;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Navigator;

/** The caseload: a group list beside a table of learners, search as you type and the filters. */
public final class CaseloadView {
    private final BorderPane root;
    private final TextField search;
    private final TableView<LearnerRow> table;

    public CaseloadView(CaseloadViewModel model, Navigator navigator) {
        search = new TextField();
        search.setId("caseload-search");
        search.setPromptText(Messages.plain("caseload.search.prompt"));
        search.textProperty().bindBidirectional(model.queryProperty());
        search.setPrefColumnCount(28);

        CheckBox atRisk = check("filter-at-risk", "caseload.filter.atRisk", model.atRiskProperty());
        CheckBox pastoral = check("filter-pastoral", "caseload.filter.pastoral", model.pastoralProperty());
        CheckBox due = check("filter-due", "caseload.filter.due", model.reviewDueProperty());
        CheckBox overdue = check("filter-overdue", "caseload.filter.overdue", model.reviewOverdueProperty());
        Label count = new Label();
        count.setId("caseload-count");
        count.getStyleClass().add("hint");
        count.textProperty().bind(model.countProperty());

        VBox searchBox = Controls.labelled("caseload.search", search);
        FlowPane filters = new FlowPane(16, 8, atRisk, pastoral, due, overdue);
        filters.setAlignment(Pos.CENTER_LEFT);
        HBox header = new HBox(24, searchBox, filters);
        header.setAlignment(Pos.BOTTOM_LEFT);
        HBox.setHgrow(filters, Priority.ALWAYS);

        Label damaged = Controls.messageLine("caseload-damaged", "error");
        damaged.textProperty().bind(model.damagedWarningProperty());
        Label error = Controls.messageLine("caseload-error", "error");
        error.textProperty().bind(model.errorProperty());

        ListView<CaseloadViewModel.GroupItem> groups = new ListView<>(model.groups());
        groups.setId("caseload-groups");
        groups.setPrefWidth(270);
        groups.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.selectedGroupProperty().set(b);
            }
        });
        model.selectedGroupProperty().addListener((o, a, b) -> {
            if (b != null && groups.getSelectionModel().getSelectedItem() != b) {
                groups.getSelectionModel().select(b);
            }
        });
        Button printGroup = Controls.button("print-group", "caseload.printGroup");
        printGroup.setMaxWidth(Double.MAX_VALUE);
        printGroup.disableProperty().bind(model.selectedGroupProperty().isNull()
                .or(javafx.beans.binding.Bindings.createBooleanBinding(
                        () -> model.selectedGroupProperty().get() == null || model.selectedGroupProperty().get().group() == null,
                        model.selectedGroupProperty())));
        printGroup.setOnAction(e -> navigator.printGroup(model.selectedGroupProperty().get().group()));
        Label groupInfo = new Label();
        groupInfo.setId("group-info");
        groupInfo.setWrapText(true);
        groupInfo.getStyleClass().add("hint");
        groupInfo.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            CaseloadViewModel.GroupItem item = model.selectedGroupProperty().get();
            if (item == null || item.group() == null) {
                return Messages.get("caseload.groupInfo.all");
            }
            var g = item.group();
            String where = Formats.joined(", ", g.programme(), g.siteOrEmployer());
            return Formats.joined(" ", where.isEmpty() ? "" : Messages.get("caseload.groupInfo.where", where),
                    Messages.get("caseload.groupInfo.reviews", g.reviewFrequency().describe()));
        }, model.selectedGroupProperty()));
        Label groupsLabel = new Label(Messages.get("caseload.groups"));
        groupsLabel.setMnemonicParsing(true);
        groupsLabel.setLabelFor(groups);
        groupsLabel.getStyleClass().add("section");
        VBox left = new VBox(8, groupsLabel, groups, groupInfo, printGroup);
        VBox.setVgrow(groups, Priority.ALWAYS);
        left.setPrefWidth(270);
        left.setMinWidth(220);

        table = new TableView<>(model.rows());
        table.setId("caseload-table");
        table.setAccessibleText(Messages.plain("caseload.table"));
        table.setPlaceholder(new Label(Messages.get("caseload.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(textColumn("caseload.col.name", r -> r.learner().displayName(), 180));
        TableColumn<LearnerRow, String> uln = textColumn("caseload.col.uln", r -> r.learner().uln() == null ? "" : r.learner().uln().value(), 105);
        uln.setMinWidth(100); // ten digits, never cut: a tutor reads them off against the ILR
        table.getColumns().add(uln);
        table.getColumns().add(textColumn("caseload.col.course", r -> nz(r.learner().course()), 170));
        table.getColumns().add(textColumn("caseload.col.flags", CaseloadView::flags, 120));
        table.getColumns().add(dateColumn("caseload.col.lastHeld", LearnerRow::lastTutorialHeld));
        TableColumn<LearnerRow, LearnerRow> next = new TableColumn<>(Messages.get("caseload.col.nextDue"));
        next.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        next.setPrefWidth(215);
        next.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(LearnerRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("due", "overdue");
                if (empty || row == null) {
                    setText(null);
                    return;
                }
                ReviewDue.State st = row.review().state();
                java.time.LocalDate planned = row.review().nextPlanned();
                String date = Formats.date(planned != null ? planned : row.nextDue());
                setText(st == ReviewDue.State.NOT_DUE ? Messages.get("review.NOT_DUE")
                        : planned != null ? Messages.get("caseload.nextPlanned", date)
                        : st == ReviewDue.State.ON_TRACK ? date : Messages.get("caseload.nextDue", date, Messages.get("review." + st.name())));
                if (st == ReviewDue.State.OVERDUE) {
                    getStyleClass().add("overdue");
                } else if (st == ReviewDue.State.DUE) {
                    getStyleClass().add("due");
                }
            }
        });
        table.getColumns().add(next);
        Controls.fitHeadings(table);
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                navigator.openLearner(table.getSelectionModel().getSelectedItem().learner().id());
                e.consume();
            }
        });
        table.setRowFactory(tv -> {
            var row = new javafx.scene.control.TableRow<LearnerRow>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    navigator.openLearner(row.getItem().learner().id());
                }
            });
            return row;
        });
        search.setOnAction(e -> {
            if (!table.getItems().isEmpty()) {
                table.requestFocus();
                table.getSelectionModel().selectFirst();
                table.getFocusModel().focus(0);
            }
        });

        Button open = Controls.button("open-learner", "caseload.openLearner");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> navigator.openLearner(table.getSelectionModel().getSelectedItem().learner().id()));
        Button add = Controls.button("add-learner", "caseload.addLearner");
        add.setOnAction(e -> {
            CaseloadViewModel.GroupItem item = model.selectedGroupProperty().get();
            navigator.editLearner(null, item == null ? null : item.group());
        });
        Button clear = Controls.button("clear-filters", "caseload.clearFilters");
        clear.setOnAction(e -> model.clearFilters());
        ProgressIndicator loading = new ProgressIndicator();
        loading.setPrefSize(22, 22);
        loading.visibleProperty().bind(model.loadingProperty());
        loading.managedProperty().bind(model.loadingProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(12, count, loading, spacer, clear, add, open);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox centre = new VBox(8, table, actions);
        VBox.setVgrow(table, Priority.ALWAYS);
        BorderPane.setMargin(centre, new javafx.geometry.Insets(0, 0, 0, 16));

        VBox top = new VBox(10, Controls.heading("caseload.heading"), header, damaged, error);
        BorderPane.setMargin(top, new javafx.geometry.Insets(0, 0, 12, 0));
        root = new BorderPane(centre);
        root.setTop(top);
        root.setLeft(left);
        root.setId("caseload");
        root.getStyleClass().add("content");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String flags(LearnerRow row) {
        List<String> parts = new ArrayList<>();
        for (LearnerFlag f : LearnerFlag.values()) {
            if (row.learner().flagged(f)) {
                parts.add(Messages.get("flag.short." + f.name()));
            }
        }
        return String.join(", ", parts);
    }

    private static CheckBox check(String id, String key, javafx.beans.property.BooleanProperty property) {
        CheckBox box = new CheckBox(Messages.get(key));
        box.setId(id);
        box.setMnemonicParsing(true);
        box.selectedProperty().bindBidirectional(property);
        return box;
    }

    private static TableColumn<LearnerRow, String> textColumn(String key, Function<LearnerRow, String> value, double width) {
        TableColumn<LearnerRow, String> col = new TableColumn<>(Messages.get(key));
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        return col;
    }

    private static TableColumn<LearnerRow, LocalDate> dateColumn(String key, Function<LearnerRow, LocalDate> value) {
        TableColumn<LearnerRow, LocalDate> col = new TableColumn<>(Messages.get(key));
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(LocalDate d, boolean empty) {
                super.updateItem(d, empty);
                setText(empty ? null : d == null ? Messages.get("caseload.never") : Formats.date(d));
            }
        });
        col.setComparator(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        col.setPrefWidth(110);
        col.setMinWidth(100);
        return col;
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        search.requestFocus();
    }
}
