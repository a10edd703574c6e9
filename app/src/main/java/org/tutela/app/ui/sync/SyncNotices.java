package org.tutela.app.ui.sync;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.tutela.app.ui.common.Messages;

/**
 * A sync round's outcome as a ControlsFX notification in the corner of the main window: done with
 * its counts, changes head office refused, or stopped and what to do. It is a picture that goes
 * by itself; the sync line says the same and stays. It never takes the keyboard: nothing in it can
 * be tabbed to, and Escape and every other key carry on to the window as before.
 */
public final class SyncNotices {
    /** Long enough to read the longest notice at a steady pace. */
    static final Duration SHOWN_FOR = Duration.seconds(10);

    /** Characters a line: the notice is about 460 pixels wide, inside a 1024-pixel screen. */
    static final int LINE = 56;

    private SyncNotices() {
    }

    /**
     * The text broken between words into lines of at most {@code width} characters: ControlsFX
     * sizes a notice by its text's one-line width, and a long one would run off a small screen.
     */
    static String lines(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > width) {
                out.append('\n');
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /** Shows the notices of {@code sync} in the window that holds {@code anchor} (the sync line). */
    public static void install(SyncViewModel sync, Node anchor) {
        sync.onNotice(notice -> show(anchor, notice));
    }

    static void show(Node anchor, SyncViewModel.Notice notice) {
        Window owner = anchor.getScene() == null ? null : anchor.getScene().getWindow();
        if (owner == null || !owner.isShowing()) {
            return; // locked or closed meanwhile: the sync line keeps the outcome
        }
        String kind = notice.kind().name().toLowerCase(java.util.Locale.ROOT);
        Notifications n = Notifications.create()
                .owner(owner) // in the main window's corner, never a window of its own that could take the focus
                .title(notice.title())
                .text(lines(notice.text(), LINE))
                .position(Pos.TOP_RIGHT)
                .hideAfter(SHOWN_FOR)
                .styleClass("sync-notice", "sync-notice-" + kind);
        List<Window> before = List.copyOf(Window.getWindows());
        switch (notice.kind()) {
            case DONE -> n.showInformation();
            case REFUSED -> n.showWarning();
            case FAILED -> n.showError();
        }
        for (Window w : List.copyOf(Window.getWindows())) {
            if (!before.contains(w) && w instanceof PopupWindow popup && popup.getScene() != null) {
                keepKeysForTheWindow(popup);
            }
        }
    }

    /**
     * A popup is handed the window's keys first: Escape would close it instead of the window's
     * Cancel, and a focusable close button would take Tab and Space. So nothing in it takes the
     * keyboard, and Escape goes on to the window (it closes by itself, or by a click).
     */
    private static void keepKeysForTheWindow(PopupWindow popup) {
        popup.setHideOnEscape(false);
        popup.setAutoHide(false);
        walk(popup.getScene().getRoot());
        popup.getScene().getRoot().lookupAll(".close-button").forEach(b -> b.setAccessibleText(Messages.plain("sync.notice.close")));
    }

    private static void walk(Node node) {
        node.setFocusTraversable(false);
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(SyncNotices::walk);
        }
    }
}
