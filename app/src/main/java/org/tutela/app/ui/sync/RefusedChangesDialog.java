package org.tutela.app.ui.sync;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Changes head office refused (for example a learner not yet in the tutor's caseload there).
 * They wait on this laptop and are offered again at every sync; the tutor may give one up, after
 * being told plainly what that means. Nothing is dropped unasked.
 */
public final class RefusedChangesDialog {
    private RefusedChangesDialog() {
    }

    /** One refused change as listed: its record, and head office's reason code. */
    public record Item(UUID recordId, String code) {
    }

    /** Names a refused change for the tutor: whose record, and head office's reason in words. */
    public static Function<Item, String> describedWith(Function<UUID, String> learnerName) {
        return item -> {
            String who = learnerName.apply(item.recordId());
            String why = Messages.has("refused.code." + item.code()) ? Messages.get("refused.code." + item.code())
                    : Messages.get("refused.code.other", item.code());
            return Messages.get("refused.item", who.isEmpty() ? Messages.get("refused.unnamed") : who, why);
        };
    }

    /**
     * @param describe names a refused change for the tutor (what kind of record, whose)
     * @param onChanged called after a change is discarded, to refresh what is shown
     */
    public static Dialog<Void> create(Window owner, SyncClient client, TaskRunner runner, Function<Item, String> describe,
                                      Runnable onChanged) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(Messages.plain("refused.title"));
        dialog.setHeaderText(Messages.plain("refused.title"));
        ObservableList<Item> items = FXCollections.observableArrayList();
        ListView<Item> list = new ListView<>(items);
        list.setId("refused-list");
        list.setAccessibleText(Messages.plain("refused.title"));
        list.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(Item item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : describe.apply(item));
                setWrapText(true);
                setPrefWidth(0); // as wide as the list, wrapped: never a line cut off behind a sideways scroll bar
            }
        });
        list.setPrefHeight(220);
        Button discard = Controls.button("refused-discard", "refused.discard");
        discard.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        discard.setOnAction(e -> {
            Item chosen = list.getSelectionModel().getSelectedItem();
            if (chosen == null || !confirmed(dialog, describe.apply(chosen))) {
                return;
            }
            runner.run(() -> {
                client.discardRefused(chosen.recordId());
                return List.of();
            }, ok -> {
                items.remove(chosen);
                onChanged.run();
            }, failure -> dialog.setContentText(Messages.get("refused.discardFailed")));
        });
        javafx.scene.control.Label intro = Controls.text("refused.intro");
        intro.setWrapText(true);
        // a dialog as wide as a sentence, not as wide as its longest line: it fits a 1024-pixel screen
        dialog.getDialogPane().setPrefWidth(560);
        dialog.getDialogPane().setContent(new VBox(10, intro, list, new HBox(10, discard)));
        dialog.getDialogPane().getButtonTypes().add(new ButtonType(Messages.plain("enrol.close"), ButtonBar.ButtonData.CANCEL_CLOSE));
        runner.run(client::rejections, (Map<UUID, String> found) -> {
            found.forEach((id, code) -> items.add(new Item(id, code)));
            if (!items.isEmpty()) {
                list.getSelectionModel().selectFirst();
            }
        }, failure -> dialog.setContentText(Messages.get("refused.readFailed")));
        return dialog;
    }

    /** Discarding needs a second, deliberate yes; No is the default. */
    private static boolean confirmed(Dialog<Void> owner, String what) {
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, Messages.get("refused.confirm", what), ButtonType.NO, ButtonType.YES);
        ask.initOwner(owner.getDialogPane().getScene().getWindow());
        ask.setHeaderText(Messages.plain("refused.confirmTitle"));
        ((Button) ask.getDialogPane().lookupButton(ButtonType.YES)).setDefaultButton(false);
        ((Button) ask.getDialogPane().lookupButton(ButtonType.NO)).setDefaultButton(true);
        return ask.showAndWait().filter(ButtonType.YES::equals).isPresent();
    }
}
