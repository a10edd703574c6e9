package org.tutela.app.ui.caseload;

import javafx.scene.Parent;
import javafx.scene.layout.VBox;
import org.tutela.app.ui.common.Controls;

/** The caseload: groups and their learners. */
public final class CaseloadView {
    private final VBox root;

    public CaseloadView() {
        root = new VBox(12, Controls.heading("caseload.heading"), Controls.text("caseload.empty"));
        root.setId("caseload");
        root.getStyleClass().add("content");
    }

    public Parent root() {
        return root;
    }
}
