package org.tutela.app.ui.print;

import org.tutela.app.ui.common.Failures;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.tutela.app.domain.CopyRecipient;
import org.tutela.app.domain.Tutorial;
import org.tutela.app.domain.CopiesRecord;
import org.tutela.app.print.CopiesRegister;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * The copies register of one tutorial: for each recipient (student, ILR, home school,
 * parents/carers, employer) whether a copy was agreed, when it was printed, and a tick for
 * "handed over" that is saved in the vault at once.
 */
public final class CopiesRegisterViewModel {

    /** One recipient's line. */
    public static final class Row {
        private final CopyRecipient recipient;
        private final boolean agreed;
        private final StringProperty printed = new SimpleStringProperty("");
        private final BooleanProperty handedOver = new SimpleBooleanProperty();
        private final StringProperty handedOverAt = new SimpleStringProperty("");

        Row(CopyRecipient recipient, boolean agreed) {
            this.recipient = recipient;
            this.agreed = agreed;
        }

        public CopyRecipient recipient() {
            return recipient;
        }

        public String name() {
            return Messages.get("print.recipient." + recipient.name());
        }

        public boolean agreed() {
            return agreed;
        }

        public ReadOnlyStringProperty printedProperty() {
            return printed;
        }

        /** Reflects the register; change it with {@link CopiesRegisterViewModel#setHandedOver}. */
        public BooleanProperty handedOverProperty() {
            return handedOver;
        }

        public ReadOnlyStringProperty handedOverAtProperty() {
            return handedOverAt;
        }
    }

    private final CopiesRegister register;
    private final TaskRunner runner;
    private final ZoneId zone;
    private final List<Row> rows = new ArrayList<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty heading = new SimpleStringProperty("");
    private UUID tutorialId;

    public CopiesRegisterViewModel(CopiesRegister register, TaskRunner runner, ZoneId zone) {
        this.register = register;
        this.runner = runner;
        this.zone = zone;
    }

    /** Shows the register of this tutorial (its agreed copies come from the form). */
    public void load(Tutorial tutorial) {
        tutorialId = tutorial.id();
        heading.set(Messages.get("print.register.heading", org.tutela.app.ui.common.Formats.date(tutorial.date())));
        rows.clear();
        for (CopyRecipient r : CopyRecipient.values()) {
            rows.add(new Row(r, tutorial.form().copiesTo().contains(r)));
        }
        runner.run(() -> register.get(tutorial.id()), this::show, this::failed);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Ticks or unticks a copy as handed over; saved in the vault at once. */
    public void setHandedOver(Row row, boolean handed) {
        UUID id = tutorialId;
        if (id == null) {
            return;
        }
        row.handedOver.set(handed);
        runner.run(() -> register.setHandedOver(id, row.recipient, handed), this::show, failure -> {
            row.handedOver.set(!handed);
            error.set(Messages.get("print.register.saveFailed", Failures.text(failure)));
        });
    }

    private void show(CopiesRecord record) {
        error.set("");
        for (Row row : rows) {
            var copy = record.copy(row.recipient);
            Instant printedAt = copy.map(CopiesRecord.Copy::printedAt).orElse(null);
            Instant handedAt = copy.map(CopiesRecord.Copy::handedOverAt).orElse(null);
            row.printed.set(printedAt == null ? Messages.get("print.register.notPrinted")
                    : Messages.get("print.register.printed", org.tutela.app.ui.common.Formats.dateTime(printedAt, zone)));
            row.handedOver.set(handedAt != null);
            row.handedOverAt.set(handedAt == null ? "" : Messages.get("print.register.handedOverOn", org.tutela.app.ui.common.Formats.dateTime(handedAt, zone)));
        }
        summary.set(record.printings().isEmpty() ? Messages.get("print.register.never")
                : Messages.get("print.register.lastPrinted", org.tutela.app.ui.common.Formats.dateTime(record.lastPrinted().orElseThrow(), zone),
                        record.printings().get(record.printings().size() - 1).copies()));
    }

    private void failed(Throwable t) {
        error.set(Messages.get("print.register.saveFailed", Failures.text(t)));
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyStringProperty headingProperty() {
        return heading;
    }
}
