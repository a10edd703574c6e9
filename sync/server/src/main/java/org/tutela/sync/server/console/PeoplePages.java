package org.tutela.sync.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.headoffice.InvalidInput;

/**
 * Tutors and devices: the people who have accounts (add, edit, disable, re-enable) and every
 * enrolled laptop with its last push and pull and how many changes wait for it (revoke a lost
 * one). The admin commands ({@code add-user}, {@code disable-user}, {@code revoke-device}...)
 * do the same through the same {@link Accounts}.
 */
final class PeoplePages {
    /** The roles offered when adding a person, in the order shown. */
    static final List<Role> ROLES = List.of(Role.TUTOR, Role.PASTORAL_LEAD, Role.SAFEGUARDING_LEAD, Role.MANAGER, Role.ADMINISTRATOR);

    private final HeadOfficeConsole console;
    private final Accounts accounts;

    PeoplePages(HeadOfficeConsole console, Accounts accounts) {
        this.console = console;
        this.accounts = accounts;
    }

    void routes(RoutesConfig r) {
        console.page(r, "/people", Permission.VIEW_PEOPLE, this::list);
        console.page(r, "/people/new", Permission.MANAGE_PEOPLE, (ctx, s) -> showNew(ctx, s, 200, Form.of(console.text(ctx)).set("role", Role.TUTOR.wire())));
        console.change(r, "/people", Permission.MANAGE_PEOPLE, "user.add", this::add);
        console.page(r, "/people/{username}/edit", Permission.MANAGE_PEOPLE, this::showEdit);
        console.change(r, "/people/{username}", Permission.MANAGE_PEOPLE, "user.update", this::update);
        console.change(r, "/people/{username}/disable", Permission.MANAGE_PEOPLE, "user.disable", (ctx, s) -> setDisabled(ctx, s, true));
        console.change(r, "/people/{username}/enable", Permission.MANAGE_PEOPLE, "user.enable", (ctx, s) -> setDisabled(ctx, s, false));
        console.page(r, "/devices/{device}/revoke", Permission.MANAGE_DEVICES, this::confirmRevoke);
        console.change(r, "/devices/{device}/revoke", Permission.MANAGE_DEVICES, "device.revoke", this::revoke);
    }

    /** A laptop as the page shows it. {@code waiting} is null for a revoked one. */
    public record Device(String id, String username, String ownerName, String name, long enrolledAt, Long revokedAt, Long lastPushAt,
                         Long lastPullAt, Long waiting) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    public record ListModel(List<Accounts.User> people, List<Device> devices, long now) {
    }

    private void list(Context ctx, ConsoleSessions.Session s) throws Exception {
        List<Accounts.User> people = new ArrayList<>(accounts.listUsers());
        people.sort(Comparator.comparing((Accounts.User u) -> u.name().toLowerCase(java.util.Locale.ROOT)).thenComparing(Accounts.User::username));
        Map<String, Accounts.User> byName = new java.util.HashMap<>();
        people.forEach(u -> byName.put(u.username(), u));
        Map<String, Long> waiting = accounts.changesWaiting();
        List<Device> devices = new ArrayList<>();
        for (Accounts.DeviceInfo d : accounts.listDevices(null)) {
            Accounts.User owner = byName.get(d.username());
            devices.add(new Device(d.id(), d.username(), owner == null ? d.username() : owner.name(), d.name(), d.enrolledAt(),
                    d.revokedAt(), d.lastPushAt(), d.lastPullAt(), d.revokedAt() == null ? waiting.get(d.id()) : null));
        }
        devices.sort(Comparator.comparing(Device::revoked).thenComparing(d -> d.ownerName().toLowerCase(java.util.Locale.ROOT))
                .thenComparingLong(Device::enrolledAt));
        console.render(ctx, 200, "people.jte", console.chrome(ctx, s, "people", "people.title", null),
                new ListModel(people, devices, console.now()));
    }

    public record NewModel(Form form, List<Role> roles) {
    }

    private void showNew(Context ctx, ConsoleSessions.Session s, int status, Form form) {
        console.render(ctx, status, "person-new.jte", console.chrome(ctx, s, "people", "personNew.title", null), new NewModel(form, ROLES));
    }

    private void add(Context ctx, ConsoleSessions.Session s) throws Exception {
        String username = param(ctx, "username");
        String roleText = param(ctx, "role");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        UserDetails details = new UserDetails(param(ctx, "name"), param(ctx, "email"), param(ctx, "phone"));
        Form form = Form.of(console.text(ctx)).set("username", username).set("role", roleText).set("name", param(ctx, "name"))
                .set("email", param(ctx, "email")).set("phone", param(ctx, "phone"));
        Role role = ROLES.stream().filter(r -> r.wire().equals(roleText)).findFirst().orElse(null);
        try {
            accounts.addUser(username, role, details, password.toCharArray(), HeadOfficeConsole.actor(s));
        } catch (InvalidInput e) {
            form.problems(e.problems(), "username");
        }
        if (form.hasErrors()) {
            showNew(ctx, s, 400, form);
            return;
        }
        HeadOfficeConsole.seeOther(ctx, "/people", "person-added");
    }

    public record EditModel(Accounts.User person, Form form) {
    }

    private void showEdit(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Accounts.User> u = findPerson(ctx);
        if (u.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        UserDetails d = u.get().details();
        Form form = Form.of(console.text(ctx)).set("name", d.displayName()).set("email", d.email()).set("phone", d.phone());
        console.render(ctx, 200, "person-edit.jte", console.chrome(ctx, s, "people", "personEdit.title", null), new EditModel(u.get(), form));
    }

    private void update(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Accounts.User> u = findPerson(ctx);
        if (u.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        Form form = Form.of(console.text(ctx)).set("name", param(ctx, "name")).set("email", param(ctx, "email")).set("phone", param(ctx, "phone"));
        try {
            accounts.updateDetails(u.get().username(), new UserDetails(param(ctx, "name"), param(ctx, "email"), param(ctx, "phone")),
                    HeadOfficeConsole.actor(s));
        } catch (InvalidInput e) {
            form.problems(e.problems(), "name");
            console.render(ctx, 400, "person-edit.jte", console.chrome(ctx, s, "people", "personEdit.title", null),
                    new EditModel(u.get(), form));
            return;
        }
        HeadOfficeConsole.seeOther(ctx, "/people", "person-updated");
    }

    private void setDisabled(Context ctx, ConsoleSessions.Session s, boolean disabled) throws Exception {
        Optional<Accounts.User> u = findPerson(ctx);
        if (u.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        if (disabled && u.get().id().equals(s.user().id())) {
            // an administrator who disables themselves is locked out at once; another must do it
            console.render(ctx, 409, "error.jte", console.chrome(ctx, s, "people", "error.conflict.title", null),
                    new HeadOfficeConsole.ErrorPage("error.conflict.title", "people.disable.self"));
            return;
        }
        accounts.setDisabled(u.get().username(), disabled, HeadOfficeConsole.actor(s));
        HeadOfficeConsole.seeOther(ctx, "/people", disabled ? "person-disabled" : "person-enabled");
    }

    public record RevokeModel(Device device) {
    }

    private Optional<Device> findDevice(Context ctx) throws Exception {
        String id = ctx.pathParam("device");
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> names = new java.util.HashMap<>();
        accounts.listUsers().forEach(u -> names.put(u.username(), u.name()));
        return accounts.listDevices(null).stream().filter(d -> d.id().equals(id)).findFirst()
                .map(d -> new Device(d.id(), d.username(), names.getOrDefault(d.username(), d.username()), d.name(), d.enrolledAt(),
                        d.revokedAt(), d.lastPushAt(), d.lastPullAt(), null));
    }

    private void confirmRevoke(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Device> d = findDevice(ctx);
        if (d.isEmpty() || d.get().revoked()) {
            notFound(ctx, s);
            return;
        }
        console.render(ctx, 200, "device-revoke.jte", console.chrome(ctx, s, "people", "revoke.title", null), new RevokeModel(d.get()));
    }

    private void revoke(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Device> d = findDevice(ctx);
        if (d.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        accounts.revokeDevice(d.get().id(), HeadOfficeConsole.actor(s));
        HeadOfficeConsole.seeOther(ctx, "/people", "device-revoked");
    }

    private Optional<Accounts.User> findPerson(Context ctx) throws Exception {
        try {
            return accounts.findUser(ctx.pathParam("username"));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private void notFound(Context ctx, ConsoleSessions.Session s) {
        console.render(ctx, 404, "error.jte", console.chrome(ctx, s, "people", "error.notFound.title", null),
                new HeadOfficeConsole.ErrorPage("error.notFound.title", "error.notFound.body"));
    }

    static String param(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v.strip();
    }
}
