package org.tutela.app.ui.confidential;

import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.confidential.SafeguardingWarning;
import org.tutela.app.confidential.SafeguardingWatch;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/** Whether the shell shows the "phone the Designated Safeguarding Lead" banner, and its words. */
public final class SafeguardingBannerViewModel {
    private final SafeguardingWatch watch;
    private final TaskRunner runner;
    private final BooleanProperty showing = new SimpleBooleanProperty(false);
    private final StringProperty text = new SimpleStringProperty("");

    public SafeguardingBannerViewModel(SafeguardingWatch watch, TaskRunner runner) {
        this.watch = watch;
        this.runner = runner;
    }

    /** Checks now (the banner calls it every minute; call it after a sync or an unlock too). */
    public void refresh() {
        runner.run(watch::check, this::show, failure -> {
            // a locked vault: nothing to say until it is unlocked again
            showing.set(false);
            text.set("");
        });
    }

    /** Hides the banner (on lock). */
    public void clear() {
        showing.set(false);
        text.set("");
    }

    void show(Optional<SafeguardingWarning> warning) {
        if (warning.isEmpty()) {
            clear();
            return;
        }
        SafeguardingWarning w = warning.get();
        String waited = ConfidentialUi.hoursAndMinutes(w.waitingFor());
        // still on its way to head office, or there and not yet seen by the lead: the tutor phones either way
        boolean one = w.concernIds().size() == 1;
        boolean phone = w.dslPhone() != null;
        String words;
        if (w.allAtHeadOffice()) {
            words = one ? (phone ? Messages.get("safeguarding.banner.unseen.withPhone", waited, w.dslPhone())
                    : Messages.get("safeguarding.banner.unseen.noPhone", waited))
                    : (phone ? Messages.get("safeguarding.banner.unseen.many", w.concernIds().size(), waited, w.dslPhone())
                    : Messages.get("safeguarding.banner.unseen.manyNoPhone", w.concernIds().size(), waited));
        } else {
            words = one ? (phone ? Messages.get("safeguarding.banner.withPhone", waited, w.dslPhone())
                    : Messages.get("safeguarding.banner.noPhone", waited))
                    : (phone ? Messages.get("safeguarding.banner.many", w.concernIds().size(), waited, w.dslPhone())
                    : Messages.get("safeguarding.banner.manyNoPhone", w.concernIds().size(), waited));
        }
        text.set(words);
        showing.set(true);
    }

    public BooleanProperty showingProperty() {
        return showing;
    }

    public StringProperty textProperty() {
        return text;
    }
}
