package org.tutela.app.ui.common;

import java.util.Collection;
import java.util.List;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Polygon;
import org.controlsfx.control.decoration.Decoration;
import org.controlsfx.control.decoration.GraphicDecoration;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;

/**
 * The marks ControlsFX's {@link ValidationSupport} draws on a form's boxes: a small red corner on
 * each box that must be filled in, and a warning sign on a box with a problem, whose tooltip reads
 * the problem. It only draws what the form already says in words: the problem is the view
 * model's, as its line under the box shows it ({@link Controls#problemLine}), and the boxes that
 * must be filled in are those {@link Controls#required} marked "*". The lines and the "*" stay:
 * screen readers read them, and the marks are pictures.
 */
public final class FieldChecks {
    /** On a box: the problem its line shows now ("" for none), put there by {@link Controls#problemLine}. */
    static final String SHOWN_PROBLEM = "tutela.shownProblem";
    /** On a box: it must be filled in, put there by {@link Controls#required}. */
    static final String REQUIRED = "tutela.required";
    private static final String REGISTERED = "tutela.fieldChecks";

    private final ValidationSupport support = new ValidationSupport();

    private FieldChecks() {
        support.setValidationDecorator(new Marks());
        // Problems are shown from the start as the form shows them (the form decides when: after the
        // box is left or Save is pressed), not only after a box's value first changes.
        support.initInitialDecoration();
    }

    /**
     * Draws the marks on every box of a form that has a problem line or is required. The form (or
     * a window around it) must sit in a {@link #host}: ControlsFX would otherwise put one in as the
     * window's root.
     */
    public static FieldChecks attach(Node form) {
        FieldChecks checks = new FieldChecks();
        checks.add(form);
        return checks;
    }

    /** Boxes added to the form after {@link #attach} (a contact's line, a new target's row). */
    public void add(Node node) {
        if (node instanceof Control c && (c.getProperties().containsKey(SHOWN_PROBLEM) || c.getProperties().containsKey(REQUIRED))) {
            register(c);
        }
        if (node instanceof ScrollPane s && s.getContent() != null) {
            add(s.getContent());
        } else if (node instanceof TitledPane t && t.getContent() != null) {
            add(t.getContent());
        } else if (node instanceof Parent p && !(node instanceof Control)) {
            p.getChildrenUnmodifiable().forEach(this::add);
        }
    }

    /**
     * A box whose problem the form says some other way than a line under it (the second
     * passphrase box's mismatch, said in the hint): its sign shows this problem. Before {@link #attach}.
     */
    public static void problem(Control field, ObservableStringValue shownProblem) {
        field.getProperties().put(SHOWN_PROBLEM, shownProblem);
    }

    private void register(Control field) {
        if (field.getProperties().put(REGISTERED, Boolean.TRUE) != null) {
            return;
        }
        if (field.getSkin() != null) {
            registerSkinned(field);
        } else {
            // Marked once the box has its skin (at its first showing): ControlsFX draws a mark among the
            // skin's parts, and before there is one it reaches into JavaFX by reflection, which a
            // module path refuses (javafx:run puts JavaFX there).
            field.skinProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.control.Skin<?>> o,
                                    javafx.scene.control.Skin<?> was, javafx.scene.control.Skin<?> now) {
                    if (now != null) {
                        field.skinProperty().removeListener(this);
                        registerSkinned(field);
                    }
                }
            });
        }
    }

    private void registerSkinned(Control field) {
        @SuppressWarnings("unchecked")
        ObservableStringValue shown = (ObservableStringValue) field.getProperties().get(SHOWN_PROBLEM);
        boolean required = Boolean.TRUE.equals(field.getProperties().get(REQUIRED));
        support.registerValidator(field, required, (Control c, Object value) -> {
            String problem = shown == null ? null : shown.get();
            return ValidationResult.fromErrorIf(c, problem, problem != null && !problem.isEmpty());
        });
        if (shown != null) {
            // the problem line changes when the tutor leaves the box or presses Save, not only when the value does
            shown.addListener((o, was, now) -> support.revalidate(field));
        }
    }

    /**
     * The pane ControlsFX draws its marks in, holding {@code content}: put round a window's root or
     * a dialog's content so the marks never swap the window's root for one of their own.
     */
    public static StackPane host(Node... content) {
        impl.org.controlsfx.skin.DecorationPane pane = new impl.org.controlsfx.skin.DecorationPane();
        pane.getChildren().setAll(content);
        return pane;
    }

    /**
     * ControlsFX's warning sign at the box's lower left corner (its tooltip reads the problem), and
     * a red corner, drawn rather than ControlsFX's picture, on a box to fill in. Each carries a
     * style class and the box's id, so the theme and the tests can find it.
     */
    private static final class Marks extends GraphicValidationDecoration {
        @Override
        protected Node createDecorationNode(ValidationMessage message) {
            Node node = super.createDecorationNode(message);
            node.getStyleClass().add("field-sign");
            if (message.getTarget() != null && message.getTarget().getId() != null) {
                node.setId(message.getTarget().getId() + "-sign");
            }
            node.setFocusTraversable(false);
            if (node instanceof Label l) {
                // a picture: the words are the problem line's, which screen readers read
                l.setAccessibleText(message.getText());
            }
            return node;
        }

        @Override
        protected Collection<Decoration> createValidationDecorations(ValidationMessage message) {
            return List.of(new GraphicDecoration(createDecorationNode(message), Pos.BOTTOM_LEFT, 2, -2));
        }

        @Override
        protected Collection<Decoration> createRequiredDecorations(Control target) {
            Polygon corner = new Polygon(0, 0, 8, 0, 0, 8);
            corner.getStyleClass().add("required-sign");
            corner.setMouseTransparent(true);
            if (target.getId() != null) {
                corner.setId(target.getId() + "-required");
            }
            return List.of(new GraphicDecoration(corner, Pos.TOP_LEFT, 4, 4));
        }
    }
}
