package org.tutela.app.ui.shell;

import java.time.Duration;
import java.util.Optional;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Spinner;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** Settings the tutor can change: for now, how long Tutela waits before locking itself. */
public final class SettingsDialog {
    private SettingsDialog() {
    }

    /** Shows the dialog; returns the chosen idle time if the tutor saved. */
    public static Optional<Duration> ask(Window owner, Settings settings) {
        Dialog<Duration> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(Messages.plain("settings.title"));
        dialog.setHeaderText(Messages.plain("settings.title"));
        int minutes = (int) Math.max(1, Math.min(480, settings.idleLock().toMinutes()));
        Spinner<Integer> idle = new Spinner<>(1, 480, minutes);
        idle.setId("settings-idle-minutes");
        idle.setEditable(true);
        VBox content = new VBox(10, Controls.labelled("settings.idleLock", idle));
        dialog.getDialogPane().setContent(content);
        ButtonType save = new ButtonType(Messages.plain("settings.save"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(Messages.plain("settings.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        dialog.getDialogPane().getButtonTypes().addAll(save, cancel);
        dialog.setResultConverter(type -> type == save ? Duration.ofMinutes(idle.getValue()) : null);
        dialog.setOnShown(e -> idle.requestFocus());
        return dialog.showAndWait();
    }
}
