package org.tutela.app.ui.confidential;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import org.tutela.app.confidential.SafeguardingWatch;
import org.tutela.app.ui.common.Controls;
import org.tutela.app.ui.common.TaskRunner;

/**
 * The banner the shell shows at the top when a safeguarding concern has waited too long for the
 * safeguarding lead to see it (on its way to head office, or there): plainly, phone the Designated
 * Safeguarding Lead, with the number. It checks every minute (and after each sync) and hides itself
 * when there is nothing to say.
 */
public final class SafeguardingBanner {
    private SafeguardingBanner() {
    }

    /** The entry point: a banner node watching this watch (checks on the vault thread). */
    public static HBox create(SafeguardingWatch watch) {
        return create(new SafeguardingBannerViewModel(watch, TaskRunner.VAULT_THREAD), true);
    }

    /** A banner for this model that checks again every minute while it is shown. */
    public static HBox create(SafeguardingBannerViewModel model, boolean everyMinute) {
        HBox banner = create(model);
        if (!everyMinute) {
            return banner;
        }
        Timeline every = new Timeline(new KeyFrame(Duration.minutes(1), e -> model.refresh()));
        every.setCycleCount(Timeline.INDEFINITE);
        banner.sceneProperty().addListener((obs, was, scene) -> {
            if (scene != null) {
                model.refresh();
                every.play();
            } else {
                every.stop();
                model.clear();
            }
        });
        return banner;
    }

    public static HBox create(SafeguardingBannerViewModel model) {
        Label text = new Label();
        text.setId("safeguarding-banner-text");
        text.setWrapText(true);
        text.textProperty().bind(model.textProperty());
        text.setAccessibleRole(AccessibleRole.TEXT);
        text.accessibleTextProperty().bind(model.textProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button check = Controls.button("safeguarding-banner-check", "safeguarding.banner.check");
        check.setOnAction(e -> model.refresh());
        HBox banner = new HBox(12, text, check);
        banner.setId("safeguarding-banner");
        banner.getStyleClass().addAll("banner", "banner-urgent");
        banner.setStyle("-fx-background-color: #fde2e1; -fx-border-color: #b3261e; -fx-border-width: 0 0 2 0; -fx-padding: 10 14;");
        banner.visibleProperty().bind(model.showingProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }
}
