package org.tutela.app.ui.confidential;

import java.time.Duration;
import java.time.LocalDate;
import org.tutela.app.ui.common.Messages;

/** Small shared pieces of the confidential screens. */
public final class ConfidentialUi {
    private ConfidentialUi() {
    }

    static String date(LocalDate date) {
        return org.tutela.app.ui.common.Formats.date(date); // the one style of every date on screen
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
