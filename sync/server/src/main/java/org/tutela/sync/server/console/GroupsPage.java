package org.tutela.sync.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.tutela.sync.protocol.RecordKinds;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.headoffice.Groups;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.Learners;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.headoffice.Problem;

/**
 * Groups: the list (archived ones on request), create and edit (name, course, level, year of
 * course, site or employer, review frequency, entitlement, tutor), archive and bring back, and
 * bring a learner into a group by ULN. Giving a group to a tutor, or a learner to a group,
 * moves them from the last tutor's laptops to the new tutor's at the next sync
 * ({@link Groups}, {@link Learners}).
 */
final class GroupsPage {
    /** Review frequencies offered as suggestions; any other the service reads is accepted too. */
    static final List<String> FREQUENCIES = List.of("half-termly", "termly", "monthly", "every 6 weeks", "every 4 weeks", "weekly");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HeadOfficeConsole console;
    private final Database db;
    private final Accounts accounts;
    private final Groups groups;
    private final Learners learners;
    private final OrganisationSetup organisation;
    private final AuditTrail audit;

    GroupsPage(HeadOfficeConsole console, Database db, Accounts accounts, OrganisationSetup organisation) {
        this.console = console;
        this.db = db;
        this.accounts = accounts;
        this.groups = new Groups(db, accounts);
        this.learners = new Learners(db, accounts);
        this.organisation = organisation;
        this.audit = accounts.audit();
    }

    void routes(RoutesConfig r) {
        console.page(r, "/groups", Permission.VIEW_GROUPS, this::list);
        console.page(r, "/groups/new", Permission.MANAGE_GROUPS, (ctx, s) -> showForm(ctx, s, 200, null, blankForm(ctx)));
        console.change(r, "/groups", Permission.MANAGE_GROUPS, "group.create", this::create);
        console.page(r, "/groups/{id}", Permission.VIEW_GROUPS, this::show);
        console.change(r, "/groups/{id}", Permission.MANAGE_GROUPS, "group.update", this::update);
        console.change(r, "/groups/{id}/archive", Permission.MANAGE_GROUPS, "group.archive", (ctx, s) -> archive(ctx, s, true));
        console.change(r, "/groups/{id}/restore", Permission.MANAGE_GROUPS, "group.restore", (ctx, s) -> archive(ctx, s, false));
        console.change(r, "/groups/{id}/learners", Permission.MANAGE_GROUPS, "learner.move", this::moveLearner);
    }

    /** A tutor as the tutor list offers them. */
    public record Tutor(String username, String name) {
    }

    /**
     * @param tutorNames username → name, to show the tutor of each group
     * @param showArchived whether archived groups are listed
     */
    public record ListModel(List<Groups.Group> groups, Map<String, String> tutorNames, Organisation.Entitlement defaultEntitlement,
                            boolean showArchived, long archivedCount) {
        public String tutorName(String username) {
            return username == null ? null : tutorNames.getOrDefault(username, username);
        }
    }

    private void list(Context ctx, ConsoleSessions.Session s) throws Exception {
        boolean showArchived = "1".equals(ctx.queryParam("archived"));
        List<Groups.Group> all = groups.list(true);
        long archived = all.stream().filter(Groups.Group::archived).count();
        List<Groups.Group> shown = showArchived ? all : all.stream().filter(g -> !g.archived()).toList();
        console.render(ctx, 200, "groups.jte", console.chrome(ctx, s, "groups", "groups.title", null),
                new ListModel(shown, tutorNames(), defaultEntitlement(), showArchived, archived));
    }

    private Map<String, String> tutorNames() throws Exception {
        Map<String, String> names = new LinkedHashMap<>();
        for (Accounts.User u : accounts.listUsers()) {
            names.put(u.username(), u.name());
        }
        return names;
    }

    private Organisation.Entitlement defaultEntitlement() throws Exception {
        return organisation.get().map(Organisation::defaultEntitlement).orElse(Organisation.DEFAULT_ENTITLEMENT);
    }

    /** A learner of the group, as its page lists them. */
    public record Member(String name, String uln) {
    }

    /**
     * The group form (new when {@code group} is null) and, for a group, its learners and the
     * form to bring one in by ULN.
     */
    public record FormModel(Groups.Group group, Form form, List<Tutor> tutors, List<String> frequencies,
                            Organisation.Entitlement defaultEntitlement, List<Member> members, Form move, String tutorName) {
    }

    private Form blankForm(Context ctx) {
        return Form.of(console.text(ctx)).set("reviewFrequency", "half-termly").set("entitlement", "default");
    }

    private void showForm(Context ctx, ConsoleSessions.Session s, int status, Groups.Group group, Form form) throws Exception {
        showForm(ctx, s, status, group, form, Form.of(console.text(ctx)));
    }

    private void showForm(Context ctx, ConsoleSessions.Session s, int status, Groups.Group group, Form form, Form move) throws Exception {
        List<Tutor> tutors = new ArrayList<>();
        String tutorName = null;
        for (Accounts.User u : accounts.listUsers()) {
            boolean current = group != null && u.username().equals(group.tutor());
            if (current) {
                tutorName = u.name();
            }
            if (u.role() == Role.TUTOR && (!u.disabled() || current)) {
                tutors.add(new Tutor(u.username(), u.name()));
            }
        }
        tutors.sort(Comparator.comparing(t -> t.name().toLowerCase(Locale.ROOT)));
        List<Member> members = group == null ? List.of() : members(group.id());
        console.render(ctx, status, group == null ? "group-new.jte" : "group.jte",
                console.chrome(ctx, s, "groups", group == null ? "groupNew.title" : "group.title", null),
                new FormModel(group, form, tutors, FREQUENCIES, defaultEntitlement(), members, move, tutorName));
    }

    /** The learners whose (first) group this is, by name, read from their records. */
    private List<Member> members(UUID groupId) throws Exception {
        List<Member> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement q = c.prepareStatement(
                "SELECT payload FROM records WHERE kind = ? AND group_id = ? AND deleted = ?")) {
            q.setString(1, RecordKinds.LEARNER);
            q.setString(2, groupId.toString());
            q.setBoolean(3, false);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    JsonNode p = JSON.readTree(rs.getString(1));
                    String given = p.path("preferredName").asText(p.path("givenName").asText(""));
                    if (given.isEmpty()) {
                        given = p.path("givenName").asText("");
                    }
                    String name = (given + " " + p.path("familyName").asText("")).strip();
                    out.add(new Member(name, p.path("uln").asText("")));
                }
            }
        }
        out.sort(Comparator.comparing(m -> m.name().toLowerCase(Locale.ROOT)));
        return out;
    }

    private Optional<Groups.Group> find(Context ctx) throws Exception {
        try {
            return groups.get(UUID.fromString(ctx.pathParam("id")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void show(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Groups.Group> g = find(ctx);
        if (g.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        showForm(ctx, s, 200, g.get(), formOf(ctx, g.get()));
    }

    private Form formOf(Context ctx, Groups.Group g) {
        Form f = Form.of(console.text(ctx)).set("name", g.name()).set("course", g.course()).set("level", g.level())
                .set("yearOfCourse", g.yearOfCourse() == null ? "" : g.yearOfCourse().toString())
                .set("siteOrEmployer", g.siteOrEmployer())
                .set("reviewFrequency", g.reviewFrequency() == null ? "half-termly" : g.reviewFrequency().describe())
                .set("tutor", g.tutor());
        if (g.entitlement() == null) {
            f.set("entitlement", "default");
        } else {
            f.set("entitlement", "own").set("reviews", Integer.toString(g.entitlement().oneToOneReviews()))
                    .set("sessions", Integer.toString(g.entitlement().groupSessions()));
        }
        return f;
    }

    /** The form as posted, and the changes it asks for (null when a number in it is unreadable). */
    private record Posted(Form form, Groups.Changes changes) {
    }

    private Posted read(Context ctx) {
        Form form = Form.of(console.text(ctx));
        for (String f : List.of("name", "course", "level", "yearOfCourse", "siteOrEmployer", "reviewFrequency", "tutor", "entitlement",
                "reviews", "sessions")) {
            form.set(f, PeoplePages.param(ctx, f));
        }
        Integer year = 0;
        if (!form.value("yearOfCourse").isEmpty()) {
            year = whole(form.value("yearOfCourse"));
            if (year == null) {
                form.error("yearOfCourse", "groups.year.number");
            }
        }
        Organisation.Entitlement own = null;
        boolean useDefault = !"own".equals(form.value("entitlement"));
        if (!useDefault) {
            Integer reviews = whole(form.value("reviews"));
            Integer sessions = whole(form.value("sessions"));
            if (reviews == null || sessions == null) {
                form.error("entitlement", "organisation.entitlement.number");
            } else {
                own = new Organisation.Entitlement(reviews, sessions);
            }
        }
        Groups.Changes ch = new Groups.Changes(form.value("name"), form.value("course"), form.value("level"), year == null ? null : year,
                form.value("siteOrEmployer"), form.value("reviewFrequency"), own, useDefault, form.value("tutor"));
        return new Posted(form, ch);
    }

    private static Integer whole(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void create(Context ctx, ConsoleSessions.Session s) throws Exception {
        Posted p = read(ctx);
        Groups.Group created = null;
        if (!p.form().hasErrors()) {
            try {
                created = groups.create(p.changes());
            } catch (InvalidInput e) {
                p.form().problems(e.problems(), "name");
            }
        }
        if (created == null) {
            showForm(ctx, s, 400, null, p.form());
            return;
        }
        audit.note(HeadOfficeConsole.actor(s), "group.create", label(created), describe(null, created));
        HeadOfficeConsole.seeOther(ctx, "/groups/" + created.id(), "group-created");
    }

    private void update(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Groups.Group> before = find(ctx);
        if (before.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        Posted p = read(ctx);
        Groups.Group after = null;
        if (!p.form().hasErrors()) {
            try {
                after = groups.edit(before.get().id(), p.changes());
            } catch (InvalidInput e) {
                p.form().problems(e.problems(), "name");
            }
        }
        if (after == null) {
            showForm(ctx, s, 400, before.get(), p.form());
            return;
        }
        Map<String, String> detail = describe(before.get(), after);
        if (!detail.isEmpty()) {
            audit.note(HeadOfficeConsole.actor(s), "group.update", label(after), detail);
        }
        HeadOfficeConsole.seeOther(ctx, "/groups/" + after.id(), "saved");
    }

    private void archive(Context ctx, ConsoleSessions.Session s, boolean archived) throws Exception {
        Optional<Groups.Group> g = find(ctx);
        if (g.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        try {
            groups.archive(g.get().id(), archived);
        } catch (InvalidInput e) {
            Form form = formOf(ctx, g.get()).problems(e.problems(), "name");
            showForm(ctx, s, 409, g.get(), form);
            return;
        }
        audit.note(HeadOfficeConsole.actor(s), archived ? "group.archive" : "group.restore", label(g.get()), Map.of());
        HeadOfficeConsole.seeOther(ctx, "/groups/" + g.get().id(), archived ? "group-archived" : "group-restored");
    }

    private void moveLearner(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Groups.Group> g = find(ctx);
        if (g.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        String uln = PeoplePages.param(ctx, "uln");
        Form move = Form.of(console.text(ctx)).set("uln", uln);
        Learners.Placement placed;
        try {
            if (uln.isEmpty()) {
                throw new InvalidInput(Problem.of("uln", "uln.EMPTY"));
            }
            placed = learners.move(uln, g.get().name(), g.get().course());
        } catch (InvalidInput e) {
            move.problems(e.problems(), "uln");
            showForm(ctx, s, 400, g.get(), formOf(ctx, g.get()), move);
            return;
        }
        audit.note(HeadOfficeConsole.actor(s), "learner.move", uln, Map.of("group", label(g.get()), "learnerId", placed.learnerId().toString()));
        HeadOfficeConsole.seeOther(ctx, "/groups/" + g.get().id(), "learner-moved");
    }

    static String label(Groups.Group g) {
        return g.course() == null || g.course().isBlank() ? g.name() : g.name() + " (" + g.course() + ")";
    }

    /** What changed between two versions of a group, for the audit trail. */
    static Map<String, String> describe(Groups.Group b, Groups.Group a) {
        Map<String, String> d = new LinkedHashMap<>();
        Accounts.changed(d, "groupName", b == null ? null : b.name(), a.name());
        Accounts.changed(d, "course", b == null ? null : b.course(), a.course());
        Accounts.changed(d, "level", b == null ? null : b.level(), a.level());
        Accounts.changed(d, "yearOfCourse", b == null ? null : b.yearOfCourse(), a.yearOfCourse());
        Accounts.changed(d, "siteOrEmployer", b == null ? null : b.siteOrEmployer(), a.siteOrEmployer());
        Accounts.changed(d, "reviewFrequency", b == null || b.reviewFrequency() == null ? null : b.reviewFrequency().describe(),
                a.reviewFrequency() == null ? null : a.reviewFrequency().describe());
        Accounts.changed(d, "entitlement", b == null ? null : entitlement(b.entitlement()), entitlement(a.entitlement()));
        Accounts.changed(d, "tutor", b == null ? null : b.tutor(), a.tutor());
        if (b != null && !Objects.equals(b.archived(), a.archived())) {
            d.put("archived", b.archived() + " \u2192 " + a.archived());
        }
        return d;
    }

    private static String entitlement(Organisation.Entitlement e) {
        return e == null ? "default" : e.oneToOneReviews() + " + " + e.groupSessions();
    }

    private void notFound(Context ctx, ConsoleSessions.Session s) {
        console.render(ctx, 404, "error.jte", console.chrome(ctx, s, "groups", "error.notFound.title", null),
                new HeadOfficeConsole.ErrorPage("error.notFound.title", "error.notFound.body"));
    }
}
