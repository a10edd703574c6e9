package org.tutela.app.ui.concern;

import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.ConcernStatus;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;

/** Raise or follow up a concern and refer it. Layout only: state lives in {@link ConcernViewModel}. */
public final class ConcernView {
    private final VBox root;
    private final ComboBox<ConcernCategory> category;

    public ConcernView(ConcernViewModel model, Runnable onBack, Runnable onEditSignposting) {
        category = new ComboBox<>(FXCollections.observableArrayList(ConcernCategory.values()));
        category.setId("concern-category");
        category.setConverter(converter("concern.category."));
        category.valueProperty().bindBidirectional(model.categoryProperty());
        TextArea description = new TextArea();
        description.setId("concern-description");
        description.setWrapText(true);
        description.setPrefRowCount(4);
        description.textProperty().bindBidirectional(model.descriptionProperty());
        Label seen = Controls.messageLine("concern-seen-by-lead", "hint");
        seen.textProperty().bind(model.seenByLeadProperty());
        Label urgent = Controls.messageLine("concern-urgent", "error");
        urgent.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.urgent() ? Messages.get("concern.urgent") : "", model.categoryProperty()));

        ComboBox<SignpostingService> service = new ComboBox<>(model.services());
        service.setId("concern-service");
        service.setPrefWidth(320);
        service.setConverter(new StringConverter<>() {
            @Override
            public String toString(SignpostingService s) {
                return s == null ? "" : s.name() + (s.whatFor() == null || s.whatFor().isBlank() ? "" : " \u2014 " + s.whatFor());
            }

            @Override
            public SignpostingService fromString(String string) {
                return null;
            }
        });
        service.valueProperty().bindBidirectional(model.serviceProperty());
        TextField other = new TextField();
        other.setId("concern-other");
        other.setPrefColumnCount(24);
        other.textProperty().bindBidirectional(model.referredOtherProperty());
        Button editList = Controls.button("concern-edit-signposting", "concern.editSignposting");
        editList.setOnAction(e -> onEditSignposting.run());
        Label contact = new Label();
        contact.setWrapText(true);
        contact.getStyleClass().add("hint");
        contact.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            SignpostingService s = model.serviceProperty().get();
            return s == null || s.contact() == null || s.contact().isBlank() ? "" : Messages.get("concern.contact", s.contact());
        }, model.serviceProperty()));
        HBox referral = new HBox(16, Controls.labelled("concern.service", service), Controls.labelled("concern.other", other), editList);
        referral.setAlignment(Pos.BOTTOM_LEFT);

        ComboBox<ConcernStatus> status = new ComboBox<>(FXCollections.observableArrayList(ConcernStatus.values()));
        status.setId("concern-status");
        status.setConverter(converter("concern.status."));
        status.valueProperty().bindBidirectional(model.statusProperty());

        ListView<Concern.FollowUp> followUps = new ListView<>(model.followUps());
        followUps.setId("concern-follow-ups");
        followUps.setPrefHeight(110);
        followUps.setPlaceholder(new Label(Messages.get("concern.noFollowUps")));
        followUps.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Concern.FollowUp f, boolean empty) {
                super.updateItem(f, empty);
                setText(empty || f == null ? null : Formats.date(f.date()) + "  " + f.note() + (f.by() == null ? "" : " (" + f.by() + ")"));
            }
        });
        TextField followUp = new TextField();
        followUp.setId("concern-follow-up");
        followUp.textProperty().bindBidirectional(model.followUpProperty());

        Label error = Controls.messageLine("concern-error", "error");
        error.textProperty().bind(model.errorProperty());
        Label saved = Controls.messageLine("concern-saved", "hint");
        saved.textProperty().bind(model.savedProperty());
        Button save = Controls.button("concern-save", "concern.save");
        save.setDefaultButton(true);
        save.setOnAction(e -> model.save(c -> { }));
        Button back = Controls.button("concern-back", "concern.back");
        back.setCancelButton(true);
        back.setOnAction(e -> onBack.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(10, error, saved, spacer, back, save);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label heading = new Label();
        heading.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> Messages.get(model.isNew() ? "concern.headingNew" : "concern.heading", model.learner().displayName()),
                model.savedProperty()));
        heading.getStyleClass().add("heading");
        VBox followUpsBox = Controls.labelled("concern.followUps", followUps);
        HBox what = new HBox(16, Controls.required(Controls.labelled("concern.category", category,
                Controls.problemLine("concern-category-problem", category, model.categoryProblemProperty(),
                        new javafx.beans.property.SimpleBooleanProperty(true)))),
                Controls.labelled("concern.statusLabel", status));
        VBox card = new VBox(14, heading, Controls.requiredLegend(), what, seen, urgent,
                Controls.labelled("concern.description", description), referral, contact,
                followUpsBox, Controls.labelled("concern.addFollowUp", followUp), actions);
        card.getStyleClass().add("panel");
        card.setMaxWidth(920);
        VBox inner = new VBox(card);
        inner.getStyleClass().add("content");
        // Scrolls on a small screen, so Save and Back can always be reached.
        javafx.scene.control.ScrollPane page = Controls.page(inner);
        root = new VBox(page);
        VBox.setVgrow(page, Priority.ALWAYS);
        root.setId("concern");
    }

    static <E extends Enum<E>> StringConverter<E> converter(String prefix) {
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
        category.requestFocus();
    }
}
