package org.tutela.app.ui.shell;

import org.tutela.app.ui.common.Failures;
import java.time.Duration;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import org.tutela.app.records.demo.CaseloadWarmUp;
import org.tutela.app.session.IdleTimer;
import org.tutela.app.session.VaultSession;
import org.tutela.app.settings.AppHome;
import org.tutela.app.settings.Settings;
import org.tutela.app.ui.common.BackgroundWork;
import org.tutela.app.ui.common.Failures;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.ui.unlock.CreateVaultView;
import org.tutela.app.ui.unlock.CreateVaultViewModel;
import org.tutela.app.ui.unlock.UnlockView;
import org.tutela.app.ui.unlock.UnlockViewModel;

/**
 * The one window. It shows "create your vault" on first start, the lock screen while locked, and
 * the workspace while unlocked; it locks on the Lock button, on Ctrl+L and after the idle time.
 */
public final class MainWindow {
    private final AppHome home;
    private final Settings settings;
    private final VaultSession session;
    /** Where ControlsFX draws the marks on the forms' boxes (see FieldChecks). */
    private final StackPane root = org.tutela.app.ui.common.FieldChecks.host();
    private final Scene scene;
    private final IdleTimer idleTimer;
    private WorkspaceView workspace;

    public MainWindow(AppHome home, Settings settings, VaultSession session) {
        this.home = home;
        this.settings = settings;
        this.session = session;
        this.scene = new Scene(root, 1100, 720);
        scene.getStylesheets().add(MainWindow.class.getResource("/org/tutela/app/ui/tutela.css").toExternalForm());
        idleTimer = new IdleTimer(settings.idleLock(), () -> Platform.runLater(() -> lock(true)));
        scene.addEventFilter(InputEvent.ANY, e -> idleTimer.touch());
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+L"), () -> lock(false));
        showCurrentScreen(null);
    }

    public Scene scene() {
        return scene;
    }

    private void showCurrentScreen(String notice) {
        if (session.isUnlocked()) {
            showWorkspace();
        } else if (session.vaultExists()) {
            showLockScreen(notice);
        } else {
            showCreateScreen();
        }
    }

    private void showCreateScreen() {
        CreateVaultViewModel model = new CreateVaultViewModel(session, TaskRunner.VAULT_THREAD, () -> showCurrentScreen(null),
                Platform::runLater);
        CreateVaultView view = new CreateVaultView(model);
        show(view.root());
        Platform.runLater(view::focus);
    }

    private void showLockScreen(String notice) {
        // Get the caseload loading code warm while the tutor types the passphrase.
        warmUpOnceShown();
        UnlockViewModel model = new UnlockViewModel(session, TaskRunner.VAULT_THREAD, () -> showCurrentScreen(null));
        if (notice != null) {
            model.noticeProperty().set(notice);
        }
        UnlockView view = new UnlockView(model);
        show(view.root());
        Platform.runLater(view::focus);
    }

    /**
     * Starts the caseload's warm-up once the window is on screen and painted: at start-up the lock
     * screen is made before the window shows, and a warm-up started then takes the cores the first
     * paint needs. The tutor types for seconds; the warm-up starting a moment later costs nothing.
     */
    private void warmUpOnceShown() {
        javafx.stage.Window window = scene.getWindow();
        if (window != null && window.isShowing()) {
            warmUp();
            return;
        }
        scene.windowProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.stage.Window> o, javafx.stage.Window was,
                                javafx.stage.Window now) {
                if (now == null) {
                    return;
                }
                scene.windowProperty().removeListener(this);
                if (now.isShowing()) {
                    warmUp(); // put into a window already on screen
                    return;
                }
                now.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, new javafx.event.EventHandler<>() {
                    @Override
                    public void handle(javafx.stage.WindowEvent e) {
                        now.removeEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, this);
                        javafx.animation.PauseTransition painted = new javafx.animation.PauseTransition(javafx.util.Duration.millis(300));
                        painted.setOnFinished(f -> warmUp());
                        painted.play();
                    }
                });
            }
        });
    }

    /** On the idle thread: the tutor is typing, nothing waits for it. */
    private static void warmUp() {
        CaseloadWarmUp.start(BackgroundWork.idle());
    }

    private void showWorkspace() {
        // What the unlocked window's screens use is built once per unlock, and let go when it locks.
        WorkspaceView view = new WorkspaceView(SessionRoot.open(settings.profile(), session), () -> lock(false),
                this::changePassphrase, this::editSettings);
        workspace = view;
        show(view.root());
        idleTimer.arm();
    }

    private void show(Parent screen) {
        if (workspace != null && screen != workspace.root()) {
            workspace = null;
        }
        // Replacing the screen drops every view and view model of the one before, with what they held.
        root.getChildren().setAll(screen);
        org.tutela.app.ui.common.Controls.forgetRemovedMnemonics(scene);
    }

    /** Locks now: the workspace goes first, so nothing decrypted stays on screen while the vault closes. */
    public void lock(boolean idle) {
        if (!session.isUnlocked()) {
            return;
        }
        idleTimer.disarm();
        // Save what is typed in an open form first: the save is queued on the vault thread before the lock.
        if (workspace != null) {
            workspace.flush();
        }
        String notice = idle ? Messages.get("shell.lockedNotice", describe(settings.idleLock())) : null;
        WorkspaceView closing = workspace;
        closeOtherWindows();
        showLockScreenAfterLock(notice, closing);
    }

    private void showLockScreenAfterLock(String notice, WorkspaceView closing) {
        root.getChildren().clear();
        workspace = null;
        BackgroundWork.onVaultThread(() -> {
            keepSnapshotAndLock(closing);
            if (closing != null) {
                closing.close();
            }
            return Boolean.TRUE;
        }, ok -> showCurrentScreen(notice), failure -> {
            Failures.log("locking", failure);
            showCurrentScreen(notice);
        });
    }

    /** On the vault thread: the caseload list kept as the vault's snapshot for the next unlock, then the lock. */
    private void keepSnapshotAndLock(WorkspaceView closing) {
        if (closing != null) {
            closing.keepSnapshot();
        }
        session.lock();
    }

    /**
     * Closes every other window (print previews, an opened confidential tutorial, dialogs): when
     * Tutela locks, nothing decrypted stays on screen.
     */
    private void closeOtherWindows() {
        javafx.stage.Window own = scene.getWindow();
        if (own == null) {
            return; // not on screen: the windows showing are not this window's
        }
        for (javafx.stage.Window w : new java.util.ArrayList<>(javafx.stage.Window.getWindows())) {
            if (w != own) {
                w.hide();
            }
        }
    }

    private static String describe(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes >= 1) {
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        long seconds = duration.toSeconds();
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }

    private void changePassphrase() {
        ChangePassphraseViewModel model = new ChangePassphraseViewModel(session, TaskRunner.VAULT_THREAD);
        ChangePassphraseDialog.create(scene.getWindow(), model).show();
    }

    private void editSettings() {
        SettingsDialog.ask(scene.getWindow(), settings).ifPresent(idle -> {
            settings.setIdleLock(idle);
            idleTimer.setTimeout(settings.idleLock());
            BackgroundWork.asJob(() -> {
                settings.save(home.settingsFile());
                return Boolean.TRUE;
            }, ok -> { }, Failures.logged("saving the settings"));
        });
    }

    /** Stops the idle timer and locks; called when the window closes. */
    public void shutdown() {
        idleTimer.close();
        if (workspace != null) {
            workspace.flush();
        }
        WorkspaceView closing = workspace;
        // Lock after any save still queued on the vault thread, so nothing typed is lost.
        try {
            BackgroundWork.onVaultThread(() -> {
                keepSnapshotAndLock(closing);
                return Boolean.TRUE;
            }, ok -> { }, Failures.logged("locking as the window closes")).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            session.lock();
        }
    }

    /** The workspace while unlocked (for tests and the print hook), or null. */
    public WorkspaceView workspace() {
        return workspace;
    }
}
