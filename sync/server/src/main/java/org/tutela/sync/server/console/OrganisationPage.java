package org.tutela.sync.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.sealed.EscrowKeys;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.headoffice.Problem;

/**
 * The organisation: name and logo for the printed forms, the safeguarding lead and their phone,
 * the escrow public key, term dates per academic year, the default entitlement and the
 * attendance threshold. Saved as the one organisation record every laptop pulls
 * ({@link OrganisationSetup}); the form is checked whole, and nothing is saved while any field
 * is wrong.
 */
final class OrganisationPage {
    private static final Logger LOG = LoggerFactory.getLogger(OrganisationPage.class);
    static final String[] HALF_TERMS = {"autumn1", "autumn2", "spring1", "spring2", "summer1", "summer2"};

    private final HeadOfficeConsole console;
    private final OrganisationSetup setup;
    private final AuditTrail audit;

    OrganisationPage(HeadOfficeConsole console, OrganisationSetup setup, AuditTrail audit) {
        this.console = console;
        this.setup = setup;
        this.audit = audit;
    }

    void routes(RoutesConfig r) {
        console.page(r, "/organisation", Permission.VIEW_ORGANISATION, this::show);
        console.page(r, "/organisation/logo", Permission.VIEW_ORGANISATION, this::logo);
        console.change(r, "/organisation", Permission.EDIT_ORGANISATION, "organisation.update", this::save);
    }

    /** One academic year's six half-term start dates as the form holds them (ISO dates, or what was typed). */
    public record Year(int year, String label, List<String> dates, boolean remove) {
        /** The form field of half-term {@code i}. */
        public String field(int i) {
            return "terms." + year + "." + i;
        }
    }

    /**
     * @param current the organisation as saved, or null before head office has set it up
     * @param years the years with dates, as shown or typed
     * @param keyId the short name of the escrow key as saved, or null
     */
    public record Model(Form form, Organisation current, List<Year> years, List<String> newYearDates, String keyId) {
        public boolean hasLogo() {
            return current != null && current.logo() != null;
        }

        public String halfTerm(int i) {
            return HALF_TERMS[i];
        }
    }

    private void show(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Organisation> o = setup.get();
        Form form = Form.of(console.text(ctx));
        List<Year> years = new ArrayList<>();
        if (o.isPresent()) {
            Organisation org = o.get();
            form.set("name", org.name()).set("safeguardingLeadName", org.safeguardingLeadName())
                    .set("safeguardingLeadPhone", org.safeguardingLeadPhone()).set("escrowPublicKey", org.escrowPublicKey())
                    .set("reviews", Integer.toString(org.defaultEntitlement().oneToOneReviews()))
                    .set("sessions", Integer.toString(org.defaultEntitlement().groupSessions()))
                    .set("attendanceThreshold", Integer.toString(org.attendanceThreshold()));
            for (Organisation.TermDates t : org.termDates()) {
                years.add(new Year(t.academicYear(), t.label(), t.halfTermStarts().stream().map(LocalDate::toString).toList(), false));
            }
        } else {
            form.set("reviews", Integer.toString(Organisation.DEFAULT_ENTITLEMENT.oneToOneReviews()))
                    .set("sessions", Integer.toString(Organisation.DEFAULT_ENTITLEMENT.groupSessions()))
                    .set("attendanceThreshold", Integer.toString(Organisation.DEFAULT_ATTENDANCE_THRESHOLD));
        }
        render(ctx, s, 200, form, o.orElse(null), years, blanks());
    }

    private void render(Context ctx, ConsoleSessions.Session s, int status, Form form, Organisation current, List<Year> years,
                        List<String> newYearDates) {
        String keyId = null;
        if (current != null && current.escrowPublicKey() != null) {
            keyId = EscrowKeys.keyId(EscrowKeys.decodePublicKey(current.escrowPublicKey()));
        }
        console.render(ctx, status, "organisation.jte", console.chrome(ctx, s, "organisation", "organisation.title", null),
                new Model(form, current, years, newYearDates, keyId));
    }

    private static List<String> blanks() {
        return List.of("", "", "", "", "", "");
    }

    private void logo(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Organisation> o = setup.get();
        if (o.isEmpty() || o.get().logo() == null) {
            ctx.status(404).result("");
            return;
        }
        byte[] image = o.get().logo();
        boolean png = (image[0] & 0xff) == 0x89;
        ctx.contentType(png ? "image/png" : "image/jpeg").result(image);
    }

    private void save(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Organisation> before = setup.get();
        ConsoleText t = console.text(ctx);
        Form form = Form.of(t);
        for (String f : List.of("name", "safeguardingLeadName", "safeguardingLeadPhone", "escrowPublicKey", "reviews", "sessions",
                "attendanceThreshold", "newYear")) {
            form.set(f, PeoplePages.param(ctx, f));
        }
        form.set("removeLogo", ctx.formParam("removeLogo"));

        Integer reviews = whole(form.value("reviews"));
        Integer sessions = whole(form.value("sessions"));
        if (reviews == null || sessions == null) {
            form.error("defaultEntitlement", "organisation.entitlement.number");
        }
        Integer threshold = whole(form.value("attendanceThreshold"));
        if (threshold == null) {
            form.error("attendanceThreshold", "organisation.attendance.number");
        }

        // the years as shown (each may be forgotten), then the new one if any date or its name was given
        List<Year> years = new ArrayList<>();
        List<Organisation.TermDates> terms = new ArrayList<>();
        List<Problem> termProblems = new ArrayList<>();
        for (Organisation.TermDates shown : before.map(Organisation::termDates).orElse(List.of())) {
            List<String> typed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                typed.add(PeoplePages.param(ctx, "terms." + shown.academicYear() + "." + i));
            }
            boolean remove = ctx.formParam("terms." + shown.academicYear() + ".remove") != null;
            years.add(new Year(shown.academicYear(), shown.label(), typed, remove));
            if (!remove) {
                dates(shown.academicYear(), shown.label(), typed, termProblems).ifPresent(terms::add);
            }
        }
        List<String> newDates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            newDates.add(PeoplePages.param(ctx, "new." + i));
        }
        if (!form.value("newYear").isEmpty() || newDates.stream().anyMatch(d -> !d.isEmpty())) {
            try {
                int year = OrganisationSetup.parseAcademicYear(form.value("newYear"));
                String label = new Organisation.TermDates(year, List.of()).label();
                dates(year, label, newDates, termProblems).ifPresent(terms::add);
            } catch (InvalidInput e) {
                form.problems(e.problems(), "termDates");
            }
        }
        form.problems(termProblems, "termDates");

        byte[] logo = before.map(Organisation::logo).orElse(null);
        if (form.checked("removeLogo")) {
            logo = null;
        }
        UploadedFile upload = ctx.isMultipartFormData() ? ctx.uploadedFile("logo") : null;
        if (upload != null && upload.size() > 0) {
            if (upload.size() > OrganisationSetup.MAX_LOGO_BYTES) {
                form.problems(List.of(Problem.of("logo", "organisation.logo.bad", OrganisationSetup.MAX_LOGO_BYTES / 1024)), "logo");
            } else {
                try (InputStream in = upload.content()) {
                    logo = in.readAllBytes();
                }
            }
        }

        Organisation wanted = new Organisation(form.value("name"), logo, form.value("safeguardingLeadName"),
                form.value("safeguardingLeadPhone"), form.value("escrowPublicKey"), terms,
                reviews == null || sessions == null ? null : new Organisation.Entitlement(reviews, sessions),
                threshold == null ? Organisation.DEFAULT_ATTENDANCE_THRESHOLD : threshold);
        // every problem at once: the organisation's own checks run even when a number or date above was unreadable
        try {
            OrganisationSetup.check(wanted);
            if (!form.hasErrors()) {
                setup.set(wanted);
            }
        } catch (InvalidInput e) {
            form.problems(e.problems(), "name");
        }
        if (form.hasErrors()) {
            render(ctx, s, 400, form, before.orElse(null), years, newDates);
            return;
        }
        Map<String, String> detail = changes(before.orElse(null), wanted);
        if (!detail.isEmpty()) {
            try {
                audit.note(HeadOfficeConsole.actor(s), "organisation.update", null, detail);
            } catch (Exception e) {
                LOG.error("Console: the organisation was saved but its audit entry was not written", org.tutela.sync.server.SyncServer.scrub(e));
                throw e;
            }
        }
        HeadOfficeConsole.seeOther(ctx, "/organisation", "saved");
    }

    /** The six dates of a year, or a problem (blank or malformed dates) for it. */
    private static Optional<Organisation.TermDates> dates(int year, String label, List<String> typed, List<Problem> problems) {
        List<LocalDate> out = new ArrayList<>();
        for (String d : typed) {
            if (d.isEmpty()) {
                problems.add(Problem.of("termDates", "organisation.terms.six", label));
                return Optional.empty();
            }
            try {
                out.add(LocalDate.parse(d));
            } catch (DateTimeParseException e) {
                problems.add(Problem.of("termDates", "date.format"));
                return Optional.empty();
            }
        }
        return Optional.of(new Organisation.TermDates(year, out));
    }

    private static Integer whole(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What changed, field by field, old → new, for the audit trail (the logo and key by size and key id only). */
    static Map<String, String> changes(Organisation before, Organisation after) {
        Organisation b = before == null ? new Organisation(null, null, null, null, null, null, null, null) : before;
        Map<String, String> d = new LinkedHashMap<>();
        org.tutela.sync.server.Accounts.changed(d, "organisationName", b.name(), blankToNull(after.name()));
        if (!java.util.Arrays.equals(b.logo(), after.logo())) {
            d.put("logo", after.logo() == null ? "\u2192 none" : "\u2192 " + after.logo().length + " bytes");
        }
        org.tutela.sync.server.Accounts.changed(d, "safeguardingLeadName", b.safeguardingLeadName(), blankToNull(after.safeguardingLeadName()));
        org.tutela.sync.server.Accounts.changed(d, "safeguardingLeadPhone", b.safeguardingLeadPhone(), blankToNull(after.safeguardingLeadPhone()));
        org.tutela.sync.server.Accounts.changed(d, "escrowKey", keyId(b.escrowPublicKey()), keyId(blankToNull(after.escrowPublicKey())));
        org.tutela.sync.server.Accounts.changed(d, "entitlement", entitlement(b.defaultEntitlement()), entitlement(after.defaultEntitlement()));
        org.tutela.sync.server.Accounts.changed(d, "attendanceThreshold", b.attendanceThreshold() + "%", after.attendanceThreshold() + "%");
        Map<String, String> was = new TreeMap<>();
        b.termDates().forEach(t -> was.put(t.label(), t.halfTermStarts().toString()));
        Map<String, String> now = new TreeMap<>();
        after.termDates().forEach(t -> now.put(t.label(), t.halfTermStarts().toString()));
        for (String y : new java.util.TreeSet<>(union(was.keySet(), now.keySet()))) {
            if (!Objects.equals(was.get(y), now.get(y))) {
                d.put("terms " + y, (was.get(y) == null ? "" : was.get(y)) + " \u2192 " + (now.get(y) == null ? "" : now.get(y)));
            }
        }
        return d;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static String entitlement(Organisation.Entitlement e) {
        return e.oneToOneReviews() + " + " + e.groupSessions();
    }

    private static String keyId(String key) {
        try {
            return key == null ? null : EscrowKeys.keyId(EscrowKeys.decodePublicKey(key));
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
