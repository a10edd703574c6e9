package org.tutela.app.ui.confidential;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.tutela.app.ui.common.BackgroundWork;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** Small shared pieces of the confidential screens. */
public final class ConfidentialUi {
    /**
     * Long jobs (password checks that may wait out a delay): the job pool, so the vault's single
     * writer thread is never held up by a delay.
     */
    public static final TaskRunner JOBS = new TaskRunner() {
        @Override
        public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
            BackgroundWork.asJob(work, onSuccess, onError);
        }
    };

    private ConfidentialUi() {
    }

    static String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.getDefault()).format(date);
    }

    /** Whole seconds, rounded up (a delay of 0.2 s is shown as 1 s). */
    static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    static String hoursAndMinutes(Duration d) {
        return Messages.get("safeguarding.duration", d.toHours(), d.toMinutesPart());
    }
}
