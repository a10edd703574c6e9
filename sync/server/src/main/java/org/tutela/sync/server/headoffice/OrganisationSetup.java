package org.tutela.sync.server.headoffice;

import java.io.IOException;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.protocol.SyncRecord;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.Database;

/** Head office sets the organisation up: one {@code organisation} record that every laptop receives. */
public final class OrganisationSetup {
    /** A logo travels inside the record to every laptop: a header image, not a poster. */
    public static final int MAX_LOGO_BYTES = 512 * 1024;
    static final int MAX_TEXT = 200;

    private final Database db;
    private final HeadOfficeRecords records;

    public OrganisationSetup(Database db) {
        this.db = db;
        this.records = new HeadOfficeRecords(db);
    }

    /** What the laptops receive: the organisation's fields and the record's id, in the app's JSON. */
    private record Payload(UUID id, String name, byte[] logo, String safeguardingLeadName, String safeguardingLeadPhone,
                           String escrowPublicKey, List<Organisation.TermDates> termDates,
                           Organisation.Entitlement defaultEntitlement, Integer attendanceThreshold) {
    }

    /** The organisation as set, or empty if head office has not set it up yet. */
    public Optional<Organisation> get() throws Exception {
        try (var c = db.connection()) {
            try (var q = c.prepareStatement("SELECT payload FROM records WHERE record_id = ? AND deleted = ?")) {
                q.setString(1, RecordKinds.ORGANISATION_ID.toString());
                q.setBoolean(2, false);
                try (var rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
                }
            }
        }
    }

    static Organisation parse(String payload) throws IOException {
        Payload p = Payloads.read(payload, Payload.class);
        return new Organisation(p.name(), p.logo(), p.safeguardingLeadName(), p.safeguardingLeadPhone(), p.escrowPublicKey(),
                p.termDates(), p.defaultEntitlement(), p.attendanceThreshold());
    }

    /**
     * Checks and stores the organisation; every laptop receives it at its next sync. Returns the
     * record as stored (empty when nothing changed).
     *
     * @throws InvalidInput naming each field that is wrong; nothing is stored
     */
    public Optional<SyncRecord> set(Organisation o) throws Exception {
        Organisation clean = check(o);
        String payload = Payloads.write(new Payload(RecordKinds.ORGANISATION_ID, clean.name(), clean.logo(),
                clean.safeguardingLeadName(), clean.safeguardingLeadPhone(), clean.escrowPublicKey(), clean.termDates(),
                clean.defaultEntitlement(), clean.attendanceThreshold()));
        List<SyncRecord> written = db.inTransaction(c -> records.write(c, List.of(HeadOfficeRecords.organisation(payload))));
        return written.stream().findFirst();
    }

    /** The organisation with its text trimmed, or every problem with it. */
    public static Organisation check(Organisation o) {
        List<Problem> problems = new ArrayList<>();
        String name = trim(o.name());
        if (name == null) {
            problems.add(Problem.of("name", "organisation.name.missing"));
        } else if (name.length() > MAX_TEXT) {
            problems.add(Problem.of("name", "text.tooLong", MAX_TEXT));
        }
        byte[] logo = o.logo() == null || o.logo().length == 0 ? null : o.logo();
        if (logo != null && (logo.length > MAX_LOGO_BYTES || !isPngOrJpeg(logo))) {
            problems.add(Problem.of("logo", "organisation.logo.bad", MAX_LOGO_BYTES / 1024));
        }
        String lead = trim(o.safeguardingLeadName());
        if (lead != null && lead.length() > MAX_TEXT) {
            problems.add(Problem.of("safeguardingLeadName", "text.tooLong", MAX_TEXT));
        }
        String phone = trim(o.safeguardingLeadPhone());
        // the laptop's own rule for this number (confidential/OrganisationSettings)
        if (phone != null && !phone.matches("\\+?[0-9][0-9 ()\\-]{4,30}")) {
            problems.add(Problem.of("safeguardingLeadPhone", "organisation.phone.bad"));
        }
        String key = trim(o.escrowPublicKey());
        if (key != null) {
            try {
                EscrowKeys.decodePublicKey(key);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.of("escrowPublicKey", "organisation.key.bad"));
            }
        }
        Set<Integer> years = new HashSet<>();
        List<Organisation.TermDates> terms = new ArrayList<>(o.termDates());
        terms.sort(java.util.Comparator.comparingInt(Organisation.TermDates::academicYear));
        for (Organisation.TermDates t : terms) {
            if (!years.add(t.academicYear())) {
                problems.add(Problem.of("termDates", "organisation.terms.twice", t.label()));
            } else {
                checkTerms(t).ifPresent(problems::add);
            }
        }
        Organisation.Entitlement e = o.defaultEntitlement();
        if (e.oneToOneReviews() < 0 || e.oneToOneReviews() > 100 || e.groupSessions() < 0 || e.groupSessions() > 100) {
            problems.add(Problem.of("defaultEntitlement", "entitlement.range"));
        }
        if (o.attendanceThreshold() < 0 || o.attendanceThreshold() > 100) {
            problems.add(Problem.of("attendanceThreshold", "organisation.attendance.range"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new Organisation(name, logo, lead, phone, key, terms, e, o.attendanceThreshold());
    }

    /** Six dates inside the academic year, each after the one before. */
    static Optional<Problem> checkTerms(Organisation.TermDates t) {
        if (t.halfTermStarts().size() != 6) {
            return Optional.of(Problem.of("termDates", "organisation.terms.six", t.label()));
        }
        LocalDate first = LocalDate.of(t.academicYear(), Month.AUGUST, 1);
        LocalDate last = LocalDate.of(t.academicYear() + 1, Month.JULY, 31);
        LocalDate previous = null;
        for (LocalDate d : t.halfTermStarts()) {
            if (d == null || d.isBefore(first) || d.isAfter(last)) {
                return Optional.of(Problem.of("termDates", "organisation.terms.outside", t.label()));
            }
            if (previous != null && !d.isAfter(previous)) {
                return Optional.of(Problem.of("termDates", "organisation.terms.order", t.label()));
            }
            previous = d;
        }
        return Optional.empty();
    }

    /** "2025/26=2025-09-03,2025-10-27,..." as the command line takes it. */
    public static Organisation.TermDates parseTermDates(String text) {
        String t = text == null ? "" : text.strip();
        int eq = t.indexOf('=');
        if (eq < 0) {
            throw new InvalidInput(Problem.of("termDates", "organisation.terms.format"));
        }
        int year = parseAcademicYear(t.substring(0, eq));
        List<LocalDate> dates = new ArrayList<>();
        for (String d : t.substring(eq + 1).split(",")) {
            try {
                dates.add(LocalDate.parse(d.strip()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidInput(Problem.of("termDates", "organisation.terms.format"));
            }
        }
        return new Organisation.TermDates(year, dates);
    }

    /** "2025/26", "2025-26" or "2025" to 2025. */
    public static int parseAcademicYear(String text) {
        String y = text == null ? "" : text.strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{4})(?:[/-](\\d{2}|\\d{4}))?").matcher(y);
        if (!m.matches()) {
            throw new InvalidInput(Problem.of("termDates", "organisation.terms.year"));
        }
        int start = Integer.parseInt(m.group(1));
        if (m.group(2) != null) {
            int end = Integer.parseInt(m.group(2));
            if (end % 100 != (start + 1) % 100) {
                throw new InvalidInput(Problem.of("termDates", "organisation.terms.year"));
            }
        }
        return start;
    }

    static boolean isPngOrJpeg(byte[] image) {
        if (image.length < 4) {
            return false;
        }
        boolean png = (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G';
        boolean jpeg = (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8;
        return png || jpeg;
    }

    static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Term dates by academic year, for showing. */
    public static Map<Integer, List<LocalDate>> byYear(Organisation o) {
        Map<Integer, List<LocalDate>> out = new java.util.TreeMap<>();
        for (Organisation.TermDates t : o.termDates()) {
            out.put(t.academicYear(), t.halfTermStarts());
        }
        return out;
    }
}
