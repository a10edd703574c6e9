package org.tutela.app.ui.common;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Small builders so every screen's controls get labels, mnemonics and accessible names the same way. */
public final class Controls {
    private Controls() {
    }

    public static Label heading(String key) {
        Label label = new Label(Messages.get(key));
        label.getStyleClass().add("heading");
        wrapWhole(label);
        return label;
    }

    public static Label text(String key, Object... args) {
        Label label = new Label(Messages.get(key, args));
        wrapWhole(label);
        return label;
    }

    /**
     * A label that wraps onto as many lines as its text needs and is never squeezed shorter (a
     * squeezed label ends in "..." and its message is lost).
     */
    public static <L extends javafx.scene.control.Labeled> L wrapWhole(L label) {
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    /** A password box whose label (with its mnemonic) points at it and names it for screen readers. */
    public static PasswordField passwordField(String id, String labelKey) {
        PasswordField field = new PasswordField();
        field.setId(id);
        field.setAccessibleText(Messages.plain(labelKey));
        return field;
    }

    public static VBox labelled(String labelKey, Control control) {
        Label label = new Label(Messages.get(labelKey));
        label.setMnemonicParsing(true);
        wrapWhole(label); // a long label wraps rather than ending in "..."
        label.setLabelFor(control);
        if (control.getAccessibleText() == null) {
            control.setAccessibleText(Messages.plain(labelKey));
        }
        VBox box = new VBox(4, label, control);
        box.getStyleClass().add("field");
        return box;
    }

    public static Button button(String id, String key) {
        Button button = new Button(Messages.get(key));
        button.setId(id);
        button.setMnemonicParsing(true);
        button.setAccessibleText(Messages.plain(key));
        button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return button;
    }

    /** A message line that shows only when it has text (errors, hints). */
    public static Label messageLine(String id, String styleClass) {
        Label label = new Label();
        label.setId(id);
        wrapWhole(label);
        label.getStyleClass().add(styleClass);
        label.managedProperty().bind(label.visibleProperty());
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        return label;
    }

    /** A date box bound to its entry (see {@link DateField}). */
    public static DateField dateField(String id, DateEntry entry) {
        return new DateField(id, entry);
    }

    /** A date box with its label above and its problem line below (shown as {@link #problemLine} says). */
    public static VBox labelledDate(String labelKey, DateField field, DateEntry entry, ObservableBooleanValue showAll) {
        Label problem = problemLine(field.editor().getId() + "-problem", field.editor(), entry.problemProperty(), showAll);
        VBox box = labelled(labelKey, field.editor());
        box.getChildren().set(1, field); // the box and its calendar button, under the label that points at the box
        field.getChildren().add(0, field.editor());
        box.getChildren().add(problem);
        return box;
    }

    /**
     * The line under a field that says what is wrong with it, in words. It shows once the tutor
     * has left the field (or tried to save, {@code showAll}) and stays until the problem is fixed;
     * the field is outlined and its accessible help says the same.
     */
    public static Label problemLine(String id, Control field, ObservableStringValue problem, ObservableBooleanValue showAll) {
        BooleanProperty visited = new SimpleBooleanProperty(false);
        // focus within: a box whose own parts take the keyboard (the group's search) is left only when all of it is
        field.focusWithinProperty().addListener((o, was, now) -> {
            if (!now) {
                visited.set(true);
            }
        });
        Label line = messageLine(id, "field-problem");
        line.textProperty().bind(Bindings.when(visited.or(showAll)).then(problem).otherwise(""));
        line.textProperty().addListener((o, was, now) -> {
            field.pseudoClassStateChanged(INVALID, !now.isEmpty());
            field.setAccessibleHelp(now.isEmpty() ? null : now);
        });
        field.getProperties().put(FieldChecks.SHOWN_PROBLEM, line.textProperty()); // drawn on the box too, see FieldChecks
        return line;
    }

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    /** A labelled field with its problem line under it. */
    public static VBox labelled(String labelKey, Control control, Label problem) {
        VBox box = labelled(labelKey, control);
        box.getChildren().add(problem);
        return box;
    }

    /**
     * Marks a labelled field as one that must be filled in: a "*" after its label (the form says
     * what it means, {@link #requiredLegend()}) and "required" in its accessible name; on a form
     * with {@link FieldChecks} the box has a red corner too.
     */
    public static VBox required(VBox labelledField) {
        Label label = (Label) labelledField.getChildren().get(0);
        if (label.getLabelFor() instanceof Control c) {
            c.getProperties().put(FieldChecks.REQUIRED, Boolean.TRUE);
        }
        label.setText(Messages.get("common.requiredMark", label.getText()));
        label.getStyleClass().add("required");
        if (label.getLabelFor() instanceof Control c && c.getAccessibleText() != null
                && !c.getAccessibleText().endsWith(Messages.plain("common.requiredAccessible"))) {
            c.setAccessibleText(c.getAccessibleText() + " " + Messages.plain("common.requiredAccessible"));
        }
        return labelledField;
    }

    /**
     * A list to pick from that narrows as the tutor types (ControlsFX's searchable list): the box
     * that takes the typing is named for screen readers ({@code searchKey}); Down opens the list,
     * Enter picks, Escape puts back what was chosen before.
     */
    public static <T> org.controlsfx.control.SearchableComboBox<T> searchable(org.controlsfx.control.SearchableComboBox<T> box,
                                                                           String searchKey) {
        box.skinProperty().addListener((o, was, skin) -> {
            if (skin instanceof javafx.scene.control.SkinBase<?> base) {
                base.getChildren().stream().filter(n -> "search".equals(n.getId())).findFirst().ifPresent(search -> {
                    search.setAccessibleText(Messages.plain(searchKey));
                    ((javafx.scene.control.TextField) search).setPromptText(Messages.plain(searchKey));
                });
            }
        });
        return box;
    }

    /** "Boxes marked * must be filled in." */
    public static Label requiredLegend() {
        Label legend = text("common.requiredLegend");
        legend.getStyleClass().add("hint");
        return legend;
    }

    /** The two buttons of a dialog that stays open while its action runs, to show the outcome in place. */
    public record DialogButtons(Button action, Button close) {
    }

    /**
     * Adds an action button (default, runs {@code action} without closing the dialog) and a close
     * button to a dialog, each with its id, mnemonic text and accessible name.
     */
    public static DialogButtons stayOpenButtons(javafx.scene.control.Dialog<?> dialog, String actionId, String actionKey,
                                                String closeId, String closeKey, Runnable action) {
        javafx.scene.control.ButtonType actionType = new javafx.scene.control.ButtonType(Messages.plain(actionKey),
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType closeType = new javafx.scene.control.ButtonType(Messages.plain(closeKey),
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(actionType, closeType);
        Button actionButton = (Button) dialog.getDialogPane().lookupButton(actionType);
        actionButton.setId(actionId);
        actionButton.setAccessibleText(Messages.plain(actionKey));
        actionButton.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            event.consume();
            action.run();
        });
        Button closeButton = (Button) dialog.getDialogPane().lookupButton(closeType);
        closeButton.setId(closeId);
        closeButton.setAccessibleText(Messages.plain(closeKey));
        return new DialogButtons(actionButton, closeButton);
    }

    /**
     * Keeps a dialog as tall as its content: a message that appears after it is shown (an error,
     * a problem beside a box) makes the window grow, within the screen, rather than being cut off.
     */
    public static void growWithContent(javafx.scene.control.Dialog<?> dialog) {
        javafx.scene.layout.Region content = (javafx.scene.layout.Region) dialog.getDialogPane().getContent();
        // Grows (or shrinks) when what it holds needs another height: a line of text appeared or went.
        content.layoutBoundsProperty().addListener((o, was, now) -> {
            if (Math.abs(content.prefHeight(content.getWidth()) - now.getHeight()) > 1) {
                resizeLater(dialog);
            }
        });
        // every line of text at any depth (a problem under a box in a grid of boxes too)
        watchLabels(content, () -> resizeLater(dialog));
    }

    private static void watchLabels(Node node, Runnable onChange) {
        if (node instanceof Label l) {
            l.textProperty().addListener((o, was, now) -> onChange.run());
        } else if (node instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> watchLabels(c, onChange));
        }
    }

    private static void resizeLater(javafx.scene.control.Dialog<?> dialog) {
        javafx.application.Platform.runLater(() -> {
            javafx.stage.Window w = dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
            if (w == null || !w.isShowing()) {
                return;
            }
            double before = w.getHeight();
            w.sizeToScene();
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(w.getX(), w.getY(), w.getWidth(), w.getHeight())
                    .stream().findFirst().orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
            if (w.getHeight() > screen.getHeight()) {
                w.setHeight(screen.getHeight());
            }
            if (w.getHeight() != before && w.getY() + w.getHeight() > screen.getMaxY()) {
                w.setY(Math.max(screen.getMinY(), screen.getMaxY() - w.getHeight()));
            }
        });
    }

    /**
     * Keeps a window the size its content asks for as that content changes (rows filled in after
     * it opened, a message that appears), within the screen: nothing is cut off or left outside.
     */
    public static void growWithContent(javafx.stage.Stage stage) {
        stage.sceneProperty().addListener((o, was, scene) -> watch(stage, scene));
        watch(stage, stage.getScene());
        stage.setOnShown(e -> resize(stage));
    }

    private static void watch(javafx.stage.Stage stage, javafx.scene.Scene scene) {
        if (scene != null && scene.getRoot() instanceof javafx.scene.layout.Region root) {
            root.layoutBoundsProperty().addListener((o, was, now) -> {
                if (Math.abs(root.prefHeight(root.getWidth()) - now.getHeight()) > 1 || root.prefWidth(-1) > now.getWidth() + 1) {
                    javafx.application.Platform.runLater(() -> resize(stage));
                }
            });
        }
    }

    private static void resize(javafx.stage.Window w) {
        if (!w.isShowing()) {
            return;
        }
        w.sizeToScene();
        keepOnScreen(w);
    }

    /** Moves and shrinks a window so all of it is on its screen (what it holds scrolls, or wraps, to fit). */
    public static void keepOnScreen(javafx.stage.Window w) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(w.getX(), w.getY(),
                Math.max(1, w.getWidth()), Math.max(1, w.getHeight())).stream().findFirst()
                .orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
        if (w.getWidth() > screen.getWidth()) {
            w.setWidth(screen.getWidth());
        }
        if (w.getHeight() > screen.getHeight()) {
            w.setHeight(screen.getHeight());
        }
        if (w.getX() + w.getWidth() > screen.getMaxX()) {
            w.setX(screen.getMaxX() - w.getWidth());
        }
        if (w.getY() + w.getHeight() > screen.getMaxY()) {
            w.setY(screen.getMaxY() - w.getHeight());
        }
        w.setX(Math.max(screen.getMinX(), w.getX()));
        w.setY(Math.max(screen.getMinY(), w.getY()));
    }

    /**
     * A whole screen of the workspace that scrolls when the window is too small for it (a laptop
     * of 1024x600), and fills the window when it is not.
     */
    public static javafx.scene.control.ScrollPane page(Node content) {
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("page-scroll");
        return scroll;
    }

    /**
     * Column headings are never cut off: each column is at least as wide as its heading (the
     * table scrolls sideways when they do not all fit).
     */
    public static void fitHeadings(javafx.scene.control.TableView<?> table) {
        javafx.scene.text.Font bold = javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                javafx.scene.text.FontWeight.BOLD, 14);
        for (javafx.scene.control.TableColumn<?, ?> c : table.getColumns()) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(c.getText());
            t.setFont(bold);
            double needed = Math.ceil(t.getLayoutBounds().getWidth()) + 26; // the header's padding and sort arrow
            c.setMinWidth(Math.max(c.getMinWidth(), needed));
            if (c.getPrefWidth() < needed) {
                c.setPrefWidth(needed);
            }
        }
    }

    public static VBox card(Node... children) {
        VBox card = new VBox(14, children);
        card.getStyleClass().add("card");
        card.setMaxWidth(540);
        card.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return card;
    }

    /**
     * Takes away the Alt+letters of what is no longer in the window. JavaFX adds a label's or
     * button's Alt+letter to its window when it is shown but never takes it away when it leaves, so
     * the screens shown before would keep theirs: a letter used on two screens (Alt+D for "Edit
     * details" on the learner's page and "Delete learner" on its edit page) then only moves the
     * keyboard about, or presses a button no longer shown, and the one on screen is never pressed.
     * Emptied letters go too: the window tries only the first entry that matches the key pressed,
     * and an empty "d" left by one screen would hide this screen's "D". Called whenever one screen
     * replaces another.
     */
    public static void forgetRemovedMnemonics(javafx.scene.Scene scene) {
        if (scene == null) {
            return;
        }
        for (var keys : java.util.List.copyOf(scene.getMnemonics().keySet())) {
            for (javafx.scene.input.Mnemonic m : java.util.List.copyOf(scene.getMnemonics().get(keys))) {
                if (m.getNode() == null || m.getNode().getScene() != scene) {
                    scene.removeMnemonic(m);
                }
            }
            if (scene.getMnemonics().get(keys).isEmpty()) {
                scene.getMnemonics().remove(keys);
            }
        }
    }

    /**
     * Asks before something that cannot be undone: the question in words, a button that says what
     * it does ({@code yesKey}) and one that keeps things as they are ({@code noKey}), which is the
     * default, so Enter never destroys. True only for the first.
     */
    public static boolean confirm(javafx.stage.Window owner, String id, String titleKey, String question, String yesKey, String noKey) {
        javafx.scene.control.ButtonType yes = new javafx.scene.control.ButtonType(Messages.plain(yesKey),
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType no = new javafx.scene.control.ButtonType(Messages.plain(noKey),
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION, question, no, yes);
        ask.initOwner(owner);
        ask.setTitle(Messages.plain(titleKey));
        ask.setHeaderText(Messages.plain(titleKey));
        ask.getDialogPane().setId(id);
        // as wide as a sentence, the question wrapped whole: it fits a 1024-pixel screen
        ask.getDialogPane().setPrefWidth(520);
        Button yesButton = (Button) ask.getDialogPane().lookupButton(yes);
        yesButton.setId(id + "-yes");
        yesButton.setAccessibleText(Messages.plain(yesKey));
        yesButton.setDefaultButton(false);
        Button noButton = (Button) ask.getDialogPane().lookupButton(no);
        noButton.setId(id + "-no");
        noButton.setAccessibleText(Messages.plain(noKey));
        noButton.setDefaultButton(true);
        ask.setOnShown(e -> noButton.requestFocus());
        return ask.showAndWait().filter(yes::equals).isPresent();
    }
}
