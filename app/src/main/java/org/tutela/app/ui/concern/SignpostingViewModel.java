package org.tutela.app.ui.concern;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tutela.app.domain.SignpostingService;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;
import org.tutela.app.records.Caseload;

/** The signposting list: services learners can be referred to (name, what for, contact), editable. */
public final class SignpostingViewModel {
    private final Caseload caseload;
    private final TaskRunner runner;
    private final ObservableList<SignpostingService> services = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty whatFor = new SimpleStringProperty("");
    private final StringProperty contact = new SimpleStringProperty("");
    private final StringProperty nameProblem = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private SignpostingService editing;

    public SignpostingViewModel(Caseload caseload, TaskRunner runner) {
        name.addListener((o, was, now) -> {
            if (!now.isBlank()) {
                nameProblem.set("");
            }
        });
        this.caseload = caseload;
        this.runner = runner;
        services.setAll(caseload.signposting());
    }

    /** Fills the boxes with a service to edit (null: a new one). */
    public void edit(SignpostingService s) {
        editing = s;
        name.set(s == null ? "" : s.name());
        whatFor.set(s == null || s.whatFor() == null ? "" : s.whatFor());
        contact.set(s == null || s.contact() == null ? "" : s.contact());
        error.set("");
        nameProblem.set("");
    }

    /** Adds the service in the boxes, or saves the changes to the one being edited. */
    public void apply() {
        error.set("");
        if (name.get().isBlank()) {
            nameProblem.set(Messages.get("signposting.needName")); // beside the box, until a name is typed
            return;
        }
        SignpostingService s = editing == null
                ? SignpostingService.create(name.get().strip(), whatFor.get().strip(), contact.get().strip())
                : new SignpostingService(editing.id(), name.get().strip(), whatFor.get().strip(), contact.get().strip());
        run(() -> caseload.tutorialWrites().save(s));
        edit(null);
    }

    public void remove(SignpostingService s) {
        run(() -> {
            caseload.tutorialWrites().deleteSignposting(s.id());
            return s;
        });
        edit(null);
    }

    private void run(java.util.concurrent.Callable<?> change) {
        runner.run(() -> {
            change.call();
            return caseload.signposting();
        }, list -> {
            services.setAll(list);
            status.set(Messages.get("signposting.saved"));
        }, failure -> error.set(Messages.get("common.saveFailed")));
    }

    public ObservableList<SignpostingService> services() { return services; }
    public StringProperty nameProperty() { return name; }
    public StringProperty whatForProperty() { return whatFor; }
    public StringProperty contactProperty() { return contact; }
    public ReadOnlyStringProperty errorProperty() { return error; }
    public ReadOnlyStringProperty nameProblemProperty() { return nameProblem; }
    public ReadOnlyStringProperty statusProperty() { return status; }
    public boolean editingExisting() { return editing != null; }
}
