package org.tutela.app.ui.tutor;

import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.tutela.app.ui.common.Controls;

/** The boxes of the tutor's details (name, role, email, phone), two to a row, each with its problem beside it. */
public final class TutorDetailsFields {
    private TutorDetailsFields() {
    }

    /** @param idPrefix "create-tutor" or "tutor": ids are idPrefix-name, -role, -email, -phone */
    public static GridPane create(String idPrefix, TutorDetailsViewModel model) {
        TextField name = field(idPrefix + "-name", model.nameProperty());
        TextField role = field(idPrefix + "-role", model.roleProperty());
        TextField email = field(idPrefix + "-email", model.emailProperty());
        TextField phone = field(idPrefix + "-phone", model.phoneProperty());
        VBox nameBox = Controls.required(Controls.labelled("tutor.name", name,
                Controls.problemLine(idPrefix + "-name-problem", name, model.nameProblemProperty(), model.showProblemsProperty())));
        VBox emailBox = Controls.labelled("tutor.email", email,
                Controls.problemLine(idPrefix + "-email-problem", email, model.emailProblemProperty(), model.showProblemsProperty()));
        VBox phoneBox = Controls.labelled("tutor.phone", phone,
                Controls.problemLine(idPrefix + "-phone-problem", phone, model.phoneProblemProperty(), model.showProblemsProperty()));
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(10);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(c);
        }
        grid.addRow(0, nameBox, Controls.labelled("tutor.role", role));
        grid.addRow(1, emailBox, phoneBox);
        grid.setId(idPrefix + "-details");
        return grid;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(property);
        return f;
    }

    /** The first box, for focus. */
    public static TextField nameField(GridPane fields) {
        return (TextField) fields.lookup(".text-field");
    }
}
