package org.tutela.app.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A learner on the tutor's caseload, with what the pro forma's header needs (school, course,
 * year of course, course tutor, form tutor, level working towards), contacts, flags, status and
 * group membership. {@code attendance} and {@code punctuality} are the figures known now (kept up
 * to date from the register); a held tutorial freezes them. Edit with {@link #toBuilder()}.
 *
 * @param uln may be null while it is not yet known
 * @param startDate the day the learner started on the programme (reviews fall due from it); may be null
 */
public record Learner(
        UUID id,
        String givenName,
        String familyName,
        String preferredName,
        LocalDate dateOfBirth,
        Uln uln,
        String ilrReference,
        String schoolOrEmployer,
        String course,
        Integer yearOfCourse,
        String courseTutor,
        String formTutor,
        String levelWorkingTowards,
        List<Contact> contacts,
        Set<LearnerFlag> flags,
        LearnerStatus status,
        List<UUID> groupIds,
        LocalDate startDate,
        Attendance attendance,
        Punctuality punctuality) {

    public Learner {
        if (id == null) {
            throw new IllegalArgumentException("A learner needs an id");
        }
        if (isBlank(givenName) && isBlank(familyName)) {
            throw new IllegalArgumentException("Enter the learner's name");
        }
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        status = status == null ? LearnerStatus.ACTIVE : status;
        groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
    }

    /** The name to use: the preferred name if there is one, else the given name, and the family name. */
    public String displayName() {
        String first = isBlank(preferredName) ? nz(givenName) : preferredName;
        return (first + " " + nz(familyName)).strip();
    }

    /** Given and family name as on the ILR (the pro forma's "Learner Name"). */
    public String fullName() {
        return (nz(givenName) + " " + nz(familyName)).strip();
    }

    /** "Family, Given" for sorting lists. */
    public String sortKey() {
        return (nz(familyName) + ", " + nz(givenName)).toLowerCase(java.util.Locale.ROOT);
    }

    public boolean flagged(LearnerFlag flag) {
        return flags.contains(flag);
    }

    public boolean atRisk() {
        return flags.contains(LearnerFlag.AT_RISK_OF_DROP_OUT);
    }

    public boolean active() {
        return status == LearnerStatus.ACTIVE;
    }

    /** The first group is the learner's caseload group: its review frequency and entitlement apply. */
    public UUID primaryGroupId() {
        return groupIds.isEmpty() ? null : groupIds.get(0);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a new learner, or an edited copy of one. Unset id means a new random id. */
    public static final class Builder {
        private UUID id;
        private String givenName;
        private String familyName;
        private String preferredName;
        private LocalDate dateOfBirth;
        private Uln uln;
        private String ilrReference;
        private String schoolOrEmployer;
        private String course;
        private Integer yearOfCourse;
        private String courseTutor;
        private String formTutor;
        private String levelWorkingTowards;
        private List<Contact> contacts = new ArrayList<>();
        private Set<LearnerFlag> flags = EnumSet.noneOf(LearnerFlag.class);
        private LearnerStatus status = LearnerStatus.ACTIVE;
        private List<UUID> groupIds = new ArrayList<>();
        private LocalDate startDate;
        private Attendance attendance;
        private Punctuality punctuality;

        private Builder() {
        }

        private Builder(Learner l) {
            id = l.id;
            givenName = l.givenName;
            familyName = l.familyName;
            preferredName = l.preferredName;
            dateOfBirth = l.dateOfBirth;
            uln = l.uln;
            ilrReference = l.ilrReference;
            schoolOrEmployer = l.schoolOrEmployer;
            course = l.course;
            yearOfCourse = l.yearOfCourse;
            courseTutor = l.courseTutor;
            formTutor = l.formTutor;
            levelWorkingTowards = l.levelWorkingTowards;
            contacts = new ArrayList<>(l.contacts);
            flags = l.flags.isEmpty() ? EnumSet.noneOf(LearnerFlag.class) : EnumSet.copyOf(l.flags);
            status = l.status;
            groupIds = new ArrayList<>(l.groupIds);
            startDate = l.startDate;
            attendance = l.attendance;
            punctuality = l.punctuality;
        }

        public Builder id(UUID v) { id = v; return this; }
        public Builder givenName(String v) { givenName = v; return this; }
        public Builder familyName(String v) { familyName = v; return this; }
        public Builder preferredName(String v) { preferredName = v; return this; }
        public Builder dateOfBirth(LocalDate v) { dateOfBirth = v; return this; }
        public Builder uln(Uln v) { uln = v; return this; }
        /** @throws InvalidUlnException with what is wrong; blank clears the ULN */
        public Builder uln(String typed) { uln = typed == null || typed.isBlank() ? null : Uln.parse(typed); return this; }
        public Builder ilrReference(String v) { ilrReference = v; return this; }
        public Builder schoolOrEmployer(String v) { schoolOrEmployer = v; return this; }
        public Builder course(String v) { course = v; return this; }
        public Builder yearOfCourse(Integer v) { yearOfCourse = v; return this; }
        public Builder courseTutor(String v) { courseTutor = v; return this; }
        public Builder formTutor(String v) { formTutor = v; return this; }
        public Builder levelWorkingTowards(String v) { levelWorkingTowards = v; return this; }
        public Builder contacts(List<Contact> v) { contacts = new ArrayList<>(v); return this; }
        public Builder addContact(Contact v) { contacts.add(v); return this; }
        public Builder flags(Set<LearnerFlag> v) { flags = v.isEmpty() ? EnumSet.noneOf(LearnerFlag.class) : EnumSet.copyOf(v); return this; }
        public Builder flag(LearnerFlag f, boolean on) { if (on) { flags.add(f); } else { flags.remove(f); } return this; }
        public Builder status(LearnerStatus v) { status = v; return this; }
        public Builder groupIds(List<UUID> v) { groupIds = new ArrayList<>(v); return this; }
        public Builder group(UUID v) { if (!groupIds.contains(v)) { groupIds.add(v); } return this; }
        public Builder startDate(LocalDate v) { startDate = v; return this; }
        public Builder attendance(Attendance v) { attendance = v; return this; }
        public Builder punctuality(Punctuality v) { punctuality = v; return this; }

        public Learner build() {
            return new Learner(id == null ? UUID.randomUUID() : id, givenName, familyName, preferredName,
                    dateOfBirth, uln, ilrReference, schoolOrEmployer, course, yearOfCourse, courseTutor,
                    formTutor, levelWorkingTowards, contacts, flags, status, groupIds, startDate,
                    attendance, punctuality);
        }
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String nz(String s) {
        return s == null ? "" : s.strip();
    }
}
