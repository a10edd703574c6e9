package org.tutela.app.ui.sync;

import org.tutela.app.ui.common.Failures;
import java.util.List;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.syncclient.SyncConflict;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Records changed both on this laptop and at head office: the tutor keeps theirs or head
 * office's, one at a time. Nothing is dropped until they choose.
 */
public final class ConflictsDialog {
    private ConflictsDialog() {
    }

    /** Names a conflict for the tutor: the kind of record, whose, and when head office changed it. */
    public static Function<SyncConflict, String> describedWith(Function<java.util.UUID, String> learnerName) {
        return conflict -> {
            String what = org.tutela.app.ui.common.Formats.joined(" ",
                    Messages.get("conflicts.kind." + conflict.kind().replace('-', '_')), learnerName.apply(conflict.recordId()));
            return conflict.headOfficeUpdatedAt() == null ? what : Messages.get("conflicts.item", what,
                    org.tutela.app.ui.common.Formats.date(conflict.headOfficeUpdatedAt().atZone(java.time.ZoneId.systemDefault()).toLocalDate()));
        };
    }

    /**
     * @param describe how to name a conflicting record for the tutor (e.g. the learner's name and
     *     what kind of record it is)
     * @param onResolved called after each choice, to reload what is shown
     */
    public static Dialog<Void> create(Window owner, SyncClient client, TaskRunner runner,
                                      Function<SyncConflict, String> describe, Runnable onResolved) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(Messages.plain("conflicts.title"));
        dialog.setHeaderText(Messages.plain("conflicts.title"));
        ObservableList<SyncConflict> items = FXCollections.observableArrayList(client.conflicts());
        ListView<SyncConflict> list = new ListView<>(items);
        list.setId("conflicts-list");
        list.setAccessibleText(Messages.plain("conflicts.title"));
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(SyncConflict item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : describe.apply(item));
            }
        });
        list.setPrefHeight(220);
        Button mine = Controls.button("conflicts-keep-mine", "conflicts.keepMine");
        Button theirs = Controls.button("conflicts-keep-theirs", "conflicts.keepTheirs");
        mine.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        theirs.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        mine.setOnAction(e -> choose(list, items, runner, c -> client.keepMine(c.recordId()), onResolved));
        theirs.setOnAction(e -> choose(list, items, runner, c -> client.keepHeadOffice(c.recordId()), onResolved));
        VBox content = new VBox(10, Controls.text("conflicts.intro"), list, new HBox(10, mine, theirs));
        content.setPrefWidth(560); // the intro wraps; the dialog is never wider than a small screen
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(new ButtonType(Messages.plain("enrol.close"), ButtonBar.ButtonData.CANCEL_CLOSE));
        if (!items.isEmpty()) {
            list.getSelectionModel().selectFirst();
        }
        return dialog;
    }

    private static void choose(ListView<SyncConflict> list, ObservableList<SyncConflict> items, TaskRunner runner,
                               java.util.function.Consumer<SyncConflict> action, Runnable onResolved) {
        SyncConflict chosen = list.getSelectionModel().getSelectedItem();
        if (chosen == null) {
            return;
        }
        runner.run(() -> {
            action.accept(chosen);
            return List.of();
        }, ok -> {
            items.remove(chosen);
            onResolved.run();
        }, failure -> {
            // the version chosen was not kept: say so, and leave it in the list to choose again
            javafx.scene.control.Alert problem = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                    Failures.text(failure));
            problem.initOwner(list.getScene() == null ? null : list.getScene().getWindow());
            problem.setHeaderText(null);
            problem.show();
        });
    }
}
