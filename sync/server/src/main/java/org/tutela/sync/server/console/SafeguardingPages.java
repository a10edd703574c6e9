package org.tutela.sync.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.protocol.sealed.SealedEnvelope;
import org.tutela.sync.protocol.sealed.SealedEnvelopeException;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.escrow.AuditLog;
import org.tutela.sync.server.escrow.DatabaseAuditHead;
import org.tutela.sync.server.escrow.EscrowOpening;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.Organisation;
import org.tutela.sync.server.headoffice.OrganisationSetup;
import org.tutela.sync.server.headoffice.Payloads;
import org.tutela.sync.server.safeguarding.SafeguardingCases;
import org.tutela.sync.server.safeguarding.SealedTutorials;

/**
 * The safeguarding lead's pages: the inbox of concerns, a concern (acknowledge, actions, external
 * referrals, tasks for the tutor, linked learners, the outcome), a learner's chronology (also as a
 * PDF) and sealed tutorials, opening one with the escrow key, and the audit of openings. Roles
 * without {@link Permission#READ_CONCERNS} see the counts only. Reading a concern or a chronology
 * is written to the audit trail; the audit trail names the concern or learner by id, never what
 * was written about them.
 */
final class SafeguardingPages {
    private static final Logger LOG = LoggerFactory.getLogger(SafeguardingPages.class);
    static final int LINK_MATCHES = 20;

    private final HeadOfficeConsole console;
    private final SafeguardingCases cases;
    private final SealedTutorials sealed;
    private final OrganisationSetup organisation;
    private final AuditTrail audit;
    private final Clock clock;
    private final Database db;
    private final Path dataDir;

    SafeguardingPages(HeadOfficeConsole console, Database db, Accounts accounts, OrganisationSetup organisation, Clock clock, Path dataDir) {
        this.console = console;
        this.cases = new SafeguardingCases(db, accounts, clock);
        this.sealed = new SealedTutorials(db);
        this.organisation = organisation;
        this.audit = accounts.audit();
        this.clock = clock;
        this.db = db;
        this.dataDir = dataDir;
    }

    void routes(RoutesConfig r) {
        console.page(r, "/safeguarding", Permission.VIEW_SAFEGUARDING_COUNTS, this::home);
        console.page(r, "/safeguarding/openings", Permission.READ_OPENINGS, this::openings);
        console.page(r, "/safeguarding/concerns/{id}", Permission.READ_CONCERNS, "concern.view", (ctx, s) -> concern(ctx, s, 200, null));
        console.change(r, "/safeguarding/concerns/{id}/acknowledge", Permission.MANAGE_CONCERNS, "concern.acknowledge", this::acknowledge);
        console.change(r, "/safeguarding/concerns/{id}/record", Permission.MANAGE_CONCERNS, "concern.record", this::record);
        console.change(r, "/safeguarding/concerns/{id}/task", Permission.MANAGE_CONCERNS, "concern.task", this::task);
        console.change(r, "/safeguarding/concerns/{id}/close", Permission.MANAGE_CONCERNS, "concern.close", this::close);
        console.change(r, "/safeguarding/concerns/{id}/link", Permission.MANAGE_CONCERNS, "concern.link", this::link);
        console.page(r, "/safeguarding/learners/{id}", Permission.READ_CONCERNS, "learner.chronology", this::learner);
        console.page(r, "/safeguarding/learners/{id}/chronology.pdf", Permission.READ_CONCERNS, "learner.chronology.pdf",
                this::chronologyPdf);
        console.page(r, "/safeguarding/envelopes/{id}", Permission.OPEN_ENVELOPES, "envelope.open",
                (ctx, s) -> envelope(ctx, s, 200, Form.of(console.text(ctx))));
        console.change(r, "/safeguarding/envelopes/{id}", Permission.OPEN_ENVELOPES, "envelope.open", this::open);
    }

    private int acknowledgeHours() throws Exception {
        return organisation.get().map(Organisation::safeguardingAcknowledgeHours).orElse(Organisation.DEFAULT_ACKNOWLEDGE_HOURS);
    }

    // ------------------------------------------------------------------ the inbox, or the counts

    /** The inbox: every concern, the overdue ones marked, closed ones when asked. */
    public record InboxModel(List<SafeguardingCases.Row> rows, boolean showClosed, int hours, long now, boolean canReadOpenings) {
        public boolean overdue(SafeguardingCases.Row r) {
            return r.overdue(now, hours);
        }

        public long overdueCount() {
            return rows.stream().filter(this::overdue).count();
        }
    }

    /** What the other roles see: numbers only. */
    public record CountsModel(SafeguardingCases.Counts counts, int hours, boolean canReadOpenings) {
    }

    private void home(Context ctx, ConsoleSessions.Session s) throws Exception {
        int hours = acknowledgeHours();
        if (s.can(Permission.READ_CONCERNS)) {
            boolean all = "all".equals(ctx.queryParam("show"));
            console.render(ctx, 200, "safeguarding-inbox.jte", console.chrome(ctx, s, "safeguarding", "safeguarding.title", null),
                    new InboxModel(cases.inbox(all), all, hours, clock.millis(), s.can(Permission.READ_OPENINGS)));
        } else {
            console.render(ctx, 200, "safeguarding-counts.jte", console.chrome(ctx, s, "safeguarding", "safeguarding.title", null),
                    new CountsModel(cases.counts(hours), hours, s.can(Permission.READ_OPENINGS)));
        }
    }

    // ------------------------------------------------------------------ a concern

    /**
     * A concern's page: what the tutor wrote, what the lead did, the tutor's tasks, linked learners,
     * and the forms (with what was typed and its problems, after a refused change).
     *
     * @param found learners matching the link search, or null when none was asked for
     */
    public record ConcernModel(SafeguardingCases.Detail detail, boolean overdue, int hours, Form form, String find,
                               List<SafeguardingCases.LearnerRef> found, List<String> agencies) {
        public SafeguardingCases.Row row() {
            return detail.row();
        }
    }

    private Optional<UUID> id(Context ctx) {
        try {
            return Optional.of(UUID.fromString(ctx.pathParam("id")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void concern(Context ctx, ConsoleSessions.Session s, int status, Form typed) throws Exception {
        Optional<UUID> id = id(ctx);
        Optional<SafeguardingCases.Detail> d = id.isEmpty() ? Optional.empty() : cases.concern(id.get());
        if (d.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        String find = ctx.queryParam("find");
        List<SafeguardingCases.LearnerRef> found = find == null || find.isBlank() ? null : cases.findLearners(find, LINK_MATCHES);
        int hours = acknowledgeHours();
        if (typed == null) {
            audit.note(HeadOfficeConsole.actor(s), "concern.view", id.get().toString(), Map.of());
        }
        console.render(ctx, status, "safeguarding-concern.jte", console.chrome(ctx, s, "safeguarding", "concern.title", null),
                new ConcernModel(d.get(), d.get().row().overdue(clock.millis(), hours), hours,
                        typed != null ? typed : Form.of(console.text(ctx)), find == null ? "" : find.strip(), found,
                        SafeguardingCases.AGENCIES));
    }

    private void acknowledge(Context ctx, ConsoleSessions.Session s) throws Exception {
        change(ctx, s, "acknowledged", () -> cases.acknowledge(id(ctx).orElseThrow(), HeadOfficeConsole.actor(s)));
    }

    private void record(Context ctx, ConsoleSessions.Session s) throws Exception {
        String kind = "referral".equals(ctx.formParam("kind")) ? SafeguardingCases.REFERRAL : SafeguardingCases.ACTION;
        change(ctx, s, "recorded", () -> cases.record(id(ctx).orElseThrow(), kind, blankToNull(ctx.formParam("agency")),
                ctx.formParam("text"), HeadOfficeConsole.actor(s)));
    }

    private void task(Context ctx, ConsoleSessions.Session s) throws Exception {
        change(ctx, s, "task-assigned", () -> cases.assignTask(id(ctx).orElseThrow(), ctx.formParam("task"), HeadOfficeConsole.actor(s)));
    }

    private void close(Context ctx, ConsoleSessions.Session s) throws Exception {
        change(ctx, s, "case-closed", () -> cases.close(id(ctx).orElseThrow(), ctx.formParam("outcome"), HeadOfficeConsole.actor(s)));
    }

    private void link(Context ctx, ConsoleSessions.Session s) throws Exception {
        UUID learner;
        try {
            learner = UUID.fromString(PeoplePages.param(ctx, "learner"));
        } catch (IllegalArgumentException e) {
            concern(ctx, s, 400, Form.of(console.text(ctx)).error("learner", "concern.link.choose"));
            return;
        }
        change(ctx, s, "linked", () -> cases.link(id(ctx).orElseThrow(), learner, HeadOfficeConsole.actor(s)));
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }

    /** Runs a change of a concern; back to its page with a notice, or the page again with the problems beside their fields. */
    private void change(Context ctx, ConsoleSessions.Session s, String notice, Change change) throws Exception {
        if (id(ctx).isEmpty() || cases.concern(id(ctx).get()).isEmpty()) {
            notFound(ctx, s);
            return;
        }
        try {
            change.run();
        } catch (InvalidInput e) {
            Form form = Form.of(console.text(ctx));
            for (String f : List.of("kind", "agency", "text", "task", "outcome")) {
                form.set(f, ctx.formParam(f));
            }
            form.problems(e.problems(), "text");
            concern(ctx, s, 400, form);
            return;
        }
        HeadOfficeConsole.seeOther(ctx, "/safeguarding/concerns/" + id(ctx).get(), notice);
    }

    // ------------------------------------------------------------------ a learner: chronology and sealed tutorials

    /** The learner's safeguarding page. */
    public record LearnerModel(SafeguardingCases.LearnerRef learner, List<SafeguardingCases.Event> chronology,
                               List<SealedTutorials.Envelope> envelopes, boolean canOpen) {
    }

    private void learner(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<UUID> id = id(ctx);
        Optional<SafeguardingCases.LearnerRef> l = id.isEmpty() ? Optional.empty() : cases.learner(id.get());
        if (l.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        audit.note(HeadOfficeConsole.actor(s), "learner.chronology", id.get().toString(), Map.of());
        console.render(ctx, 200, "safeguarding-learner.jte", console.chrome(ctx, s, "safeguarding", "chronology.title", null),
                new LearnerModel(l.get(), cases.chronology(id.get(), console.text(ctx).zone()), sealed.ofLearner(id.get()),
                        s.can(Permission.OPEN_ENVELOPES)));
    }

    private void chronologyPdf(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<UUID> id = id(ctx);
        Optional<SafeguardingCases.LearnerRef> l = id.isEmpty() ? Optional.empty() : cases.learner(id.get());
        if (l.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        ConsoleText t = console.text(ctx);
        byte[] pdf = ChronologyPdf.render(t, l.get(), cases.chronology(id.get(), t.zone()), clock.millis());
        audit.note(HeadOfficeConsole.actor(s), "learner.chronology.pdf", id.get().toString(), Map.of());
        ctx.header("Content-Disposition", "inline; filename=\"safeguarding-chronology.pdf\"");
        ctx.contentType("application/pdf").result(pdf);
    }

    // ------------------------------------------------------------------ opening a sealed tutorial

    /** The form to open a sealed tutorial: its envelope, its learner, what was typed and its problems. */
    public record EnvelopeModel(SealedTutorials.Envelope envelope, SafeguardingCases.LearnerRef learner, Form form, String refusal) {
    }

    /** The content, shown once. {@code lines} are the tutorial's fields, indented by depth. */
    public record OpenedModel(SealedTutorials.Envelope envelope, SafeguardingCases.LearnerRef learner, long entry, List<Line> lines) {
    }

    /** One field of the opened tutorial: its depth, label and value (empty for a heading). */
    public record Line(int depth, String label, String value) {
    }

    private void envelope(Context ctx, ConsoleSessions.Session s, int status, Form form) throws Exception {
        envelope(ctx, s, status, form, null);
    }

    private void envelope(Context ctx, ConsoleSessions.Session s, int status, Form form, String refusal) throws Exception {
        Optional<UUID> id = id(ctx);
        Optional<SealedTutorials.Envelope> e = id.isEmpty() ? Optional.empty() : sealed.header(id.get());
        if (e.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        SafeguardingCases.LearnerRef learner = e.get().learnerId() == null ? null : cases.learner(e.get().learnerId()).orElse(null);
        console.render(ctx, status, "safeguarding-envelope.jte", console.chrome(ctx, s, "safeguarding", "envelope.title", null),
                new EnvelopeModel(e.get(), learner, form, refusal));
    }

    /**
     * Opens the sealed tutorial with the uploaded key file and its passphrase, for this request
     * only: both are held in memory, never written, and wiped when done. A written reason is
     * required; the opening is written to the escrow audit log before the content is shown; the
     * content is in this answer only (not cached: every console answer is {@code no-store}) and is
     * never logged.
     */
    private void open(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<UUID> id = id(ctx);
        Optional<SealedTutorials.Envelope> header = id.isEmpty() ? Optional.empty() : sealed.header(id.get());
        if (header.isEmpty()) {
            notFound(ctx, s);
            return;
        }
        ConsoleText t = console.text(ctx);
        String reason = PeoplePages.param(ctx, "reason");
        Form form = Form.of(t).set("reason", reason);
        UploadedFile upload = ctx.isMultipartFormData() ? ctx.uploadedFile("key") : null;
        String typed = ctx.formParam("passphrase");
        if (upload == null || upload.size() == 0) {
            form.error("key", "envelope.key.required");
        }
        if (typed == null || typed.isEmpty()) {
            form.error("passphrase", "envelope.passphrase.required");
        }
        if (reason.isEmpty()) {
            form.error("reason", "envelope.reason.required");
        } else if (reason.length() > SafeguardingCases.MAX_TEXT || org.tutela.sync.server.WireText.problem(reason) != null) {
            form.error("reason", "envelope.reason.bad", SafeguardingCases.MAX_TEXT);
        }
        if (form.hasErrors()) {
            envelope(ctx, s, 400, form);
            return;
        }
        byte[] keyFile;
        try (InputStream in = upload.content()) {
            keyFile = in.readAllBytes();
        }
        char[] passphrase = typed.toCharArray();
        EscrowOpening.Outcome outcome;
        try {
            SealedEnvelope envelope;
            try {
                envelope = sealed.envelope(id.get()).orElseThrow();
            } catch (SealedEnvelopeException damaged) {
                audit.refused(HeadOfficeConsole.actor(s), "envelope.open", id.get().toString());
                envelope(ctx, s, 422, form, "envelope.refused.DAMAGED_ENVELOPE");
                return;
            }
            AuditLog log = new AuditLog(dataDir, new DatabaseAuditHead(db));
            outcome = EscrowOpening.open(log, envelope, keyFile, passphrase,
                    new EscrowOpening.Opener(s.user().name() + " (" + s.user().username() + ")", AuditTrail.VIA_CONSOLE, reason,
                            clock.instant()));
        } finally {
            Arrays.fill(keyFile, (byte) 0);
            Arrays.fill(passphrase, '\0');
        }
        if (!outcome.opened()) {
            LOG.warn("Console: user {} could not open a sealed tutorial: {}", s.user().id(), outcome.refusal());
            audit.refused(HeadOfficeConsole.actor(s), "envelope.open", id.get().toString());
            envelope(ctx, s, outcome.refusal() == EscrowOpening.Refusal.AUDIT_LOG_DAMAGED
                    || outcome.refusal() == EscrowOpening.Refusal.NOT_RECORDED ? 503 : 403, form,
                    "envelope.refused." + outcome.refusal().name());
            return;
        }
        byte[] content = outcome.content();
        try {
            audit.note(HeadOfficeConsole.actor(s), "envelope.open", id.get().toString(),
                    Map.of("escrowLogEntry", Long.toString(outcome.entry().seq())));
            SafeguardingCases.LearnerRef learner = header.get().learnerId() == null ? null
                    : cases.learner(header.get().learnerId()).orElse(null);
            console.render(ctx, 200, "safeguarding-opened.jte", console.chrome(ctx, s, "safeguarding", "opened.title", null),
                    new OpenedModel(header.get(), learner, outcome.entry().seq(), lines(content, t)));
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The tutorial's JSON as indented lines, field names in words; record ids and pictures left out. */
    static List<Line> lines(byte[] content, ConsoleText t) {
        List<Line> out = new ArrayList<>();
        JsonNode root;
        try {
            root = Payloads.mapper().readTree(content);
        } catch (java.io.IOException e) {
            out.add(new Line(0, "", new String(content, java.nio.charset.StandardCharsets.UTF_8)));
            return out;
        }
        flatten(root, 0, out, t);
        return out;
    }

    private static void flatten(JsonNode n, int depth, List<Line> out, ConsoleText t) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = f.getKey();
                JsonNode v = f.getValue();
                if (v.isNull() || key.equals("id") || key.endsWith("Id") || key.endsWith("Ids") || (v.isContainerNode() && v.isEmpty())) {
                    continue;
                }
                if (v.isValueNode()) {
                    out.add(new Line(depth, words(key), value(v, t)));
                } else {
                    out.add(new Line(depth, words(key), ""));
                    flatten(v, depth + 1, out, t);
                }
            }
        } else if (n.isArray()) {
            int i = 1;
            for (JsonNode item : n) {
                if (item.isValueNode()) {
                    out.add(new Line(depth, Integer.toString(i), value(item, t)));
                } else {
                    out.add(new Line(depth, Integer.toString(i), ""));
                    flatten(item, depth + 1, out, t);
                }
                i++;
            }
        } else {
            out.add(new Line(depth, "", value(n, t)));
        }
    }

    private static String value(JsonNode v, ConsoleText t) {
        if (v.isBoolean()) {
            return t.lookup(v.asBoolean() ? "common.yes" : "common.no");
        }
        String s = v.asText();
        // the tutorial's kinds and outcomes in words
        for (String prefix : List.of("kind.", "outcome.")) {
            if (s.matches("[A-Z_]{3,40}") && t.has(prefix + s)) {
                return t.lookup(prefix + s);
            }
        }
        // a signature's picture is not text to read
        return s.length() > 2000 ? t.format("opened.long", s.length()) : s;
    }

    /** "learnerSignature" → "Learner signature". */
    static String words(String camel) {
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    // ------------------------------------------------------------------ the audit of openings

    /** Every opening of a confidential tutorial, newest first; or why the escrow audit log cannot be read. */
    public record OpeningsModel(List<SealedTutorials.Opening> openings, Map<UUID, String> learnerNames, String logProblem) {
    }

    private void openings(Context ctx, ConsoleSessions.Session s) throws Exception {
        List<SealedTutorials.Opening> list = List.of();
        String problem = null;
        try {
            list = sealed.openings(new AuditLog(dataDir, new DatabaseAuditHead(db)));
        } catch (java.io.IOException e) {
            LOG.error("Console: the escrow audit log does not verify", org.tutela.sync.server.SyncServer.scrub(e));
            problem = "openings.logDamaged";
        }
        Map<UUID, String> names = new java.util.HashMap<>();
        // only the safeguarding lead sees learners' names; an administrator sees the openings by record
        if (s.can(Permission.READ_CONCERNS)) {
            for (SealedTutorials.Opening o : list) {
                if (o.learnerId() != null && !names.containsKey(o.learnerId())) {
                    names.put(o.learnerId(), cases.learner(o.learnerId()).map(SafeguardingCases.LearnerRef::name).orElse(null));
                }
            }
        }
        console.render(ctx, problem == null ? 200 : 503, "safeguarding-openings.jte",
                console.chrome(ctx, s, "safeguarding", "openings.title", null), new OpeningsModel(list, names, problem));
    }

    private void notFound(Context ctx, ConsoleSessions.Session s) {
        console.render(ctx, 404, "error.jte", console.chrome(ctx, s, "safeguarding", "error.notFound.title", null),
                new HeadOfficeConsole.ErrorPage("error.notFound.title", "error.notFound.body"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
