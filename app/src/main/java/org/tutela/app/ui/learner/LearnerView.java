package org.tutela.app.ui.learner;

import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.Navigator;

/** A learner: details and contacts, flags, the timeline of tutorials and concerns, open targets. */
public final class LearnerView {
    private final VBox root;
    private final ListView<LearnerViewModel.Entry> timeline;

    public LearnerView(LearnerViewModel model, Navigator navigator) {
        Button back = Controls.button("back-to-caseload", "learner.back");
        back.setOnAction(e -> navigator.showCaseload());
        Button plan = Controls.button("plan-tutorial", "learner.plan");
        plan.setOnAction(e -> navigator.planTutorial(model.learner().id(), null));
        Button concern = Controls.button("raise-concern", "learner.raiseConcern");
        concern.setOnAction(e -> navigator.openConcern(model.learner().id(), null));
        Button edit = Controls.button("edit-learner", "learner.edit");
        edit.setOnAction(e -> navigator.editLearner(model.learner().id(), null));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(10, back, spacer, edit, concern, plan);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label name = new Label(model.name());
        name.setId("learner-name");
        name.getStyleClass().add("heading");
        Label subtitle = new Label(model.subtitle());
        subtitle.getStyleClass().add("hint");
        FlowPane flags = new FlowPane(8, 6);
        for (LearnerFlag f : model.flags()) {
            Label chip = new Label(Messages.get("flag." + f.name()));
            chip.getStyleClass().addAll("chip", "chip-" + f.name().toLowerCase());
            flags.getChildren().add(chip);
        }

        // Details two to a row, each a small label above its value.
        GridPane details = new GridPane();
        details.setHgap(18);
        details.setVgap(10);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        details.getColumnConstraints().addAll(half, half);
        int i = 0;
        for (LearnerViewModel.Detail d : model.details()) {
            Label l = new Label(d.label());
            l.getStyleClass().add("detail-label");
            Label v = new Label(d.value().isEmpty() ? "\u2014" : d.value());
            v.setWrapText(true);
            VBox pair = new VBox(1, l, v);
            boolean wide = d.value().length() > 28;
            if (wide && i % 2 == 1) {
                i++;
            }
            details.add(pair, i % 2, i / 2, wide ? 2 : 1, 1);
            i += wide ? 2 : 1;
        }
        VBox contacts = new VBox(4);
        if (model.contacts().isEmpty()) {
            contacts.getChildren().add(Controls.text("learner.noContacts"));
        }
        for (String c : model.contacts()) {
            Label l = new Label(c);
            l.setWrapText(true);
            contacts.getChildren().add(l);
        }
        VBox left = new VBox(10, section("learner.details"), details, section("learner.contacts"), contacts);
        left.getStyleClass().add("panel");
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setPrefWidth(460);
        leftScroll.setMinWidth(380);

        timeline = new ListView<>(FXCollections.observableArrayList(model.timeline()));
        timeline.setId("learner-timeline");
        timeline.setPlaceholder(new Label(Messages.get("learner.noTimeline")));
        timeline.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LearnerViewModel.Entry item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("warning-row", "confidential-row");
                setText(empty || item == null ? null : item.toString());
                setWrapText(true);
                setPrefWidth(0);
                if (item != null && item.warning()) {
                    getStyleClass().add("warning-row");
                }
                if (item != null && item.confidential()) {
                    getStyleClass().add("confidential-row");
                }
            }
        });
        Label timelineLabel = section("learner.timeline");
        timelineLabel.setLabelFor(timeline);
        Button open = Controls.button("open-entry", "learner.open");
        open.disableProperty().bind(timeline.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> openSelected(model, navigator));
        // Enter or Space opens the selected entry (Space must never reach the Back button).
        timeline.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if ((e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) && !e.isAltDown() && !e.isShortcutDown()) {
                e.consume();
                openSelected(model, navigator);
            }
        });
        // Keyboard focus in the list means a row is selected, not only outlined.
        timeline.focusedProperty().addListener((o, was, now) -> {
            if (now && timeline.getSelectionModel().isEmpty() && !timeline.getItems().isEmpty()) {
                int focused = Math.max(0, timeline.getFocusModel().getFocusedIndex());
                timeline.getSelectionModel().select(focused);
            }
        });
        timeline.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openSelected(model, navigator);
            }
        });
        HBox timelineActions = new HBox(10, open);

        ListView<String> targets = new ListView<>(FXCollections.observableArrayList(model.openTargets()));
        targets.setId("learner-targets");
        targets.setPlaceholder(new Label(Messages.get("learner.noTargets")));
        targets.setPrefHeight(130);
        targets.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setWrapText(true); // a long target wraps rather than running off to the side
                setPrefWidth(0);
            }
        });
        Label targetsLabel = section("learner.targets");
        targetsLabel.setLabelFor(targets);

        // Both lists keep a usable height: on a small screen the page scrolls rather than squeezing one away.
        timeline.setMinHeight(150);
        targets.setMinHeight(96);
        leftScroll.setMinHeight(200);
        // the safeguarding lead's tasks about this learner (head office's answers to their concerns)
        ListView<org.tutela.app.domain.SafeguardingTask> tasks = new ListView<>(model.tasks());
        tasks.setId("learner-tasks");
        tasks.setPlaceholder(new Label(Messages.get("learner.noTasks")));
        tasks.setPrefHeight(110);
        tasks.setMinHeight(76);
        tasks.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(org.tutela.app.domain.SafeguardingTask item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("muted-row");
                setText(empty || item == null ? null : model.describe(item));
                setWrapText(true);
                setPrefWidth(0);
                if (item != null && item.done()) {
                    getStyleClass().add("muted-row");
                }
            }
        });
        Label tasksLabel = section("learner.tasks");
        tasksLabel.setLabelFor(tasks);
        Button markDone = Controls.button("mark-task-done", "learner.markDone");
        markDone.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            var t = tasks.getSelectionModel().getSelectedItem();
            return t == null || t.done();
        }, tasks.getSelectionModel().selectedItemProperty(), model.tasks()));
        markDone.setOnAction(e -> model.markDone(tasks.getSelectionModel().getSelectedItem()));
        Label taskMessage = Controls.messageLine("task-message", "hint");
        taskMessage.textProperty().bind(model.taskMessageProperty());
        HBox taskActions = new HBox(10, markDone, taskMessage);
        taskActions.setAlignment(Pos.CENTER_LEFT);
        VBox tasksBox = new VBox(8, tasksLabel, tasks, taskActions);
        tasksBox.managedProperty().bind(tasksBox.visibleProperty());
        tasksBox.setVisible(!model.tasks().isEmpty());

        VBox right = new VBox(8, timelineLabel, timeline, timelineActions, tasksBox, targetsLabel, targets);
        VBox.setVgrow(timeline, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox body = new HBox(20, leftScroll, right);
        VBox.setVgrow(body, Priority.ALWAYS);

        VBox content = new VBox(10, actions, name, subtitle, flags, body);
        content.getStyleClass().add("content");
        javafx.scene.control.ScrollPane page = Controls.page(content);
        root = new VBox(page);
        VBox.setVgrow(page, Priority.ALWAYS);
        root.setPadding(new Insets(0));
        root.setId("learner");
    }

    private void openSelected(LearnerViewModel model, Navigator navigator) {
        LearnerViewModel.Entry entry = timeline.getSelectionModel().getSelectedItem();
        if (entry == null) {
            return;
        }
        if (entry.tutorialId() != null) {
            navigator.openTutorial(entry.tutorialId());
        } else if (entry.concernId() != null) {
            navigator.openConcern(model.learner().id(), entry.concernId());
        }
    }

    private static Label section(String key) {
        Label l = new Label(Messages.get(key));
        l.setMnemonicParsing(true);
        l.getStyleClass().add("section");
        return l;
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        focus(10);
    }

    private void focus(int triesLeft) {
        if (timeline.getSelectionModel().isEmpty() && !timeline.getItems().isEmpty()) {
            timeline.getSelectionModel().select(0);
        }
        if (timeline.getScene() == null || timeline.getScene().getWindow() == null) {
            if (triesLeft > 0) {
                javafx.application.Platform.runLater(() -> focus(triesLeft - 1)); // not on screen yet: as soon as it is
            }
            return;
        }
        timeline.requestFocus();
    }
}
