package org.tutela.app.ui;

import javafx.application.Application;
import javafx.stage.Stage;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.shell.MainWindow;

/** The JavaFX application. Started by {@link org.tutela.app.Launcher}. */
public final class TutelaApp extends Application {
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        AppHome home = AppHome.fromEnvironment().ensureFolders();
        Settings settings = Settings.load(home.settingsFile());
        Messages.use(settings.language());
        VaultSession session = new VaultSession(home.vaultFile(settings.profile()), null);
        window = new MainWindow(home, settings, session);
        stage.setTitle(Messages.plain("app.title"));
        stage.setScene(window.scene());
        stage.setMinWidth(760);
        stage.setMinHeight(560);
        stage.show();
        // On a screen smaller than the window (a 1024x600 laptop), all of it on the screen: no top bar above its edge.
        org.tutela.app.ui.common.Controls.keepOnScreen(stage);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
    }
}
