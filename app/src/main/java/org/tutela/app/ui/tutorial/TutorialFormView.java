package org.tutela.app.ui.tutorial;

import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.tutela.app.domain.Amendment;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.LearnerHeader;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.TutorialOutcome;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.DateEntry;
import org.tutela.app.ui.common.DateField;
import org.tutela.app.ui.common.Formats;
import org.tutela.app.ui.common.Messages;

/**
 * The Progress Review / Tutorial Form, box by box in the pro forma's order. Layout only: state,
 * validation, drafts, signing and amending live in {@link TutorialFormViewModel}.
 */
public final class TutorialFormView {

    /** What the form asks of the workspace. */
    public interface Actions {
        void back();

        void rearrange(Tutorial tutorial);

        void viewEarlierVersion(Tutorial current, Tutorial earlier);

        /** Print… (or save as PDF): through the print requests of the unlocked session. */
        void print(javafx.stage.Window owner, Tutorial tutorial, org.tutela.app.domain.Learner learner);

        /** Seal the tutorial as confidential (the learner asked): asks for its password. */
        default void makeConfidential(Tutorial tutorial) {
        }

        /** Open a sealed tutorial with its password (each opening is recorded). */
        default void openConfidential(Tutorial tutorial) {
        }

        /** Change a sealed tutorial's password. */
        default void changeConfidentialPassword(Tutorial tutorial) {
        }
    }

    private final TutorialFormViewModel model;
    private final VBox root;
    private final PauseTransition debounce = new PauseTransition(Duration.millis(800));
    private final BooleanBinding readOnly;
    private Node firstFocus;
    /** The marks on the boxes (see FieldChecks); new targets' rows are added as they come. */
    private org.tutela.app.ui.common.FieldChecks checks;

    public TutorialFormView(TutorialFormViewModel model, Actions actions) {
        this.model = model;
        this.readOnly = model.editableProperty().not();
        debounce.setOnFinished(e -> model.saveDraft());

        Button back = Controls.button("form-back", model.earlierVersion() ? "form.backToCurrent" : "form.back");
        back.setOnAction(e -> {
            model.flush();
            actions.back();
        });
        Label title = new Label();
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(model::title, model.tutorialProperty()));
        title.setId("form-title");
        title.getStyleClass().add("heading");
        Label status = new Label();
        status.setId("form-status");
        status.getStyleClass().add("hint");
        status.textProperty().bind(model.statusProperty());
        Button print = Controls.button("form-print", "form.print");
        print.setOnAction(e -> {
            model.flush();
            actions.print(print.getScene().getWindow(), model.tutorial(), model.learner());
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button confidential = Controls.button("form-make-confidential", "form.makeConfidential");
        confidential.setOnAction(e -> {
            // Seal what is typed as it is: a pending draft is not saved open first.
            debounce.stop();
            Tutorial typed = model.tutorialAsTyped();
            if (typed != null) {
                actions.makeConfidential(typed);
            }
        });
        boolean canSeal = !model.confidential() && !model.earlierVersion();
        confidential.setVisible(canSeal);
        confidential.setManaged(canSeal);
        HBox top = new HBox(12, back, title, spacer, status, confidential, print);
        top.setAlignment(Pos.CENTER_LEFT);
        firstFocus = back;

        Label error = Controls.messageLine("form-error", "error");
        error.textProperty().bind(model.errorProperty());

        VBox body;
        if (model.showsEnvelope()) {
            body = envelope(actions);
            print.setVisible(true);
        } else {
            body = form(actions);
        }
        if (model.sealedEditing()) {
            Label sealedBanner = Controls.messageLine("form-confidential-banner", "hint");
            sealedBanner.setText(Messages.get("form.confidentialEditing"));
            sealedBanner.getStyleClass().addAll("panel", "banner");
            sealedBanner.setMaxWidth(Double.MAX_VALUE);
            body.getChildren().add(0, sealedBanner);
        }
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.setId("form-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = new VBox(10, top, error, scroll);
        root.setId("tutorial-form");
        root.getStyleClass().add("content");
        checks = org.tutela.app.ui.common.FieldChecks.attach(root);
        // Drafts save themselves a moment after typing stops.
        root.addEventFilter(KeyEvent.KEY_RELEASED, e -> debounce.playFromStart());
        model.dirtyProperty().addListener((o, was, now) -> {
            if (now) {
                debounce.playFromStart();
            }
        });
    }

    private VBox envelope(Actions actions) {
        LearnerHeader h = model.header();
        Label sealed = new Label(Messages.get("tutorial.confidentialEnvelope"));
        sealed.getStyleClass().add("heading");
        String tutor = model.tutorial().tutor();
        Label who = new Label(Formats.joined(" ", Messages.get("form.envelopeLearner", h.learnerName()),
                tutor == null || tutor.isBlank() ? null : Messages.get("form.envelopeTutor", tutor),
                Messages.get("form.envelopeDate", Formats.date(model.tutorial().date()))));
        who.setWrapText(true);
        Button open = Controls.button("envelope-open", "confidential.envelope.open");
        open.setOnAction(e -> actions.openConfidential(model.tutorial()));
        Button change = Controls.button("envelope-change-password", "form.changeConfidentialPassword");
        change.setOnAction(e -> actions.changeConfidentialPassword(model.tutorial()));
        VBox box = new VBox(12, sealed, who, Controls.text("form.envelopeHint"), new HBox(10, open, change));
        box.setId("confidential-envelope");
        box.getStyleClass().addAll("panel", "envelope");
        return box;
    }

    private VBox form(Actions actions) {
        VBox body = new VBox(14);
        body.setId("form-body");
        Tutorial t = model.tutorial();

        if (!model.earlierVersion() && t.outcome() == TutorialOutcome.PLANNED) {
            Label planned = new Label(model.planText());
            planned.setWrapText(true);
            Button hold = Controls.button("form-hold", "form.hold");
            hold.setDefaultButton(true);
            hold.setOnAction(e -> model.hold());
            Button dna = Controls.button("form-dna", "form.dna");
            dna.setOnAction(e -> model.markOutcome(TutorialOutcome.DID_NOT_ATTEND));
            Button cancelled = Controls.button("form-cancelled", "form.cancelled");
            cancelled.setOnAction(e -> model.markOutcome(TutorialOutcome.CANCELLED));
            Button rearrange = Controls.button("form-rearrange", "form.rearrange");
            rearrange.setOnAction(e -> actions.rearrange(model.tutorial()));
            VBox banner = new VBox(10, planned, Controls.text("form.holdHint"), new HBox(10, hold, rearrange, dna, cancelled));
            banner.setId("form-planned");
            banner.getStyleClass().addAll("panel", "banner");
            banner.visibleProperty().bind(model.heldProperty().not().and(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> model.tutorial().outcome() == TutorialOutcome.PLANNED, model.tutorialProperty())));
            banner.managedProperty().bind(banner.visibleProperty());
            body.getChildren().add(banner);
            firstFocus = hold;
        }
        if (model.earlierVersion()) {
            Label earlier = new Label(Messages.get("form.earlierVersion"));
            earlier.getStyleClass().addAll("banner", "panel");
            body.getChildren().add(earlier);
        }
        Label locked = new Label(Messages.get("form.lockedBanner"));
        locked.setId("form-locked");
        locked.setWrapText(true);
        locked.getStyleClass().add("locked-banner");
        locked.visibleProperty().bind(model.lockedProperty().and(model.amendingProperty().not())
                .and(javafx.beans.binding.Bindings.createBooleanBinding(() -> !model.earlierVersion())));
        locked.managedProperty().bind(locked.visibleProperty());
        body.getChildren().add(locked);

        // The pro forma's header.
        GridPane header = new GridPane();
        header.getStyleClass().add("proforma");
        header.setHgap(12);
        header.setVgap(8);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setPercentWidth(35);
        ColumnConstraints c2 = new ColumnConstraints();
        c2.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints c3 = new ColumnConstraints();
        c3.setHgrow(Priority.ALWAYS);
        c3.setPercentWidth(30);
        header.getColumnConstraints().addAll(c0, c1, c2, c3);
        header.getStyleClass().add("panel");
        Runnable fillHeader = () -> {
            LearnerHeader h = model.header();
            header.getChildren().clear();
            header.addRow(0, label("form.learnerName"), value("form-learner-name", h.learnerName()),
                    label("form.courseTutor"), value("form-course-tutor", h.courseTutor()));
            header.addRow(1, label("form.school"), value("form-school", h.school()),
                    label("form.course"), value("form-course", h.course()));
            header.addRow(2, label("form.formTutor"), value("form-form-tutor", h.formTutor()),
                    label("form.year"), value("form-year", h.yearOfCourse() == null ? "" : h.yearOfCourse().toString()));
        };
        fillHeader.run();
        model.tutorialProperty().addListener((o, a, b) -> fillHeader.run());
        Label frozen = new Label();
        frozen.getStyleClass().add("hint");
        frozen.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(model::frozenText, model.tutorialProperty()));
        if (model.groupSession()) {
            // A group session: who came, instead of one learner's header.
            FlowPane who = new FlowPane(16, 8);
            who.setId("form-attendees");
            Runnable fillWho = () -> {
                who.getChildren().clear();
                for (TutorialFormViewModel.Attendee a : model.attendees()) {
                    CheckBox came = new CheckBox(a.learner().displayName());
                    came.selectedProperty().bindBidirectional(a.attendedProperty());
                    came.disableProperty().bind(readOnly);
                    who.getChildren().add(came);
                }
            };
            fillWho.run();
            model.attendees().addListener((ListChangeListener<TutorialFormViewModel.Attendee>) c -> fillWho.run());
            VBox attendance = group("form.attendees", who);
            attendance.getStyleClass().add("panel");
            attendance.disableProperty().bind(model.heldProperty().not());
            body.getChildren().add(attendance);
        } else {
            body.getChildren().addAll(header, frozen);
        }

        VBox proforma = new VBox(14);
        proforma.getStyleClass().add("panel");
        proforma.disableProperty().bind(model.heldProperty().not());

        // The day it was held: today when it is held, corrected here if it was held on another day.
        DateField heldOn = date("form-held-on", model.heldOn());
        VBox heldBox = Controls.required(Controls.labelledDate("form.heldOn", heldOn, model.heldOn(), model.showProblemsProperty()));
        heldBox.visibleProperty().bind(model.heldProperty());
        heldBox.managedProperty().bind(heldBox.visibleProperty());
        proforma.getChildren().add(heldBox);

        // Attendance, punctuality.
        TextField lessons = text("form-lessons", model.lessonsProperty(), 5);
        TextField absences = text("form-absences", model.absencesProperty(), 5);
        HBox attendance = new HBox(16,
                Controls.labelled("form.lessons", lessons, problem("form-lessons-problem", lessons, model.lessonsProblemProperty())),
                Controls.labelled("form.absences", absences, problem("form-absences-problem", absences, model.absencesProblemProperty())));
        proforma.getChildren().add(group("form.attendance", attendance));

        ToggleGroup punctuality = new ToggleGroup();
        HBox punctualityBox = new HBox(16);
        for (Punctuality p : Punctuality.values()) {
            RadioButton r = new RadioButton(Messages.get("punctuality." + p.name()));
            r.setId("form-punctuality-" + p.name().toLowerCase());
            r.setToggleGroup(punctuality);
            r.setUserData(p);
            r.disableProperty().bind(readOnly);
            punctualityBox.getChildren().add(r);
        }
        bindToggle(punctuality, model.punctualityProperty());
        proforma.getChildren().add(group("form.punctuality", punctualityBox));

        TextField level = text("form-level", model.levelProperty(), 20);
        ToggleGroup onTarget = new ToggleGroup();
        RadioButton yes = new RadioButton(Messages.get("form.yes"));
        yes.setId("form-on-target-yes");
        yes.setUserData(Boolean.TRUE);
        yes.setToggleGroup(onTarget);
        yes.disableProperty().bind(readOnly);
        RadioButton no = new RadioButton(Messages.get("form.no"));
        no.setId("form-on-target-no");
        no.setUserData(Boolean.FALSE);
        no.setToggleGroup(onTarget);
        no.disableProperty().bind(readOnly);
        bindToggle(onTarget, model.onTargetProperty());
        HBox levelRow = new HBox(32, Controls.labelled("form.level", level), group("form.onTarget", new HBox(16, yes, no)));
        proforma.getChildren().add(levelRow);

        TextArea comments = area("form-comments", model.commentsProperty(), 4);
        VBox commentsBox = Controls.labelled("form.comments", comments);
        Label commentsHint = Controls.text("form.commentsHint");
        commentsHint.getStyleClass().add("hint");
        commentsBox.getChildren().add(1, commentsHint);
        proforma.getChildren().add(commentsBox);
        proforma.getChildren().add(Controls.labelled("form.learnerComments", area("form-learner-comments", model.learnerCommentsProperty(), 3)));
        VBox tutorCommentsBox = Controls.labelled("form.tutorComments", area("form-tutor-comments", model.tutorCommentsProperty(), 3));
        proforma.getChildren().add(tutorCommentsBox);

        // Targets: previous ones reviewed, new SMART ones.
        VBox previous = new VBox(10);
        previous.setId("form-previous-targets");
        Runnable fillPrevious = () -> {
            previous.getChildren().clear();
            if (model.previousTargets().isEmpty()) {
                previous.getChildren().add(Controls.text("form.noPreviousTargets"));
            }
            int i = 0;
            for (TutorialFormViewModel.PreviousTarget p : model.previousTargets()) {
                previous.getChildren().add(previousTargetRow(p, i++));
            }
        };
        fillPrevious.run();
        model.previousTargets().addListener((ListChangeListener<TutorialFormViewModel.PreviousTarget>) c -> fillPrevious.run());
        proforma.getChildren().add(group("form.previousTargets", previous));

        VBox newTargets = new VBox(8);
        newTargets.setId("form-new-targets");
        Runnable fillNew = () -> {
            newTargets.getChildren().clear();
            int i = 0;
            for (TutorialFormViewModel.NewTargetRow r : model.newTargets()) {
                newTargets.getChildren().add(newTargetRow(r, i++));
            }
            if (checks != null) {
                checks.add(newTargets);
            }
        };
        fillNew.run();
        model.newTargets().addListener((ListChangeListener<TutorialFormViewModel.NewTargetRow>) c -> fillNew.run());
        Button addTarget = Controls.button("form-add-target", "form.addTarget");
        addTarget.disableProperty().bind(readOnly);
        addTarget.setOnAction(e -> {
            model.addNewTarget();
            newTargets.getChildren().get(newTargets.getChildren().size() - 1).lookup(".text-field").requestFocus();
        });
        proforma.getChildren().add(group("form.newTargets", new VBox(8, newTargets, addTarget)));

        VBox agreedBox = Controls.labelled("form.agreedActions", area("form-agreed-actions", model.agreedActionsProperty(), 3));
        proforma.getChildren().add(agreedBox);
        DateField next = date("form-next-date", model.nextDate());
        VBox nextBox = Controls.labelledDate("form.nextDate", next, model.nextDate(), model.showProblemsProperty());
        proforma.getChildren().add(nextBox);

        // Copies to: agreed with the learner before they sign, so it comes before the signatures.
        FlowPane copies = new FlowPane(16, 8);
        for (CopyRecipient r : CopyRecipient.values()) {
            CheckBox box = new CheckBox(Messages.get("copy." + r.name()));
            box.setId("form-copy-" + r.name().toLowerCase().replace('_', '-'));
            box.selectedProperty().bindBidirectional(model.copyProperty(r));
            box.disableProperty().bind(readOnly);
            copies.getChildren().add(box);
        }
        VBox copiesBox = group("form.copiesTo", copies);
        proforma.getChildren().add(copiesBox);

        // Signatures.
        proforma.getChildren().add(signature("learner", model.learnerSignNameProperty(), model.learnerAgreesProperty(),
                model.learnerSignDate(), model::signAsLearner, true, model.learnerStrokes(), model.learnerSignProblemProperty()));
        proforma.getChildren().add(signature("tutor", model.tutorSignNameProperty(), model.tutorAgreesProperty(),
                model.tutorSignDate(), model::signAsTutor, false, model.tutorStrokes(), model.tutorSignProblemProperty()));
        if (model.groupSession()) {
            // A group session records who came, what was covered and what was agreed; the one-learner
            // boxes (attendance figures, punctuality, level, targets, signatures) are for one-to-one tutorials.
            java.util.Set<Node> keep = java.util.Set.of(commentsBox, copiesBox, heldBox);
            for (Node n : proforma.getChildren()) {
                boolean shown = keep.contains(n) || n == agreedBox || n == nextBox || n == tutorCommentsBox;
                if (n == heldBox) {
                    continue; // shown once held, as bound above
                }
                n.setVisible(shown);
                n.setManaged(shown);
            }
        }
        body.getChildren().add(proforma);

        if (!model.earlierVersion()) {
            body.getChildren().add(amendPanel());
            body.getChildren().add(historyPanel(actions));
        }
        return body;
    }

    private Node previousTargetRow(TutorialFormViewModel.PreviousTarget p, int index) {
        Label text = new Label(p.text());
        text.setWrapText(true);
        text.getStyleClass().add("target-text");
        ToggleGroup met = new ToggleGroup();
        RadioButton yes = new RadioButton(Messages.get("form.yes"));
        yes.setId("form-prev-met-" + index);
        yes.setUserData(Boolean.TRUE);
        yes.setToggleGroup(met);
        yes.setAccessibleText(Messages.plain("form.targetMet", p.text()));
        RadioButton no = new RadioButton(Messages.get("form.no"));
        no.setId("form-prev-notmet-" + index);
        no.setUserData(Boolean.FALSE);
        no.setToggleGroup(met);
        no.setAccessibleText(Messages.plain("form.targetNotMet", p.text()));
        yes.disableProperty().bind(readOnly);
        no.disableProperty().bind(readOnly);
        bindToggle(met, p.metProperty());
        TextField why = text("form-prev-why-" + index, p.whyNotProperty(), 30);
        why.setPromptText(Messages.plain("form.whyNot"));
        why.setAccessibleText(Messages.plain("form.whyNotFor", p.text()));
        CheckBox close = new CheckBox(Messages.get("form.closeTarget"));
        close.setId("form-prev-close-" + index);
        close.selectedProperty().bindBidirectional(p.closeProperty());
        close.disableProperty().bind(readOnly.or(p.metProperty().isNotEqualTo(Boolean.FALSE)));
        why.disableProperty().bind(p.metProperty().isNotEqualTo(Boolean.FALSE));
        HBox answer = new HBox(12, new Label(Messages.get("form.met")), yes, no, why, close);
        answer.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(why, Priority.ALWAYS);
        VBox row = new VBox(4, text, answer);
        row.getStyleClass().add("target-row");
        return row;
    }

    private Node newTargetRow(TutorialFormViewModel.NewTargetRow r, int index) {
        TextField text = text("form-new-target-" + index, r.textProperty(), 30);
        text.setAccessibleText(Messages.plain("form.targetN", index + 1));
        DateField by = date("form-new-by-" + index, r.byWhen());
        by.setAccessibleName(Messages.plain("form.byWhenN", index + 1));
        Button remove = Controls.button("form-remove-target-" + index, "form.removeTarget");
        remove.setAccessibleText(Messages.plain("form.removeTargetN", index + 1));
        remove.disableProperty().bind(readOnly);
        remove.setOnAction(e -> model.removeNewTarget(r));
        VBox textBox = Controls.labelled("form.target", text);
        HBox.setHgrow(textBox, Priority.ALWAYS);
        HBox row = new HBox(12, textBox, Controls.labelledDate("form.byWhen", by, r.byWhen(), model.showProblemsProperty()), remove);
        HBox.setMargin(remove, new Insets(22, 0, 0, 0)); // level with the boxes under their labels
        row.setAlignment(Pos.TOP_LEFT);
        return row;
    }

    private Node signature(String who, javafx.beans.property.StringProperty name, javafx.beans.property.BooleanProperty agrees,
                           DateEntry date, Runnable sign, boolean learner,
                           javafx.collections.ObservableList<org.tutela.app.domain.Signature.Stroke> strokes,
                           javafx.beans.value.ObservableStringValue signProblem) {
        TextField nameField = new TextField();
        nameField.setId("form-sign-" + who + "-name");
        nameField.setPrefColumnCount(20);
        nameField.textProperty().bindBidirectional(name);
        CheckBox agree = new CheckBox(Messages.get("form.declaration"));
        agree.setId("form-sign-" + who + "-agree");
        agree.setWrapText(true);
        agree.setAccessibleText(Messages.plain(learner ? "form.declarationLearner" : "form.declarationTutor"));
        agree.selectedProperty().bindBidirectional(agrees);
        DateField on = Controls.dateField("form-sign-" + who + "-date", date);
        Button signButton = Controls.button("form-sign-" + who, learner ? "form.signLearner" : "form.signTutor");
        signButton.setOnAction(e -> sign.run());
        BooleanBinding signed = javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            Tutorial t = model.tutorial();
            return (learner ? t.learnerSignature() : t.tutorSignature()) != null;
        }, model.tutorialProperty());
        BooleanBinding cannotSign = signed.or(model.heldProperty().not()).or(model.lockedProperty())
                .or(javafx.beans.binding.Bindings.createBooleanBinding(model::earlierVersion));
        nameField.editableProperty().bind(cannotSign.not());
        agree.disableProperty().bind(cannotSign);
        on.disableProperty().bind(cannotSign);
        signButton.disableProperty().bind(cannotSign);
        Label signedText = new Label();
        signedText.setId("form-signed-" + who);
        signedText.getStyleClass().add("signed");
        signedText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            Tutorial t = model.tutorial();
            var s = learner ? t.learnerSignature() : t.tutorSignature();
            return s == null ? "" : Messages.get("form.signedBy", s.name(), Formats.date(s.date()));
        }, model.tutorialProperty()));
        signedText.visibleProperty().bind(signed);
        signedText.managedProperty().bind(signed);
        HBox line = new HBox(16, Controls.labelled(learner ? "form.signedLearner" : "form.signedTutor", nameField),
                Controls.labelledDate(learner ? "form.dateLearner" : "form.dateTutor", on, date, model.showProblemsProperty()), signButton);
        line.setAlignment(Pos.TOP_LEFT);
        HBox.setMargin(signButton, new Insets(22, 0, 0, 0)); // level with the boxes under their labels
        Label problemLine = Controls.messageLine("form-sign-" + who + "-problem", "field-problem");
        problemLine.textProperty().bind(signProblem);
        SignaturePad pad = new SignaturePad(strokes);
        pad.setId("form-sign-" + who + "-pad");
        Button clearPad = Controls.button("form-sign-" + who + "-clear", "form.clearDrawing");
        clearPad.setAccessibleText(Messages.plain(learner ? "form.clearDrawingLearner" : "form.clearDrawingTutor"));
        clearPad.setOnAction(e -> pad.clear());
        clearPad.disableProperty().bind(cannotSign);
        cannotSign.addListener((o, a, now) -> pad.setDrawingEnabled(!now));
        pad.setDrawingEnabled(!cannotSign.get());
        Label padHint = new Label(Messages.get("form.drawHint"));
        padHint.getStyleClass().add("hint");
        padHint.setWrapText(true);
        VBox padSide = new VBox(6, padHint, clearPad);
        padSide.visibleProperty().bind(cannotSign.not());
        HBox drawn = new HBox(12, pad, padSide);
        drawn.setAlignment(Pos.CENTER_LEFT);
        // Once signed, the box shows only if the signature was drawn.
        drawn.visibleProperty().bind(cannotSign.not().or(javafx.beans.binding.Bindings.isNotEmpty(strokes)));
        drawn.managedProperty().bind(drawn.visibleProperty());
        VBox box = new VBox(6, line, agree, drawn, problemLine, signedText);
        box.getStyleClass().add("signature-box");
        return box;
    }

    private Node amendPanel() {
        Button amend = Controls.button("form-amend", "form.amend");
        amend.setOnAction(e -> model.startAmending());
        amend.visibleProperty().bind(model.lockedProperty().and(model.amendingProperty().not()));
        amend.managedProperty().bind(amend.visibleProperty());
        TextField reason = new TextField();
        reason.setId("form-amend-reason");
        reason.textProperty().bindBidirectional(model.amendReasonProperty());
        Button save = Controls.button("form-amend-save", "form.amendSave");
        save.setOnAction(e -> model.amend(model.amendReasonProperty().get()));
        Button cancel = Controls.button("form-amend-cancel", "form.amendCancel");
        cancel.setOnAction(e -> model.cancelAmending());
        VBox reasonBox = Controls.labelled("form.amendReason", reason);
        HBox.setHgrow(reasonBox, Priority.ALWAYS);
        HBox amending = new HBox(12, reasonBox, save, cancel);
        amending.setAlignment(Pos.BOTTOM_LEFT);
        amending.visibleProperty().bind(model.amendingProperty());
        amending.managedProperty().bind(amending.visibleProperty());
        model.amendingProperty().addListener((o, a, now) -> {
            if (now) {
                javafx.application.Platform.runLater(reason::requestFocus);
            }
        });
        VBox panel = new VBox(8, amend, amending);
        panel.visibleProperty().bind(model.lockedProperty());
        panel.managedProperty().bind(panel.visibleProperty());
        return panel;
    }

    private Node historyPanel(Actions actions) {
        ListView<Amendment> list = new ListView<>(model.history());
        list.setId("form-history");
        list.setPrefHeight(110);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Amendment a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : Messages.get("form.historyItem",
                        Formats.date(java.time.LocalDate.ofInstant(a.when(), java.time.ZoneId.systemDefault())), a.who(), a.reason()));
            }
        });
        Button view = Controls.button("form-view-version", "form.viewVersion");
        view.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        view.setOnAction(e -> actions.viewEarlierVersion(model.tutorial(), list.getSelectionModel().getSelectedItem().previousVersion()));
        VBox box = group("form.history", new VBox(8, list, view));
        Label heading = (Label) box.getChildren().get(0);
        heading.setLabelFor(list);
        box.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.history()));
        box.managedProperty().bind(box.visibleProperty());
        box.getStyleClass().add("panel");
        return box;
    }

    // ---- small builders ----

    private static Label label(String key) {
        Label l = new Label(Messages.get(key));
        l.getStyleClass().add("field-label");
        return l;
    }

    private static Label value(String id, String text) {
        Label l = new Label(text == null ? "" : text);
        l.setId(id);
        l.setWrapText(true);
        l.getStyleClass().add("field-value");
        return l;
    }

    private static VBox group(String key, Node content) {
        Label l = new Label(Messages.get(key));
        l.setMnemonicParsing(true);
        l.getStyleClass().add("section");
        l.setWrapText(true);
        if (content instanceof Control c) {
            l.setLabelFor(c);
        }
        VBox box = new VBox(6, l, content);
        return box;
    }

    private TextField text(String id, javafx.beans.property.StringProperty property, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(columns);
        f.textProperty().bindBidirectional(property);
        bindReadOnly(f);
        return f;
    }

    private TextArea area(String id, javafx.beans.property.StringProperty property, int rows) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setWrapText(true);
        a.setPrefRowCount(rows);
        a.textProperty().bindBidirectional(property);
        bindReadOnly(a);
        // Tab moves on rather than typing a tab into the box.
        a.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.TAB && !e.isControlDown()) {
                e.consume();
                if (e.isShiftDown()) {
                    a.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", javafx.scene.input.KeyCode.TAB, true, true, false, false));
                } else {
                    a.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", javafx.scene.input.KeyCode.TAB, false, true, false, false));
                }
            }
        });
        return a;
    }

    private DateField date(String id, DateEntry entry) {
        DateField d = Controls.dateField(id, entry);
        d.disableProperty().bind(readOnly);
        return d;
    }

    /** The problem line under a box: shown once the box is left, or when a save was refused for it. */
    private Label problem(String id, Control field, javafx.beans.value.ObservableStringValue problem) {
        return Controls.problemLine(id, field, problem, model.showProblemsProperty());
    }

    private void bindReadOnly(TextInputControl c) {
        c.editableProperty().bind(model.editableProperty());
    }

    private static <T> void bindToggle(ToggleGroup group, ObjectProperty<T> property) {
        Consumer<T> select = v -> group.getToggles().stream().filter(t -> java.util.Objects.equals(t.getUserData(), v))
                .findFirst().ifPresentOrElse(group::selectToggle, () -> group.selectToggle(null));
        select.accept(property.get());
        property.addListener((o, a, b) -> select.accept(b));
        group.selectedToggleProperty().addListener((o, a, b) -> {
            @SuppressWarnings("unchecked")
            T v = b == null ? null : (T) b.getUserData();
            if (!java.util.Objects.equals(property.get(), v)) {
                property.set(v);
            }
        });
    }

    public Parent root() {
        return root;
    }

    public void focus() {
        if (firstFocus != null) {
            firstFocus.requestFocus();
        }
    }

    /** Saves a pending draft now. */
    public void flush() {
        debounce.stop();
        model.flush();
    }
}
