package org.tutela.app.ui.summary;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.tutela.app.domain.CaseloadSummary;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;

/** The caseload summary: totals, a chart of held against entitlement by group, and a row per learner. */
public final class SummaryView {
    /** Below this width the chart goes above the table. */
    private static final double NARROW = 1080;
    private final VBox root;
    private final TableView<CaseloadSummary.Row> table;

    public SummaryView(SummaryViewModel model, Runnable onBack, java.util.function.Consumer<java.util.UUID> openLearner) {
        Button back = Controls.button("summary-back", "summary.back");
        back.setOnAction(e -> onBack.run());
        Label year = new Label(model.yearLabel());
        year.getStyleClass().add("hint");
        HBox top = new HBox(12, back, Controls.heading("summary.heading"), year);
        top.setAlignment(Pos.CENTER_LEFT);

        // The totals wrap onto a second line on a small screen rather than cutting their words short.
        javafx.scene.layout.FlowPane totals = new javafx.scene.layout.FlowPane(12, 12);
        totals.setId("summary-totals");

        // Horizontal bars: the group names read across, however many groups there are.
        NumberAxis x = new NumberAxis();
        CategoryAxis y = new CategoryAxis();
        x.setLabel(Messages.get("summary.chart.axis"));
        BarChart<Number, String> chart = new BarChart<>(x, y);
        chart.setId("summary-chart");
        chart.setTitle(Messages.get("summary.chart.title"));
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setCategoryGap(4);
        chart.setBarGap(0);
        chart.setMinWidth(340);
        chart.setPrefWidth(380);
        chart.setAccessibleText(Messages.plain("summary.chart.title"));
        x.setAnimated(false);
        y.setAnimated(false);

        table = new TableView<>(model.rows());
        table.setId("summary-table");
        table.setAccessibleText(Messages.plain("summary.table"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("summary.col.learner", CaseloadSummary.Row::learnerName, 145));
        table.getColumns().add(col("summary.col.group", r -> r.groupName() == null ? "" : r.groupName(), 122));
        table.getColumns().add(col("summary.col.reviews", r -> r.tally().reviewsHeld() + " / " + r.tally().entitlement().oneToOneReviews(), 70));
        table.getColumns().add(col("summary.col.sessions", r -> r.tally().groupSessionsHeld() + " / " + r.tally().entitlement().groupSessions(), 80));
        table.getColumns().add(col("summary.col.next", r -> r.review().dueBy() == null ? Messages.get("review.NOT_DUE")
                : Formats.date(r.review().dueBy()) + (r.review().overdue() ? " (" + Messages.get("review.OVERDUE") + ")" : ""), 150));
        table.getColumns().add(col("summary.col.atRisk", r -> r.atRisk() ? Messages.get("form.yes") : "", 62));
        table.getColumns().add(col("summary.col.targets", r -> r.targetsMet() + " / " + r.targetsSet(), 72));
        Controls.fitHeadings(table);
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && table.getSelectionModel().getSelectedItem() != null) {
                openLearner.accept(table.getSelectionModel().getSelectedItem().learnerId());
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                openLearner.accept(table.getSelectionModel().getSelectedItem().learnerId());
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        model.summaryProperty().addListener((o, a, s) -> {
            CaseloadSummary.Totals t = s.totals();
            totals.getChildren().setAll(
                    tile("summary.learners", Integer.toString(t.learners())),
                    tile("summary.reviews", t.reviewsHeld() + " / " + t.reviewsEntitled()),
                    tile("summary.sessions", t.groupSessionsHeld() + " / " + t.groupSessionsEntitled()),
                    tile("summary.overdue", Integer.toString(t.overdueReviews())),
                    tile("summary.atRisk", Integer.toString(t.atRisk())),
                    tile("summary.targets", t.targetsMet() + " / " + t.targetsSet()));
            XYChart.Series<Number, String> held = new XYChart.Series<>();
            held.setName(Messages.get("summary.chart.held"));
            XYChart.Series<Number, String> entitled = new XYChart.Series<>();
            entitled.setName(Messages.get("summary.chart.entitled"));
            java.util.List<String> names = new java.util.ArrayList<>(model.bars().stream().map(SummaryViewModel.GroupBar::group).toList());
            java.util.Collections.reverse(names); // first group at the top
            y.setCategories(javafx.collections.FXCollections.observableArrayList(names));
            // Tall enough to name every group (a squeezed axis drops labels); the screen scrolls instead.
            chart.setMinHeight(130 + 22.0 * names.size());
            for (SummaryViewModel.GroupBar b : model.bars()) {
                held.getData().add(new XYChart.Data<>(b.reviewsHeld(), b.group()));
                entitled.getData().add(new XYChart.Data<>(b.reviewsEntitled(), b.group()));
            }
            chart.getData().setAll(java.util.List.of(held, entitled));
        });
        Label tableLabel = new Label(Messages.get("summary.perLearner"));
        tableLabel.getStyleClass().add("section");
        tableLabel.setLabelFor(table);
        VBox tableBox = new VBox(8, tableLabel, table);
        HBox.setHgrow(tableBox, Priority.ALWAYS);
        table.setMinWidth(300);
        table.setPrefWidth(300); // takes the width the chart leaves
        table.setMinHeight(220);
        // Chart beside the table on a wide window; above it on a narrow one, where the two would squeeze each other.
        HBox body = new HBox(16, chart, tableBox);
        VBox stacked = new VBox(16);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox.setVgrow(stacked, Priority.ALWAYS);
        VBox content = new VBox(12, top, totals, body);
        content.getStyleClass().add("content");
        content.widthProperty().addListener((o, was, now) -> {
            boolean narrow = now.doubleValue() < NARROW;
            if (narrow && content.getChildren().contains(body)) {
                stacked.getChildren().setAll(chart, tableBox);
                content.getChildren().set(content.getChildren().indexOf(body), stacked);
            } else if (!narrow && content.getChildren().contains(stacked)) {
                body.getChildren().setAll(chart, tableBox);
                content.getChildren().set(content.getChildren().indexOf(stacked), body);
            }
        });
        javafx.scene.control.ScrollPane page = Controls.page(content);
        root = new VBox(page);
        VBox.setVgrow(page, Priority.ALWAYS);
        root.setId("summary");
    }

    private static VBox tile(String key, String value) {
        Label v = new Label(value);
        v.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // "470 / 1816", never "470 / 1..." 
        v.getStyleClass().add("tile-value");
        Label l = new Label(Messages.get(key));
        l.getStyleClass().add("tile-label");
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox box = new VBox(2, v, l);
        box.getStyleClass().add("tile");
        box.setPrefWidth(150); // six to a line on a wide screen, wrapping on a small one
        return box;
    }

    private static TableColumn<CaseloadSummary.Row, String> col(String key, Function<CaseloadSummary.Row, String> v, double w) {
        TableColumn<CaseloadSummary.Row, String> c = new TableColumn<>(Messages.get(key));
        c.setCellValueFactory(r -> new ReadOnlyStringWrapper(v.apply(r.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        table.requestFocus();
    }
}
