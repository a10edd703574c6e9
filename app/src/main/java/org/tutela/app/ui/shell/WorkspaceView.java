package org.tutela.app.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.tutela.app.ui.caseload.CaseloadView;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.Messages;

/** The unlocked window: a top bar (profile, menu, Lock) around the current content. */
public final class WorkspaceView {
    private final BorderPane root;

    public WorkspaceView(String profile, Runnable onLock, Runnable onChangePassphrase, Runnable onSettings) {
        Label title = new Label(Messages.get("app.title"));
        title.getStyleClass().add("brand");
        Label profileLabel = new Label(Messages.get("shell.profile", profile));
        profileLabel.getStyleClass().add("muted");

        MenuItem change = new MenuItem(Messages.get("shell.changePassphrase"));
        change.setId("menu-change-passphrase");
        change.setOnAction(e -> onChangePassphrase.run());
        MenuItem settings = new MenuItem(Messages.get("shell.settings"));
        settings.setId("menu-settings");
        settings.setOnAction(e -> onSettings.run());
        MenuButton menu = new MenuButton(Messages.get("shell.menu"), null, change, settings);
        menu.setId("shell-menu");
        menu.setMnemonicParsing(true);
        menu.setAccessibleText(Messages.plain("shell.menu"));

        Button lock = Controls.button("lock-button", "shell.lock");
        lock.setTooltip(new Tooltip(Messages.get("shell.lock.tooltip")));
        lock.setOnAction(e -> onLock.run());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, title, profileLabel, spacer, menu, lock);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("top-bar");

        root = new BorderPane(new CaseloadView().root());
        root.setTop(bar);
        root.setId("workspace");
    }

    public Parent root() {
        return root;
    }
}
