package org.tutela.sync.server.headoffice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which of Tutela's fields each column of an MIS export fills, by the column's heading (compared
 * without case, spaces or punctuation, so "Given name", "given_name" and "GivenName" are one).
 * Presets: {@code tutela} (the headings of the sample file in docs/) and {@code ilr} (an
 * ILR-style export: the ILR's own field names, the learner fields Tutela does not keep set to
 * ignore).
 */
public record ColumnMapping(Map<String, ImportField> byHeading) {
    public static final String TUTELA = "tutela";
    public static final String ILR = "ilr";

    public ColumnMapping {
        Map<String, ImportField> m = new LinkedHashMap<>();
        byHeading.forEach((k, v) -> m.put(key(k), v));
        byHeading = java.util.Collections.unmodifiableMap(m);
    }

    public static ColumnMapping empty() {
        return new ColumnMapping(Map.of());
    }

    /** A heading as compared: lower case, letters and digits only. */
    public static String key(String heading) {
        return heading == null ? "" : heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    public Optional<ImportField> fieldOf(String heading) {
        return Optional.ofNullable(byHeading.get(key(heading)));
    }

    /** This mapping, with {@code other}'s entries for headings it does not have. */
    public ColumnMapping orElse(ColumnMapping other) {
        Map<String, ImportField> m = new LinkedHashMap<>(other.byHeading);
        m.putAll(byHeading);
        return new ColumnMapping(m);
    }

    /** This mapping with one heading set (an administrator's correction). */
    public ColumnMapping with(String heading, ImportField field) {
        Map<String, ImportField> m = new LinkedHashMap<>(byHeading);
        m.put(key(heading), field);
        return new ColumnMapping(m);
    }

    /**
     * "Heading=field" as typed after {@code --map}.
     *
     * @throws InvalidInput when it is not that, or the field is not one of Tutela's
     */
    public ColumnMapping with(String assignment) {
        int eq = assignment == null ? -1 : assignment.lastIndexOf('=');
        if (eq <= 0) {
            throw new InvalidInput(Problem.of("mapping", "mapping.format"));
        }
        String field = assignment.substring(eq + 1).strip();
        ImportField f = ImportField.byId(field)
                .orElseThrow(() -> new InvalidInput(Problem.of("mapping", "mapping.unknownField", Groups.clip(field), fieldList())));
        return with(assignment.substring(0, eq).strip(), f);
    }

    static String fieldList() {
        return String.join(", ", java.util.Arrays.stream(ImportField.values()).map(ImportField::id).toList());
    }

    /** A preset by name, or empty. */
    public static Optional<ColumnMapping> preset(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case TUTELA -> Optional.of(tutela());
            case ILR -> Optional.of(ilr());
            default -> Optional.empty();
        };
    }

    /** Both presets together: what a file's headings are first matched against. */
    public static ColumnMapping presets() {
        return tutela().orElse(ilr());
    }

    /** The headings of Tutela's own format (docs/head-office-import.md), and each field's own name. */
    public static ColumnMapping tutela() {
        Map<String, ImportField> m = new LinkedHashMap<>();
        for (ImportField f : ImportField.values()) {
            if (f != ImportField.IGNORE) {
                m.put(f.id(), f);
            }
        }
        m.put("ULN", ImportField.ULN);
        m.put("Unique learner number", ImportField.ULN);
        m.put("Given name", ImportField.GIVEN_NAME);
        m.put("First name", ImportField.GIVEN_NAME);
        m.put("Forename", ImportField.GIVEN_NAME);
        m.put("Family name", ImportField.FAMILY_NAME);
        m.put("Surname", ImportField.FAMILY_NAME);
        m.put("Last name", ImportField.FAMILY_NAME);
        m.put("Preferred name", ImportField.PREFERRED_NAME);
        m.put("Known as", ImportField.PREFERRED_NAME);
        m.put("Date of birth", ImportField.DATE_OF_BIRTH);
        m.put("DOB", ImportField.DATE_OF_BIRTH);
        m.put("ILR reference", ImportField.ILR_REFERENCE);
        m.put("Learner reference", ImportField.ILR_REFERENCE);
        m.put("School or employer", ImportField.SCHOOL_OR_EMPLOYER);
        m.put("Employer", ImportField.SCHOOL_OR_EMPLOYER);
        m.put("School", ImportField.SCHOOL_OR_EMPLOYER);
        m.put("Course", ImportField.COURSE);
        m.put("Year of course", ImportField.YEAR_OF_COURSE);
        m.put("Level", ImportField.LEVEL);
        m.put("Level working towards", ImportField.LEVEL);
        m.put("Course tutor", ImportField.COURSE_TUTOR);
        m.put("Form tutor", ImportField.FORM_TUTOR);
        m.put("Start date", ImportField.START_DATE);
        m.put("Group", ImportField.GROUP);
        m.put("Tutor group", ImportField.GROUP);
        return new ColumnMapping(m);
    }

    /**
     * An ILR-style export: the ILR learner and learning-delivery field names. The learner's name,
     * ULN, learner reference, date of birth and start date are taken; the personal details Tutela
     * does not keep on a tutor's laptop (ethnicity, sex, health, address, phone, email, National
     * Insurance number...) and the funding fields are ignored. Common MIS additions to such an
     * export (group, course title, employer) are taken too.
     */
    public static ColumnMapping ilr() {
        Map<String, ImportField> m = new LinkedHashMap<>();
        m.put("LearnRefNumber", ImportField.ILR_REFERENCE);
        m.put("ULN", ImportField.ULN);
        m.put("FamilyName", ImportField.FAMILY_NAME);
        m.put("GivenNames", ImportField.GIVEN_NAME);
        m.put("DateOfBirth", ImportField.DATE_OF_BIRTH);
        m.put("LearnStartDate", ImportField.START_DATE);
        m.put("GroupCode", ImportField.GROUP);
        m.put("Group", ImportField.GROUP);
        m.put("CourseTitle", ImportField.COURSE);
        m.put("LearnAimTitle", ImportField.COURSE);
        m.put("EmployerName", ImportField.SCHOOL_OR_EMPLOYER);
        for (String ignored : List.of("UKPRN", "PrevLearnRefNumber", "PrevUKPRN", "PMUKPRN", "CampId", "Ethnicity", "Sex",
                "LLDDHealthProb", "NINumber", "PriorAttain", "Accom", "ALSCost", "PlanLearnHours", "PlanEEPHours", "MathGrade",
                "EngGrade", "PostcodePrior", "Postcode", "AddLine1", "AddLine2", "AddLine3", "AddLine4", "TelNo", "Email",
                "LearnAimRef", "AimType", "AimSeqNumber", "LearnPlanEndDate", "LearnActEndDate", "FundModel", "ProgType",
                "StdCode", "DelLocPostCode", "CompStatus", "Outcome", "EmpStat", "EmpId")) {
            m.put(ignored, ImportField.IGNORE);
        }
        return new ColumnMapping(m);
    }

    /** As stored: heading key to field id. */
    Map<String, String> toStored() {
        Map<String, String> out = new LinkedHashMap<>();
        byHeading.forEach((k, v) -> out.put(k, v.id()));
        return out;
    }

    static ColumnMapping fromStored(Map<String, String> stored) {
        Map<String, ImportField> m = new LinkedHashMap<>();
        stored.forEach((k, v) -> ImportField.byId(v).ifPresent(f -> m.put(k, f)));
        return new ColumnMapping(m);
    }
}
