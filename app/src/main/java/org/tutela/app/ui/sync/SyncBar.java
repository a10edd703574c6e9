package org.tutela.app.ui.sync;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.tutela.app.ui.common.Controls;

/** The sync line at the bottom of the unlocked window: progress, status, the problem if any, Cancel and Sync now. */
public final class SyncBar {
    private SyncBar() {
    }

    /**
     * @param beforeSync runs before Sync now starts a round (the open form's draft is saved first)
     */
    public static HBox create(SyncViewModel sync, Runnable beforeSync) {
        Label status = new Label();
        status.setId("sync-status");
        status.textProperty().bind(sync.statusProperty());
        status.getStyleClass().add("hint");
        // "Synced at 14:03: 12 sent, 3 received." is never cut short; a long problem wraps beside it.
        Controls.wrapWhole(status);
        status.setMinWidth(Region.USE_PREF_SIZE);
        Label problem = Controls.messageLine("sync-problem", "error");
        problem.textProperty().bind(sync.problemProperty());
        ProgressIndicator working = new ProgressIndicator();
        working.setPrefSize(18, 18);
        working.visibleProperty().bind(sync.busyProperty());
        working.managedProperty().bind(sync.busyProperty());
        Button now = Controls.button("sync-now", "sync.button");
        now.setOnAction(e -> {
            beforeSync.run();
            sync.syncNow();
        });
        now.disableProperty().bind(sync.busyProperty().or(sync.enrolledProperty().not()));
        Button cancel = Controls.button("sync-cancel", "sync.cancel");
        cancel.setOnAction(e -> sync.cancel());
        cancel.visibleProperty().bind(sync.busyProperty());
        cancel.managedProperty().bind(sync.busyProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox.setHgrow(problem, Priority.SOMETIMES);
        HBox bar = new HBox(10, working, status, problem, gap, cancel, now);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        bar.setId("sync-bar");
        // each round's outcome in a notification too, in this window's corner (counts only)
        SyncNotices.install(sync, bar);
        return bar;
    }
}
