package org.tutela.app.ui.tutor;

import java.util.function.Consumer;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.domain.Tutor;
import org.tutela.app.records.TutorStore;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * "Your details": the tutor's name, role, email and phone, saved in the vault. Shown from the menu,
 * and once after unlocking a vault that does not know its tutor yet (then it cannot be dismissed
 * without a name: every notice and form needs one).
 */
public final class TutorDetailsDialog {
    private TutorDetailsDialog() {
    }

    /**
     * @param existing the details saved now, or null the first time
     * @param onSaved called on the UI thread with what was saved
     */
    public static Dialog<Void> create(Window owner, TutorStore store, Tutor existing, TaskRunner runner, Consumer<Tutor> onSaved) {
        TutorDetailsViewModel model = new TutorDetailsViewModel(existing);
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(Messages.plain("tutor.title"));
        dialog.setHeaderText(Messages.plain("tutor.title"));
        GridPane fields = TutorDetailsFields.create("tutor", model);
        Label error = Controls.messageLine("tutor-error", "error");
        boolean[] saved = new boolean[1];
        VBox content = new VBox(10);
        if (existing == null) {
            content.getChildren().add(Controls.text("tutor.firstTime"));
        }
        content.getChildren().addAll(Controls.text("tutor.intro"), Controls.requiredLegend(), fields, error);
        content.setPrefWidth(560);
        dialog.getDialogPane().setContent(content);
        Controls.DialogButtons buttons = Controls.stayOpenButtons(dialog, "tutor-save", "tutor.save", "tutor-cancel", "tutor.cancel", () -> {
            Tutor typed = model.build();
            if (typed == null) {
                return;
            }
            runner.run(() -> {
                store.save(typed);
                return typed;
            }, done -> {
                saved[0] = true;
                onSaved.accept(done);
                dialog.close();
            }, failure -> error.setText(Messages.get("tutor.saveFailed")));
        });
        buttons.action().setDefaultButton(true);
        if (existing == null) {
            // The first time it is needed: no way out but giving a name.
            buttons.close().setVisible(false);
            buttons.close().setManaged(false);
            dialog.setOnCloseRequest(e -> {
                if (!saved[0]) {
                    e.consume();
                }
            });
        }
        // a problem said under a box makes the dialog taller, so Save stays in the window
        Controls.growWithContent(dialog);
        dialog.setOnShown(e -> TutorDetailsFields.nameField(fields).requestFocus());
        return dialog;
    }
}
