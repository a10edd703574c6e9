package org.tutela.app.ui.learner;

import org.tutela.app.ui.common.Problem;
import org.tutela.app.ui.common.Failures;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.tutela.app.domain.Attendance;
import org.tutela.app.domain.Contact;
import org.tutela.app.domain.ContactChecks;
import org.tutela.app.domain.ContactKind;
import org.tutela.app.domain.Group;
import org.tutela.app.domain.Learner;
import org.tutela.app.domain.LearnerFlag;
import org.tutela.app.domain.LearnerStatus;
import org.tutela.app.domain.Punctuality;
import org.tutela.app.domain.Uln;
import org.tutela.app.records.Caseload;
import org.tutela.app.records.LearnerHasRecordsException;
import org.tutela.app.records.OpenedVersion;
import org.tutela.app.ui.common.DateEntry;
import org.tutela.app.ui.common.Messages;
import org.tutela.app.ui.common.TaskRunner;

/**
 * Adds a learner or edits one: names, ULN (checked as it is typed: 10 digits and the check digit),
 * ILR reference, school or employer, course, year, tutors, level, group, status, flags, the
 * attendance and punctuality known now, and the contacts (parent or carer, employer, other: each
 * needs a name; a phone number or email address given must look like one).
 */
public final class LearnerEditViewModel {
    /** One contact as typed. */
    public static final class ContactRow {
        private final ObjectProperty<ContactKind> kind = new SimpleObjectProperty<>(ContactKind.PARENT_CARER);
        private final StringProperty name = new SimpleStringProperty("");
        private final StringProperty relationship = new SimpleStringProperty("");
        private final StringProperty phone = new SimpleStringProperty("");
        private final StringProperty email = new SimpleStringProperty("");
        private final StringProperty nameProblem = new SimpleStringProperty("");
        private final StringProperty phoneProblem = new SimpleStringProperty("");
        private final StringProperty emailProblem = new SimpleStringProperty("");

        ContactRow(Contact c) {
            for (StringProperty p : java.util.List.of(name, relationship, phone, email)) {
                p.addListener((o, was, now) -> check());
            }
            if (c != null) {
                kind.set(c.kind());
                name.set(nz(c.name()));
                relationship.set(nz(c.relationship()));
                phone.set(nz(c.phone()));
                email.set(nz(c.email()));
            }
            check();
        }

        /** Each box's problem, said beside it: a row with anything in it needs a name; a phone or email must look like one. */
        private void check() {
            nameProblem.set(!blank() && name.get().isBlank() ? Messages.get("edit.contact.nameMissing") : "");
            phoneProblem.set(!phone.get().isBlank() && !ContactChecks.looksLikePhone(phone.get()) ? Messages.get("edit.contact.phoneBad") : "");
            emailProblem.set(!email.get().isBlank() && !ContactChecks.looksLikeEmail(email.get()) ? Messages.get("edit.contact.emailBad") : "");
        }

        boolean valid() {
            return nameProblem.get().isEmpty() && phoneProblem.get().isEmpty() && emailProblem.get().isEmpty();
        }

        boolean blank() {
            return name.get().isBlank() && relationship.get().isBlank() && phone.get().isBlank() && email.get().isBlank();
        }

        /** The contact; throws with a message fit to show, naming the row ({@code number} from 1). */
        Contact toContact(int number) {
            if (name.get().isBlank()) {
                throw new Problem(Messages.get("edit.contact.needName", number));
            }
            String p = phone.get().strip();
            if (!p.isEmpty() && !ContactChecks.looksLikePhone(p)) {
                throw new Problem(Messages.get("edit.contact.badPhone", number));
            }
            String e = email.get().strip();
            if (!e.isEmpty() && !ContactChecks.looksLikeEmail(e)) {
                throw new Problem(Messages.get("edit.contact.badEmail", number));
            }
            return new Contact(kind.get(), name.get().strip(), blankToNull(relationship.get()), blankToNull(p), blankToNull(e));
        }

        public ObjectProperty<ContactKind> kindProperty() { return kind; }
        public StringProperty nameProperty() { return name; }
        public StringProperty relationshipProperty() { return relationship; }
        public StringProperty phoneProperty() { return phone; }
        public StringProperty emailProperty() { return email; }
        public ReadOnlyStringProperty nameProblemProperty() { return nameProblem; }
        public ReadOnlyStringProperty phoneProblemProperty() { return phoneProblem; }
        public ReadOnlyStringProperty emailProblemProperty() { return emailProblem; }
    }

    private final ObservableList<ContactRow> contacts = FXCollections.observableArrayList();
    private final Caseload caseload;
    private final TaskRunner runner;
    private final Learner existing;
    private final StringProperty givenName = new SimpleStringProperty("");
    private final StringProperty familyName = new SimpleStringProperty("");
    private final StringProperty preferredName = new SimpleStringProperty("");
    private final StringProperty uln = new SimpleStringProperty("");
    private final StringProperty ilr = new SimpleStringProperty("");
    private final StringProperty school = new SimpleStringProperty("");
    private final StringProperty course = new SimpleStringProperty("");
    private final StringProperty year = new SimpleStringProperty("");
    private final StringProperty courseTutor = new SimpleStringProperty("");
    private final StringProperty formTutor = new SimpleStringProperty("");
    private final StringProperty level = new SimpleStringProperty("");
    private final DateEntry startDate = new DateEntry(false);
    private final ObjectProperty<Group> group = new SimpleObjectProperty<>();
    private final ObjectProperty<LearnerStatus> status = new SimpleObjectProperty<>(LearnerStatus.ACTIVE);
    private final StringProperty lessons = new SimpleStringProperty("");
    private final StringProperty absences = new SimpleStringProperty("");
    private final ObjectProperty<Punctuality> punctuality = new SimpleObjectProperty<>();
    private final Map<LearnerFlag, BooleanProperty> flags = new EnumMap<>(LearnerFlag.class);
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final StringProperty ulnProblem = new SimpleStringProperty("");
    private final StringProperty nameProblem = new SimpleStringProperty("");
    private final StringProperty groupProblem = new SimpleStringProperty("");
    private final StringProperty yearProblem = new SimpleStringProperty("");
    private final StringProperty lessonsProblem = new SimpleStringProperty("");
    private final StringProperty absencesProblem = new SimpleStringProperty("");
    /** Set when Save was refused for a box's problem: every problem shows beside its box. */
    private final BooleanProperty showProblems = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanBinding canSave;
    /** The learner as this screen opened it: a save over a version changed meanwhile keeps both. */
    private final OpenedVersion openedVersion;

    /** @param learner null for a new learner (in {@code inGroup}, if given) */
    public LearnerEditViewModel(Caseload caseload, TaskRunner runner, Learner learner, Group inGroup) {
        this.caseload = caseload;
        this.runner = runner;
        this.existing = learner;
        this.openedVersion = learner == null ? null : caseload.opened(learner.id());
        groups.setAll(caseload.groups());
        for (LearnerFlag f : LearnerFlag.values()) {
            flags.put(f, new SimpleBooleanProperty(learner != null && learner.flagged(f)));
        }
        if (learner != null) {
            givenName.set(nz(learner.givenName()));
            familyName.set(nz(learner.familyName()));
            preferredName.set(nz(learner.preferredName()));
            uln.set(learner.uln() == null ? "" : learner.uln().value());
            ilr.set(nz(learner.ilrReference()));
            school.set(nz(learner.schoolOrEmployer()));
            course.set(nz(learner.course()));
            year.set(learner.yearOfCourse() == null ? "" : learner.yearOfCourse().toString());
            courseTutor.set(nz(learner.courseTutor()));
            formTutor.set(nz(learner.formTutor()));
            level.set(nz(learner.levelWorkingTowards()));
            startDate.set(learner.startDate());
            group.set(caseload.groupOf(learner));
            status.set(learner.status());
            if (learner.attendance() != null) {
                lessons.set(Integer.toString(learner.attendance().lessons()));
                absences.set(Integer.toString(learner.attendance().absences()));
            }
            punctuality.set(learner.punctuality());
            learner.contacts().forEach(c -> contacts.add(new ContactRow(c)));
        } else {
            group.set(inGroup);
            startDate.set(caseload.today());
        }
        uln.addListener((o, a, typed) -> ulnProblem.set(typed == null || typed.isBlank() ? "" : Uln.problem(typed).map(LearnerEditViewModel::ulnText).orElse("")));
        for (javafx.beans.Observable o : java.util.List.of(givenName, familyName, group, year, lessons, absences)) {
            o.addListener(x -> check());
        }
        check();
        canSave = Bindings.createBooleanBinding(() -> ulnProblem.get().isEmpty() && nameProblem.get().isEmpty()
                && groupProblem.get().isEmpty(), ulnProblem, nameProblem, groupProblem);
    }

    /** Every box's problem, as typed (each said beside its box). */
    private void check() {
        nameProblem.set(givenName.get().isBlank() && familyName.get().isBlank() ? Messages.get("edit.needName") : "");
        groupProblem.set(group.get() == null ? Messages.get("edit.needGroup") : "");
        yearProblem.set(year.get().isBlank() || year.get().strip().matches("\\d{1,2}") ? "" : Messages.get("edit.yearNumber"));
        String l = lessons.get().strip();
        String a = absences.get().strip();
        boolean lessonsNumber = l.matches("\\d{0,5}");
        boolean absencesNumber = a.matches("\\d{0,5}");
        lessonsProblem.set(!lessonsNumber ? Messages.get("form.wholeNumber")
                : l.isEmpty() && !a.isEmpty() ? Messages.get("edit.lessonsToo") : "");
        absencesProblem.set(!absencesNumber ? Messages.get("form.wholeNumber")
                : a.isEmpty() && !l.isEmpty() ? Messages.get("edit.absencesToo")
                : lessonsNumber && !a.isEmpty() && !l.isEmpty() && Integer.parseInt(a) > Integer.parseInt(l)
                ? Messages.get("form.attendanceInvalid") : "");
    }

    /** The first problem of any box, or null when every box will do. */
    private String firstProblem() {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(nameProblem.get(), ulnProblem.get(), groupProblem.get(),
                yearProblem.get(), lessonsProblem.get(), absencesProblem.get(), startDate.problemProperty().get()));
        for (ContactRow r : contacts) {
            all.addAll(java.util.List.of(r.nameProblem.get(), r.phoneProblem.get(), r.emailProblem.get()));
        }
        return all.stream().filter(p -> !p.isEmpty()).findFirst().orElse(null);
    }

    public boolean isNew() {
        return existing == null;
    }

    /** The learner as entered; throws with a message fit to show. */
    public Learner build() {
        String problem = firstProblem();
        if (problem != null) {
            throw new Problem(problem);
        }
        Learner.Builder b = existing == null ? Learner.builder() : existing.toBuilder();
        if (givenName.get().isBlank() && familyName.get().isBlank()) {
            throw new Problem(Messages.get("edit.needName"));
        }
        b.givenName(blankToNull(givenName.get())).familyName(blankToNull(familyName.get()))
                .preferredName(blankToNull(preferredName.get()));
        try {
            b.uln(uln.get());
        } catch (org.tutela.app.domain.InvalidUlnException e) {
            throw new Problem(Uln.problem(uln.get()).map(LearnerEditViewModel::ulnText).orElse(Messages.get("failure.invalidUln")));
        }
        if (!startDate.valid()) {
            throw new Problem(startDate.problemProperty().get());
        }
        b.ilrReference(blankToNull(ilr.get())).schoolOrEmployer(blankToNull(school.get())).course(blankToNull(course.get()))
                .courseTutor(blankToNull(courseTutor.get())).formTutor(blankToNull(formTutor.get()))
                .levelWorkingTowards(blankToNull(level.get())).startDate(startDate.value()).status(status.get())
                .punctuality(punctuality.get());
        try {
            b.yearOfCourse(year.get().isBlank() ? null : Integer.valueOf(year.get().strip()));
        } catch (NumberFormatException e) {
            throw new Problem(Messages.get("edit.yearNumber"));
        }
        if (lessons.get().isBlank() && absences.get().isBlank()) {
            b.attendance(null);
        } else {
            try {
                b.attendance(new Attendance(Integer.parseInt(lessons.get().strip()), Integer.parseInt(absences.get().strip())));
            } catch (NumberFormatException e) {
                throw new Problem(Messages.get("form.attendanceNumbers"));
            } catch (IllegalArgumentException e) {
                throw new Problem(Messages.get("form.attendanceInvalid"));
            }
        }
        for (LearnerFlag f : LearnerFlag.values()) {
            b.flag(f, flags.get(f).get());
        }
        java.util.List<Contact> typed = new java.util.ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            if (!contacts.get(i).blank()) {
                typed.add(contacts.get(i).toContact(i + 1));
            }
        }
        b.contacts(typed);
        if (group.get() != null) {
            java.util.List<java.util.UUID> ids = new java.util.ArrayList<>(existing == null ? java.util.List.of() : existing.groupIds());
            ids.remove(group.get().id());
            ids.add(0, group.get().id());
            b.groupIds(ids);
        }
        return b.build();
    }

    /** Adds an empty contact row (a row left empty is not saved). */
    public ContactRow addContact() {
        ContactRow row = new ContactRow(null);
        contacts.add(row);
        return row;
    }

    public void removeContact(ContactRow row) {
        contacts.remove(row);
    }

    public ObservableList<ContactRow> contacts() {
        return contacts;
    }

    /** True while a save runs: a second click must not add the same learner twice. */
    private boolean saving;

    public void save(Consumer<Learner> onSaved) {
        if (saving) {
            return;
        }
        error.set("");
        if (firstProblem() != null) {
            showProblems.set(true); // each problem is said beside its box; nothing is saved
            error.set(Messages.get("edit.notSaved"));
            return;
        }
        Learner l;
        try {
            l = build();
        } catch (IllegalArgumentException e) {
            error.set(Failures.text(e));
            return;
        }
        saving = true;
        runner.run(() -> caseload.learnerWrites().save(l, openedVersion), saved -> {
            saving = false;
            onSaved.accept(saved);
        }, failure -> {
            saving = false;
            error.set(Messages.get("common.saveFailed"));
        });
    }

    /** True while a delete is checked or runs: a second press must not ask twice. */
    private boolean deleting;

    /**
     * Deletes a learner added by mistake. A learner with anything recorded (a tutorial, target or
     * concern) is kept: that is said beside Delete, and nothing is asked. Otherwise {@code confirm}
     * is asked a question naming the learner, and only a yes deletes; {@code onDeleted} follows.
     */
    public void delete(Predicate<String> confirm, Runnable onDeleted) {
        if (existing == null || deleting) {
            return;
        }
        error.set("");
        deleting = true;
        String name = existing.displayName(); // as the tutor knows them (the heading of their page)
        runner.run(() -> caseload.hasRecords(existing.id()), recorded -> {
            if (recorded) {
                deleting = false;
                error.set(Messages.get("edit.delete.hasRecords", name));
                return;
            }
            if (!confirm.test(Messages.get("edit.delete.confirm", name))) {
                deleting = false;
                return;
            }
            runner.run(() -> {
                caseload.learnerWrites().deleteLearner(existing.id());
                return existing.id();
            }, deleted -> {
                deleting = false;
                onDeleted.run();
            }, failure -> {
                deleting = false;
                // something recorded meanwhile (a sync): kept, and said so
                error.set(Messages.get(failure instanceof LearnerHasRecordsException ? "edit.delete.hasRecords" : "edit.delete.failed", name));
            });
        }, failure -> {
            deleting = false;
            error.set(Messages.get("edit.delete.failed", name));
        });
    }

    /** The domain's reason in the tutor's language (the bundle). */
    static String ulnText(String problem) {
        String key = switch (problem) {
            case Uln.MESSAGE_EMPTY -> "edit.uln.empty";
            case Uln.MESSAGE_NOT_DIGITS -> "edit.uln.digits";
            case Uln.MESSAGE_LENGTH -> "edit.uln.length";
            case Uln.MESSAGE_LEADING_ZERO -> "edit.uln.zero";
            case Uln.MESSAGE_CHECK_DIGIT -> "edit.uln.check";
            default -> null;
        };
        return key == null ? problem : Messages.get(key);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public StringProperty givenNameProperty() { return givenName; }
    public StringProperty familyNameProperty() { return familyName; }
    public StringProperty preferredNameProperty() { return preferredName; }
    public StringProperty ulnProperty() { return uln; }
    public StringProperty ilrProperty() { return ilr; }
    public StringProperty schoolProperty() { return school; }
    public StringProperty courseProperty() { return course; }
    public StringProperty yearProperty() { return year; }
    public StringProperty courseTutorProperty() { return courseTutor; }
    public StringProperty formTutorProperty() { return formTutor; }
    public StringProperty levelProperty() { return level; }
    public DateEntry startDate() { return startDate; }
    public ObjectProperty<Group> groupProperty() { return group; }
    public ObjectProperty<LearnerStatus> statusProperty() { return status; }
    public StringProperty lessonsProperty() { return lessons; }
    public StringProperty absencesProperty() { return absences; }
    public ObjectProperty<Punctuality> punctualityProperty() { return punctuality; }
    public BooleanProperty flagProperty(LearnerFlag f) { return flags.get(f); }
    public ObservableList<Group> groups() { return groups; }
    public ReadOnlyStringProperty ulnProblemProperty() { return ulnProblem; }
    public ReadOnlyStringProperty nameProblemProperty() { return nameProblem; }
    public ReadOnlyStringProperty groupProblemProperty() { return groupProblem; }
    public ReadOnlyStringProperty yearProblemProperty() { return yearProblem; }
    public ReadOnlyStringProperty lessonsProblemProperty() { return lessonsProblem; }
    public ReadOnlyStringProperty absencesProblemProperty() { return absencesProblem; }
    public ReadOnlyBooleanProperty showProblemsProperty() { return showProblems; }
    public ReadOnlyStringProperty errorProperty() { return error; }
    public BooleanBinding canSaveProperty() { return canSave; }
}
