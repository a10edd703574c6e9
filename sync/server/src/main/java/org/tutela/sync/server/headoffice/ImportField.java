package org.tutela.sync.server.headoffice;

import java.util.Locale;
import java.util.Optional;

/**
 * The learner fields an MIS export can fill, by the name a mapping uses (the app's field name in
 * the learner record, except {@code level} and {@code group}), or {@link #IGNORE} for a column
 * Tutela does not take.
 */
public enum ImportField {
    ULN("uln"),
    GIVEN_NAME("givenName"),
    FAMILY_NAME("familyName"),
    PREFERRED_NAME("preferredName"),
    DATE_OF_BIRTH("dateOfBirth"),
    ILR_REFERENCE("ilrReference"),
    SCHOOL_OR_EMPLOYER("schoolOrEmployer"),
    COURSE("course"),
    YEAR_OF_COURSE("yearOfCourse"),
    LEVEL("level"),
    COURSE_TUTOR("courseTutor"),
    FORM_TUTOR("formTutor"),
    START_DATE("startDate"),
    GROUP("group"),
    IGNORE("ignore");

    private final String id;

    ImportField(String id) {
        this.id = id;
    }

    /** The name a mapping uses: {@code givenName}, {@code group}, {@code ignore}... */
    public String id() {
        return id;
    }

    /** The field in the learner record's JSON (the app's {@code Learner}), or null for group and ignore. */
    String jsonField() {
        return switch (this) {
            case LEVEL -> "levelWorkingTowards";
            case GROUP, IGNORE -> null;
            default -> id;
        };
    }

    boolean isDate() {
        return this == DATE_OF_BIRTH || this == START_DATE;
    }

    /** By its name, case aside. */
    public static Optional<ImportField> byId(String id) {
        String k = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (ImportField f : values()) {
            if (f.id.toLowerCase(Locale.ROOT).equals(k)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
