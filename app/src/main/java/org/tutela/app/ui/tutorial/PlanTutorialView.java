package org.tutela.app.ui.tutorial;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import org.tutela.app.ui.common.DateField;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialKind;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** Plan (or rearrange) a tutorial. Layout only: state lives in {@link PlanTutorialViewModel}. */
public final class PlanTutorialView {
    private final VBox root;
    private final ComboBox<TutorialKind> kind;

    public PlanTutorialView(PlanTutorialViewModel model, Runnable onCancel, java.util.function.Consumer<Tutorial> onSaved) {
        kind = new ComboBox<>();
        kind.setId("plan-kind");
        kind.getItems().setAll(TutorialKind.values());
        kind.setConverter(enumConverter("kind."));
        kind.setPrefWidth(290);
        kind.valueProperty().bindBidirectional(model.kindProperty());
        DateField date = Controls.dateField("plan-date", model.date());
        TextField time = new TextField();
        time.setId("plan-time");
        time.setPromptText("14:30");
        time.setPrefColumnCount(6);
        time.textProperty().bindBidirectional(model.timeProperty());
        TextField location = new TextField();
        location.setId("plan-location");
        location.setPrefColumnCount(24);
        location.textProperty().bindBidirectional(model.locationProperty());

        Label due = new Label(model.dueInfo());
        due.setId("plan-due");
        due.setWrapText(true);
        due.getStyleClass().add("hint");

        Label timeProblem = Controls.problemLine("plan-time-problem", time, model.timeProblemProperty(), model.showProblemsProperty());
        HBox when = new HBox(16, Controls.labelled("plan.kind", kind), Controls.required(Controls.labelledDate("plan.date", date, model.date(), model.showProblemsProperty())),
                Controls.labelled("plan.time", time, timeProblem), Controls.labelled("plan.location", location));
        when.setAlignment(Pos.TOP_LEFT);
        for (javafx.scene.Node n : when.getChildren()) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        FlowPane whenFlow = new FlowPane(16, 12);
        whenFlow.getChildren().addAll(when.getChildren());
        Label warning = Controls.messageLine("plan-warning", "notice");
        warning.textProperty().bind(model.warningProperty());

        Label advice = Controls.messageLine("plan-advice", "notice");
        advice.textProperty().bind(model.noticeAdviceProperty());
        Label changed = Controls.messageLine("plan-changed", "error");
        changed.textProperty().bind(model.changeWarningProperty());
        TextArea notice = new TextArea();
        notice.setId("plan-notice");
        notice.setEditable(false);
        notice.setWrapText(true);
        notice.setPrefRowCount(4);
        notice.textProperty().bind(model.noticeTextProperty());
        Button copy = Controls.button("plan-copy", "plan.copy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.noticeTextProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        CheckBox told = new CheckBox(Messages.get("plan.learnerTold"));
        told.setId("plan-told");
        told.setMnemonicParsing(true);
        told.selectedProperty().bindBidirectional(model.learnerToldProperty());

        Label error = Controls.messageLine("plan-error", "error");
        error.textProperty().bind(model.errorProperty());
        Button save = Controls.button("plan-save", model.rearranging() ? "plan.saveChanges" : "plan.save");
        save.setDefaultButton(true);
        save.disableProperty().bind(model.canSaveProperty().not());
        save.setOnAction(e -> model.save(onSaved));
        Button cancel = Controls.button("plan-cancel", "common.cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> onCancel.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(10, error, spacer, cancel, save);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label heading = new Label(Messages.get(model.rearranging() ? "plan.headingRearrange" : "plan.heading", model.learner().displayName()));
        heading.getStyleClass().add("heading");
        VBox card = new VBox(14, heading, due, Controls.requiredLegend(), whenFlow, warning, changed, Controls.labelled("plan.notice", notice),
                noticeActions(copy, told), advice, actions);
        card.getStyleClass().add("panel");
        card.setMaxWidth(900);
        VBox inner = new VBox(card);
        inner.getStyleClass().add("content");
        // Scrolls on a small screen, so Save and Cancel can always be reached.
        javafx.scene.control.ScrollPane page = Controls.page(inner);
        root = new VBox(page);
        VBox.setVgrow(page, Priority.ALWAYS);
        root.setId("plan");
        org.tutela.app.ui.common.FieldChecks.attach(root);
    }

    private static HBox noticeActions(Button copy, CheckBox told) {
        HBox box = new HBox(16, copy, told);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    static <E extends Enum<E>> StringConverter<E> enumConverter(String prefix) {
        return new StringConverter<>() {
            @Override
            public String toString(E value) {
                return value == null ? "" : Messages.get(prefix + value.name());
            }

            @Override
            public E fromString(String s) {
                return null;
            }
        };
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        kind.requestFocus();
    }
}
