package org.tutela.app.ui.confidential;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.NewTarget;
import org.tutela.app.domain.Signature;
import org.tutela.app.domain.TargetReview;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialForm;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;

/**
 * An opened confidential tutorial shown as the form it is, read only: the boxes of the Progress
 * Review / Tutorial Form in their order, each under its own heading, with only what was filled in.
 */
final class OpenedTutorialView {
    private OpenedTutorialView() {
    }

    static VBox build(Tutorial t) {
        TutorialForm f = t.form();
        VBox form = new VBox(12);
        form.setId("confidential-opened-form");
        form.getStyleClass().add("opened-form");
        Label title = new Label(Messages.get("confidential.content.header", Messages.get("kind." + t.kind().name()),
                t.tutor() == null ? "" : t.tutor(), Formats.date(t.date())));
        title.getStyleClass().add("section");
        form.getChildren().add(Controls.wrapWhole(title));

        GridPane facts = new GridPane();
        facts.setHgap(14);
        facts.setVgap(6);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        facts.getColumnConstraints().addAll(names, values);
        int row = 0;
        if (t.snapshot() != null && t.snapshot().header() != null) {
            row = fact(facts, row, "form.learnerName", t.snapshot().header().learnerName());
            row = fact(facts, row, "form.course", t.snapshot().header().course());
        }
        if (f.attendance() != null) {
            row = fact(facts, row, "form.attendance", Messages.get("learner.attendanceValue", f.attendance().lessons(),
                    f.attendance().absences(), Math.round(f.attendance().percent())));
        }
        row = fact(facts, row, "form.punctuality", Formats.named("punctuality.", f.punctuality()));
        row = fact(facts, row, "form.level", f.levelWorkingTowards());
        row = fact(facts, row, "form.onTarget", f.onTargetToAchieve() == null ? null
                : Messages.get(f.onTargetToAchieve() ? "form.yes" : "form.no"));
        if (row > 0) {
            form.getChildren().add(facts);
        }
        section(form, "form.comments", f.comments());
        section(form, "form.learnerComments", f.learnerComments());
        section(form, "form.tutorComments", f.tutorComments());
        if (!f.previousTargets().isEmpty()) {
            VBox list = new VBox(4);
            for (TargetReview r : f.previousTargets()) {
                String met = r.met() == null ? "" : r.met() ? Messages.get("confidential.content.met")
                        : Messages.get("confidential.content.notMet", r.whyNot() == null ? "" : r.whyNot());
                list.getChildren().add(line(Formats.joined(": ", target(r.text(), r.byWhen()), met)));
            }
            form.getChildren().add(titled("form.previousTargets", list));
        }
        if (!f.newTargets().isEmpty()) {
            VBox list = new VBox(4);
            for (NewTarget n : f.newTargets()) {
                list.getChildren().add(line(target(n.text(), n.byWhen())));
            }
            form.getChildren().add(titled("form.newTargets", list));
        }
        section(form, "form.agreedActions", f.agreedActions());
        section(form, "form.nextDate", Formats.date(f.nextTutorialDate()));
        if (!f.copiesTo().isEmpty()) {
            section(form, "form.copiesTo", String.join(", ", f.copiesTo().stream().sorted()
                    .map((CopyRecipient r) -> Messages.get("copy." + r.name())).toList()));
        }
        section(form, "form.signedLearner", signed(t.learnerSignature()));
        section(form, "form.signedTutor", signed(t.tutorSignature()));
        return form;
    }

    private static String target(String text, java.time.LocalDate by) {
        return by == null ? text : Messages.get("learner.targetBy", text, Formats.date(by));
    }

    private static String signed(Signature s) {
        return s == null ? null : Messages.get("form.signedBy", s.name(), Formats.date(s.date()));
    }

    private static int fact(GridPane grid, int row, String key, String value) {
        if (value == null || value.isBlank()) {
            return row;
        }
        Label name = new Label(Messages.plain(key));
        name.getStyleClass().add("field-label");
        grid.addRow(row, name, line(value));
        return row + 1;
    }

    private static void section(VBox form, String key, String text) {
        if (text != null && !text.isBlank()) {
            form.getChildren().add(titled(key, line(text.strip())));
        }
    }

    private static VBox titled(String key, Node content) {
        Label heading = new Label(Messages.plain(key));
        heading.getStyleClass().add("field-label");
        return new VBox(3, Controls.wrapWhole(heading), content);
    }

    private static Label line(String text) {
        Label l = Controls.wrapWhole(new Label(text));
        l.getStyleClass().add("field-value");
        return l;
    }
}
