package org.tutela.app.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TreeView;

/** Finds interactive controls that a screen reader could not name. */
public final class Accessibility {
    private Accessibility() {
    }

    public static List<String> unnamedControls(Parent root) {
        List<Node> all = new ArrayList<>();
        collect(root, all);
        List<String> unnamed = new ArrayList<>();
        for (Node node : all) {
            if (!(node instanceof Control control) || !isInteractive(control)) {
                continue;
            }
            boolean named = control.getAccessibleText() != null && !control.getAccessibleText().isBlank();
            if (!named && control instanceof Labeled labeled && !(control instanceof Label)) {
                named = labeled.getText() != null && !labeled.getText().isBlank();
            }
            if (!named) {
                named = all.stream().anyMatch(n -> n instanceof Label l && l.getLabelFor() == control);
            }
            if (!named) {
                unnamed.add(control.getClass().getSimpleName() + (control.getId() == null ? "" : "#" + control.getId()));
            }
        }
        return unnamed;
    }

    private static boolean isInteractive(Control control) {
        return control instanceof ButtonBase || control instanceof TextInputControl || control instanceof ComboBoxBase
                || control instanceof Spinner || control instanceof ListView || control instanceof TableView
                || control instanceof TreeView;
    }

    private static void collect(Node node, List<Node> into) {
        into.add(node);
        // A combo box or date picker is named as a whole; its skin's own editor and list are parts of it.
        if (node instanceof ComboBoxBase || node instanceof Spinner) {
            return;
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, into);
            }
        }
    }
}
