package org.tutela.app.ui.learner;

import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import org.tutela.app.ui.common.DateField;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.tutela.app.domain.ContactKind;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.LearnerStatus;
import org.tutela.app.domain.Punctuality;
import javafx.beans.property.SimpleBooleanProperty;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** Add or edit a learner. Layout only: state and validation live in {@link LearnerEditViewModel}. */
public final class LearnerEditView {
    private final VBox root;
    private final TextField first;

    public LearnerEditView(LearnerEditViewModel model, Runnable onCancel, java.util.function.Consumer<Learner> onSaved) {
        this(model, onCancel, onSaved, () -> { });
    }

    /** @param onDeleted after the learner is deleted (offered only when editing one, not adding) */
    public LearnerEditView(LearnerEditViewModel model, Runnable onCancel, java.util.function.Consumer<Learner> onSaved,
                           Runnable onDeleted) {
        first = field("edit-given", model.givenNameProperty());
        TextField uln = field("edit-uln", model.ulnProperty());
        // The ULN is checked digit by digit as it is typed, so its problem shows at once.
        Label ulnProblem = Controls.problemLine("edit-uln-problem", uln, model.ulnProblemProperty(), new SimpleBooleanProperty(true));
        VBox ulnBox = Controls.labelled("edit.uln", uln, ulnProblem);
        var showAll = model.showProblemsProperty();
        TextField family = field("edit-family", model.familyNameProperty());
        TextField year = field("edit-year", model.yearProperty());
        TextField lessons = field("edit-lessons", model.lessonsProperty());
        TextField absences = field("edit-absences", model.absencesProperty());

        // A caseload can hold many groups: typing a part of the name narrows the list.
        ComboBox<Group> group = Controls.searchable(new org.controlsfx.control.SearchableComboBox<>(model.groups()), "edit.group.search");
        group.setId("edit-group");
        group.setMaxWidth(Double.MAX_VALUE);
        group.setConverter(new StringConverter<>() {
            @Override
            public String toString(Group g) {
                return g == null ? "" : g.name();
            }

            @Override
            public Group fromString(String s) {
                return null;
            }
        });
        group.valueProperty().bindBidirectional(model.groupProperty());
        ComboBox<LearnerStatus> status = new ComboBox<>(FXCollections.observableArrayList(LearnerStatus.values()));
        status.setId("edit-status");
        status.setConverter(enumConverter("statusName."));
        status.valueProperty().bindBidirectional(model.statusProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        ComboBox<Punctuality> punctuality = new ComboBox<>(FXCollections.observableArrayList(Punctuality.values()));
        punctuality.setId("edit-punctuality");
        punctuality.setConverter(enumConverter("punctuality."));
        punctuality.valueProperty().bindBidirectional(model.punctualityProperty());
        punctuality.setMaxWidth(Double.MAX_VALUE);
        DateField start = Controls.dateField("edit-start", model.startDate());

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(12);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        grid.addRow(0, Controls.required(Controls.labelled("edit.given", first,
                        Controls.problemLine("edit-given-problem", first, model.nameProblemProperty(), showAll))),
                Controls.required(Controls.labelled("edit.family", family)),
                Controls.labelled("edit.preferred", field("edit-preferred", model.preferredNameProperty())));
        grid.addRow(1, ulnBox, Controls.labelled("edit.ilr", field("edit-ilr", model.ilrProperty())),
                Controls.required(Controls.labelled("edit.group", group,
                        Controls.problemLine("edit-group-problem", group, model.groupProblemProperty(), showAll))));
        grid.addRow(2, Controls.labelled("edit.school", field("edit-school", model.schoolProperty())),
                Controls.labelled("edit.course", field("edit-course", model.courseProperty())),
                Controls.labelled("edit.year", year, Controls.problemLine("edit-year-problem", year, model.yearProblemProperty(), showAll)));
        grid.addRow(3, Controls.labelled("edit.courseTutor", field("edit-course-tutor", model.courseTutorProperty())),
                Controls.labelled("edit.formTutor", field("edit-form-tutor", model.formTutorProperty())),
                Controls.labelled("edit.level", field("edit-level", model.levelProperty())));
        grid.addRow(4, Controls.labelled("edit.lessons", lessons,
                        Controls.problemLine("edit-lessons-problem", lessons, model.lessonsProblemProperty(), showAll)),
                Controls.labelled("edit.absences", absences,
                        Controls.problemLine("edit-absences-problem", absences, model.absencesProblemProperty(), showAll)),
                Controls.labelled("edit.punctuality", punctuality));
        grid.addRow(5, Controls.labelledDate("edit.start", start, model.startDate(), showAll),
                Controls.labelled("edit.status", status));
        for (javafx.scene.Node n : grid.getChildren()) {
            GridPane.setValignment(n, javafx.geometry.VPos.TOP);
        }

        FlowPane flags = new FlowPane(16, 8);
        for (LearnerFlag f : LearnerFlag.values()) {
            CheckBox box = new CheckBox(Messages.get("flag." + f.name()));
            box.setId("edit-flag-" + f.name().toLowerCase().replace('_', '-'));
            box.selectedProperty().bindBidirectional(model.flagProperty(f));
            flags.getChildren().add(box);
        }
        Label flagsLabel = new Label(Messages.get("edit.flags"));
        flagsLabel.getStyleClass().add("section");

        Label contactsLabel = new Label(Messages.get("edit.contacts"));
        contactsLabel.getStyleClass().add("section");
        VBox contactRows = new VBox(8);
        contactRows.setId("edit-contacts");
        Button addContact = Controls.button("edit-contact-add", "edit.contact.add");
        // after Remove, the keyboard carries on from Add a contact rather than from nowhere
        org.tutela.app.ui.common.FieldChecks[] checks = new org.tutela.app.ui.common.FieldChecks[1];
        Runnable showContacts = () -> {
            showContacts(model, contactRows, addContact::requestFocus, showAll);
            if (checks[0] != null) {
                checks[0].add(contactRows);
            }
        };
        model.contacts().addListener((javafx.collections.ListChangeListener<LearnerEditViewModel.ContactRow>) c -> showContacts.run());
        showContacts.run();

        Label error = Controls.messageLine("edit-error", "error");
        error.textProperty().bind(model.errorProperty());
        Button save = Controls.button("edit-save", "edit.save");
        save.setDefaultButton(true);
        // Never greyed out for a reason it does not say: Save with a box to correct says what is wrong beside it.
        save.setOnAction(e -> model.save(onSaved));
        Button cancel = Controls.button("edit-cancel", "common.cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> onCancel.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(10, error, spacer, cancel, save);
        if (!model.isNew()) {
            // A learner added by mistake: asked first, naming them; one with a history is kept, said beside it.
            Button delete = Controls.button("edit-delete", "edit.delete");
            delete.setOnAction(e -> model.delete(question -> Controls.confirm(delete.getScene().getWindow(), "edit-delete-ask",
                    "edit.delete.confirmTitle", question, "edit.delete.yes", "edit.delete.no"), onDeleted));
            actions.getChildren().add(0, delete);
        }
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox card = new VBox(14, Controls.heading(model.isNew() ? "edit.headingNew" : "edit.heading"), Controls.requiredLegend(),
                grid, flagsLabel, flags,
                contactsLabel, contactRows, addContact);
        card.getStyleClass().add("panel");
        card.setMaxWidth(980);
        ScrollPane scroll = new ScrollPane(card);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        addContact.setOnAction(e -> {
            model.addContact();
            // straight on to typing the new contact's name, brought into view at the foot of the form
            contactRows.lookupAll(".contact-name").stream().reduce((a, b) -> b).ifPresent(javafx.scene.Node::requestFocus);
            scroll.applyCss();
            scroll.layout();
            scroll.setVvalue(scroll.getVmax());
        });
        // Save and Cancel stay in view below the scrolling form
        actions.getStyleClass().add("panel");
        actions.setMaxWidth(980);
        root = new VBox(8, scroll, actions);
        root.setId("learner-edit");
        // a red corner on the boxes to fill in, a warning sign on one with a problem (the lines under them stay)
        checks[0] = org.tutela.app.ui.common.FieldChecks.attach(root);
        root.getStyleClass().add("content");
    }

    /** A line per contact: who they are, name, relationship, phone, email, and Remove. */
    private static void showContacts(LearnerEditViewModel model, VBox rows, Runnable afterRemove,
                                     javafx.beans.value.ObservableBooleanValue showAll) {
        rows.getChildren().clear();
        if (model.contacts().isEmpty()) {
            rows.getChildren().add(Controls.text("edit.contact.none"));
            return;
        }
        for (int i = 0; i < model.contacts().size(); i++) {
            LearnerEditViewModel.ContactRow row = model.contacts().get(i);
            int number = i + 1;
            String id = "edit-contact-" + number + "-";
            ComboBox<ContactKind> kind = new ComboBox<>(FXCollections.observableArrayList(ContactKind.values()));
            kind.setId(id + "kind");
            kind.setConverter(enumConverter("contact."));
            kind.valueProperty().bindBidirectional(row.kindProperty());
            kind.setAccessibleText(Messages.plain("edit.contact.kind", number));
            kind.setPrefWidth(150);
            TextField name = contactField(id + "name", row.nameProperty(), "edit.contact.namePrompt", "edit.contact.name", number);
            name.getStyleClass().add("contact-name");
            TextField relationship = contactField(id + "relationship", row.relationshipProperty(), "edit.contact.relationshipPrompt",
                    "edit.contact.relationship", number);
            TextField phone = contactField(id + "phone", row.phoneProperty(), "edit.contact.phonePrompt", "edit.contact.phone", number);
            TextField email = contactField(id + "email", row.emailProperty(), "edit.contact.emailPrompt", "edit.contact.email", number);
            Button remove = new Button(Messages.get("edit.contact.removeShort"));
            remove.setId(id + "remove");
            remove.setAccessibleText(Messages.plain("edit.contact.remove", number));
            remove.setMinWidth(Region.USE_PREF_SIZE);
            remove.setOnAction(e -> {
                model.removeContact(row);
                afterRemove.run();
            });
            HBox line = new HBox(8, kind, withProblem(name, Controls.problemLine(id + "name-problem", name, row.nameProblemProperty(), showAll)),
                    withProblem(relationship, null),
                    withProblem(phone, Controls.problemLine(id + "phone-problem", phone, row.phoneProblemProperty(), showAll)),
                    withProblem(email, Controls.problemLine(id + "email-problem", email, row.emailProblemProperty(), showAll)), remove);
            line.setAlignment(Pos.TOP_LEFT);
            for (javafx.scene.Node f : line.getChildren()) {
                if (f != kind && f != remove) {
                    HBox.setHgrow(f, Priority.ALWAYS);
                }
            }
            rows.getChildren().add(line);
        }
    }

    /** A contact's box with its problem line under it (the boxes share the line's width evenly). */
    private static VBox withProblem(TextField field, Label problem) {
        VBox box = problem == null ? new VBox(2, field) : new VBox(2, field, problem);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(120);
        field.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private static TextField contactField(String id, javafx.beans.property.StringProperty p, String promptKey, String nameKey,
                                          int number) {
        TextField f = field(id, p);
        f.setPromptText(Messages.plain(promptKey));
        f.setAccessibleText(Messages.plain(nameKey, number));
        f.setPrefColumnCount(10);
        return f;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty p) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private static <E extends Enum<E>> StringConverter<E> enumConverter(String prefix) {
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
        first.requestFocus();
    }
}
