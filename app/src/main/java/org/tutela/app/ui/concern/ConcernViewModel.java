package org.tutela.app.ui.concern;

import org.tutela.app.ui.common.Problem;
import org.tutela.app.ui.common.Failures;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tutela.app.domain.Concern;
import org.tutela.app.domain.ConcernCategory;
import org.tutela.app.domain.ConcernStatus;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.OpenedVersion;

/** A concern or referral: category, description, to whom (the signposting list or free text), status, follow-ups. */
public final class ConcernViewModel {
    private final Caseload caseload;
    /** The concern as this screen opened it (null for a new one). */
    private final OpenedVersion openedVersion;
    private final TaskRunner runner;
    private final String who;
    private final Learner learner;
    private Concern concern;
    private final ObjectProperty<ConcernCategory> category = new SimpleObjectProperty<>();
    private final StringProperty description = new SimpleStringProperty("");
    private final ObjectProperty<SignpostingService> service = new SimpleObjectProperty<>();
    private final StringProperty referredOther = new SimpleStringProperty("");
    private final ObjectProperty<ConcernStatus> status = new SimpleObjectProperty<>(ConcernStatus.OPEN);
    private final StringProperty followUp = new SimpleStringProperty("");
    private final ObservableList<Concern.FollowUp> followUps = FXCollections.observableArrayList();
    private final ObservableList<SignpostingService> services = FXCollections.observableArrayList();
    private final StringProperty error = new SimpleStringProperty("");
    /** Said beside "What it is about" when a save was refused for it, until one is chosen. */
    private final StringProperty categoryProblem = new SimpleStringProperty("");
    private final StringProperty saved = new SimpleStringProperty("");
    private final StringProperty seenByLead = new SimpleStringProperty("");

    public ConcernViewModel(Caseload caseload, TaskRunner runner, UUID learnerId, UUID concernId, String who) {
        category.addListener((o, was, now) -> {
            if (now != null) {
                categoryProblem.set("");
            }
        });
        this.caseload = caseload;
        this.runner = runner;
        this.who = who;
        this.learner = caseload.learner(learnerId).orElseThrow(() -> new IllegalArgumentException("No such learner"));
        this.concern = concernId == null ? null : caseload.concern(concernId).orElse(null);
        this.openedVersion = concern == null ? null : caseload.opened(concern.id());
        services.setAll(caseload.signposting());
        if (concern != null) {
            category.set(concern.category());
            description.set(concern.description() == null ? "" : concern.description());
            service.set(services.stream().filter(s -> s.id().equals(concern.referredToServiceId())).findFirst().orElse(null));
            referredOther.set(concern.referredToOther() == null ? "" : concern.referredToOther());
            status.set(concern.status());
            followUps.setAll(concern.followUps());
        }
        showSeenByLead();
    }

    /** Whether head office says the safeguarding lead has seen it (a safeguarding concern says so either way). */
    private void showSeenByLead() {
        java.util.Optional<org.tutela.app.domain.ConcernResponse> answer = concern == null ? java.util.Optional.empty()
                : caseload.response(concern.id());
        if (answer.isPresent() && answer.get().seen()) {
            java.time.ZonedDateTime at = answer.get().acknowledgedAt().atZone(java.time.ZoneId.systemDefault());
            seenByLead.set(Messages.get("concern.seenByLead", org.tutela.app.ui.common.Formats.time(at.toLocalTime()),
                    org.tutela.app.ui.common.Formats.date(at.toLocalDate())));
        } else if (concern != null && concern.urgent()) {
            seenByLead.set(Messages.get("concern.notSeenByLead"));
        } else {
            seenByLead.set("");
        }
    }

    public Learner learner() {
        return learner;
    }

    public boolean isNew() {
        return concern == null;
    }

    public boolean urgent() {
        return category.get() == ConcernCategory.SAFEGUARDING;
    }

    /** Builds the concern as entered; throws with a message fit to show. */
    public Concern build() {
        if (category.get() == null) {
            throw new Problem(Messages.get("concern.needCategory"));
        }
        LocalDate today = caseload.today();
        Concern c = concern == null ? Concern.raise(learner.id(), category.get(), today, who, blankToNull(description.get()))
                : concern.withDescription(category.get(), blankToNull(description.get()));
        boolean referNow = service.get() != null || !referredOther.get().isBlank();
        boolean referralChanged = concern == null ? referNow
                : !java.util.Objects.equals(service.get() == null ? null : service.get().id(), concern.referredToServiceId())
                        || !java.util.Objects.equals(blankToNull(referredOther.get()), concern.referredToOther());
        if (referNow && referralChanged) {
            c = c.referTo(service.get() == null ? null : service.get().id(), blankToNull(referredOther.get()), today);
            if (status.get() != ConcernStatus.OPEN && status.get() != ConcernStatus.REFERRED) {
                c = c.withStatus(status.get());
            }
        } else {
            c = c.withStatus(status.get());
        }
        if (!followUp.get().isBlank()) {
            c = c.followUp(new Concern.FollowUp(today, followUp.get().strip(), who));
        }
        return c;
    }

    /** True while a save runs: a second click must not raise the same concern twice. */
    private boolean saving;

    public void save(Consumer<Concern> onSaved) {
        if (saving) {
            return;
        }
        error.set("");
        if (category.get() == null) {
            categoryProblem.set(Messages.get("concern.needCategory"));
            return;
        }
        Concern c;
        try {
            c = build();
        } catch (IllegalArgumentException e) {
            error.set(Failures.text(e));
            return;
        }
        saving = true;
        runner.run(() -> caseload.tutorialWrites().save(c, openedVersion), done -> {
            saving = false;
            concern = done;
            status.set(done.status());
            followUps.setAll(done.followUps());
            followUp.set("");
            saved.set(Messages.get("concern.saved"));
            showSeenByLead();
            onSaved.accept(done);
        }, failure -> {
            saving = false;
            error.set(Messages.get("common.saveFailed"));
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public ObjectProperty<ConcernCategory> categoryProperty() { return category; }
    public StringProperty descriptionProperty() { return description; }
    public ObjectProperty<SignpostingService> serviceProperty() { return service; }
    public StringProperty referredOtherProperty() { return referredOther; }
    public ObjectProperty<ConcernStatus> statusProperty() { return status; }
    public StringProperty followUpProperty() { return followUp; }
    public javafx.beans.property.ReadOnlyStringProperty categoryProblemProperty() { return categoryProblem; }
    public ObservableList<Concern.FollowUp> followUps() { return followUps; }
    public ObservableList<SignpostingService> services() { return services; }
    public ReadOnlyStringProperty errorProperty() { return error; }
    public ReadOnlyStringProperty savedProperty() { return saved; }
    /** "Seen by the safeguarding lead at …", or that it is not yet (a safeguarding concern), or empty. */
    public ReadOnlyStringProperty seenByLeadProperty() { return seenByLead; }
}
