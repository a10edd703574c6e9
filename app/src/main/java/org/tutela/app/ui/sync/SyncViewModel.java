package org.tutela.app.ui.sync;

import org.tutela.app.ui.common.Failures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.syncclient.SyncClient;
import org.tutela.app.syncclient.SyncException;
import org.tutela.app.syncclient.SyncProgress;
import org.tutela.app.syncclient.SyncReport;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Sync as the tutor sees it: a status line, Sync now with progress and Cancel, and the records
 * that need a choice. Rounds run off the UI thread; a round that finds no network says so
 * quietly, and the next try happens on its own.
 */
public final class SyncViewModel {
    private final Supplier<SyncClient> client;
    /** Short reads of the sync state, in order with the tutor's own vault work. */
    private final TaskRunner runner;
    /** Rounds, which wait on the network: never on the vault thread. */
    private final TaskRunner rounds;
    private final Clock clock;
    private final Runnable onReceived;
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty enrolled = new SimpleBooleanProperty(false);
    private final IntegerProperty conflicts = new SimpleIntegerProperty(0);
    /** Changes head office refused: they wait here and go again at every round, until applied or discarded. */
    private final IntegerProperty refused = new SimpleIntegerProperty(0);
    private volatile AtomicBoolean cancel = new AtomicBoolean();

    /**
     * What a round came to, for a notification: counts and what to do, never a learner's name or
     * anything head office's server wrote.
     */
    public record Notice(Kind kind, String title, String text) {
        /** Done; done but head office refused changes; stopped. */
        public enum Kind { DONE, REFUSED, FAILED }
    }

    private java.util.function.Consumer<Notice> onNotice = notice -> { };
    /** The problem line shows the count of refused changes (cleared by a refresh that finds none). */
    private boolean problemIsRefusals;
    /** The status line says "not connected" or is empty (a refresh that finds an enrolment says "ready"). */
    private boolean statusIsPlaceholder = true;

    /**
     * @param client the sync client of the open vault (asked for each round: the vault may have been locked)
     * @param onReceived called on the UI thread after a round that received records, to reload what is shown
     */
    public SyncViewModel(Supplier<SyncClient> client, TaskRunner runner, Clock clock, Runnable onReceived) {
        this(client, runner, runner, clock, onReceived);
    }

    /**
     * @param runner short reads of the sync state (the vault thread in the app)
     * @param rounds sync rounds, which wait on the network (the jobs pool in the app)
     */
    public SyncViewModel(Supplier<SyncClient> client, TaskRunner runner, TaskRunner rounds, Clock clock, Runnable onReceived) {
        this.client = client;
        this.rounds = rounds;
        this.runner = runner;
        this.clock = clock;
        this.onReceived = onReceived;
    }

    /** The line about refused changes as last shown (so it goes once none are left). */
    private String refusedShown = "";

    /** Reads the enrolment and conflicts (off the UI thread). */
    public void refresh() {
        runner.run(() -> {
            SyncClient c = client.get();
            return new int[] {c.isEnrolled() ? 1 : 0, c.conflicts().size(), c.rejections().size()};
        }, state -> {
            enrolled.set(state[0] == 1);
            conflicts.set(state[1]);
            refused.set(state[2]);
            if (state[2] > 0) {
                showProblem(Messages.get("sync.problem.rejected", state[2]));
                problemIsRefusals = true;
            } else if (problemIsRefusals) {
                showProblem("");
            }
            if (!enrolled.get()) {
                showStatus(Messages.get("sync.status.notEnrolled"));
                statusIsPlaceholder = true;
            } else if (statusIsPlaceholder) {
                showStatus(Messages.get("sync.status.ready"));
            }
        }, Failures.logged("reading the sync state"));
    }

    public void syncNow() {
        syncNow(false);
    }

    /** A round started by the timer: does nothing while one runs or before enrolment. */
    public void syncInBackground() {
        if (enrolled.get() && !busy.get()) {
            syncNow(true);
        }
    }

    private void syncNow(boolean quiet) {
        if (busy.get()) {
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        cancel = cancelled;
        busy.set(true);
        showProblem("");
        showStatus(Messages.get("sync.status.working"));
        // The status bar shows an indeterminate indicator and the outcome; counts arrive with the report.
        rounds.run(() -> client.get().sync(SyncProgress.NONE, cancelled::get), report -> {
            busy.set(false);
            finished(report);
            notice(report, quiet);
        }, failure -> {
            busy.set(false);
            failed(failure, quiet);
        });
    }

    public void cancel() {
        cancel.set(true);
    }

    private void finished(SyncReport report) {
        String when = org.tutela.app.ui.common.Formats.time(java.time.LocalTime.ofInstant(Instant.now(clock), ZoneId.systemDefault()));
        if (!report.complete()) {
            showStatus(Messages.get("sync.status.cancelled", when));
        } else {
            showStatus(Messages.get("sync.status.done", when, report.sent(), report.received()));
        }
        refresh(); // refused changes still waiting are shown from the vault, not from this round alone
        if (report.received() > 0) {
            onReceived.run();
        }
    }

    /**
     * Tells of a round: one the tutor started always (unless cancelled: the status line says so),
     * one the timer started only when something moved or was refused.
     */
    private void notice(SyncReport report, boolean quiet) {
        if (!report.complete()) {
            return;
        }
        int refusedNow = report.rejected().size();
        if (refusedNow > 0) {
            onNotice.accept(new Notice(Notice.Kind.REFUSED, Messages.get("sync.notice.refusedTitle", refusedNow),
                    Messages.get("sync.notice.refused", report.sent(), report.received(), refusedNow)));
        } else if (!quiet || report.sent() + report.received() > 0) {
            onNotice.accept(new Notice(Notice.Kind.DONE, Messages.get("sync.notice.doneTitle"),
                    Messages.get("sync.notice.done", report.sent(), report.received())));
        }
    }

    /** A round that stopped: the reason in the bundle's words (with head office's code where it gave one, never its words). */
    private void noticeFailed(String text, boolean quiet) {
        if (!quiet) {
            onNotice.accept(new Notice(Notice.Kind.FAILED, Messages.get("sync.notice.failedTitle"), text.strip()));
        }
    }

    /** Who shows the notices (the sync line's notifications); called on the UI thread. */
    public void onNotice(java.util.function.Consumer<Notice> show) {
        onNotice = show;
    }

    private void failed(Throwable failure, boolean quiet) {
        if (failure instanceof SyncException e) {
            String key = "sync.reason." + e.reason().name();
            String words = Messages.get(key, e.shown().toArray());
            // the tutor who pressed Cancel needs no notice of it (the sync line says so)
            noticeFailed(words, quiet || e.reason() == SyncException.Reason.CANCELLED);
            if (e.reason() == SyncException.Reason.OFFLINE) {
                showStatus(Messages.get(key));
                return;
            }
            showStatus(Messages.get("sync.status.stopped"));
            showProblem(words);
            if (e.reason() == SyncException.Reason.REVOKED) {
                enrolled.set(false);
            }
            return;
        }
        if (!quiet) {
            showProblem(Failures.text(failure));
        }
        noticeFailed(Failures.text(failure), quiet);
        showStatus(Messages.get("sync.status.stopped"));
    }

    private void showStatus(String text) {
        statusIsPlaceholder = text.isEmpty();
        status.set(text);
    }

    private void showProblem(String text) {
        problemIsRefusals = false;
        problem.set(text);
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty problemProperty() {
        return problem;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty enrolledProperty() {
        return enrolled;
    }

    public IntegerProperty conflictsProperty() {
        return conflicts;
    }

    public IntegerProperty refusedProperty() {
        return refused;
    }
}
