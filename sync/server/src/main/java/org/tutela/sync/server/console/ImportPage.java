package org.tutela.sync.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tutela.sync.server.Accounts;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.Tokens;
import org.tutela.sync.server.headoffice.ColumnMapping;
import org.tutela.sync.server.headoffice.CsvFile;
import org.tutela.sync.server.headoffice.ImportField;
import org.tutela.sync.server.headoffice.InvalidInput;
import org.tutela.sync.server.headoffice.LearnerImport;
import org.tutela.sync.server.headoffice.Problem;

/**
 * Import learners and groups from a CSV export of the MIS: upload, see how each column is read
 * (and correct it), a preview that lists every problem of every row with its row and column
 * before anything is stored, then import, all or nothing ({@link LearnerImport}). Between the
 * preview and the import the file waits in memory, for its uploader only, for at most
 * {@link #KEPT_MINUTES} minutes, and is wiped when imported or dropped; it is never written to disk.
 */
final class ImportPage {
    static final int KEPT_MINUTES = 30;
    static final int MAX_WAITING = 20;
    /** A preview lists at most this many problems and changes; the counts cover them all. */
    static final int SHOWN = 300;

    private final HeadOfficeConsole console;
    private final LearnerImport importer;
    private final AuditTrail audit;
    private final Clock clock;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    ImportPage(HeadOfficeConsole console, Database db, Accounts accounts, Clock clock) {
        this.console = console;
        this.importer = new LearnerImport(db, accounts);
        this.audit = accounts.audit();
        this.clock = clock;
    }

    /** An uploaded file awaiting its import. */
    private record Waiting(String userId, String fileName, byte[] bytes, long since) {
    }

    void routes(RoutesConfig r) {
        console.page(r, "/import", Permission.IMPORT_LEARNERS, (ctx, s) -> showUpload(ctx, s, 200,
                Form.of(console.text(ctx)).set("preset", "remembered")));
        console.change(r, "/import", Permission.IMPORT_LEARNERS, "learners.import", this::upload);
        console.change(r, "/import/{token}/check", Permission.IMPORT_LEARNERS, "learners.import", this::check);
        console.change(r, "/import/{token}/run", Permission.IMPORT_LEARNERS, "learners.import", this::run);
    }

    public record UploadModel(Form form, boolean hasRemembered) {
    }

    private void showUpload(Context ctx, ConsoleSessions.Session s, int status, Form form) throws Exception {
        console.render(ctx, status, "import.jte", console.chrome(ctx, s, "import", "import.title", null),
                new UploadModel(form, !importer.remembered().byHeading().isEmpty()));
    }

    /** A column of the file: its heading and the field it is read into (null: none yet). */
    public record Column(int index, String heading, ImportField field) {
    }

    /**
     * The preview: what importing would do and every problem, with the form to correct the
     * columns and to import.
     */
    public record PreviewModel(String token, String fileName, LearnerImport.Preview preview, List<Column> columns,
                               List<ImportField> fields, boolean createGroups, List<Problem> shownProblems,
                               List<LearnerImport.RowOutcome> shownUpdates) {
        public boolean moreProblems() {
            return preview.problems().size() > shownProblems.size();
        }
    }

    private void upload(Context ctx, ConsoleSessions.Session s) throws Exception {
        sweep();
        Form form = Form.of(console.text(ctx)).set("preset", PeoplePages.param(ctx, "preset"))
                .set("createGroups", ctx.formParam("createGroups"));
        UploadedFile file = ctx.isMultipartFormData() ? ctx.uploadedFile("file") : null;
        if (file == null || file.size() == 0) {
            form.error("file", "import.file.required");
            showUpload(ctx, s, 400, form);
            return;
        }
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readAllBytes();
        }
        String token = Tokens.newToken();
        String name = file.filename() == null ? "" : file.filename().replaceAll("[\\p{Cntrl}]", "");
        waiting.put(token, new Waiting(s.user().id(), name.length() > 200 ? name.substring(0, 200) : name, bytes, clock.millis()));
        String preset = form.value("preset");
        ColumnMapping mapping;
        try {
            mapping = importer.mapping("remembered".equals(preset) ? null : preset, List.of());
        } catch (InvalidInput e) {
            mapping = importer.mapping(null, List.of());
        }
        preview(ctx, s, token, mapping, form.checked("createGroups"));
    }

    private Optional<Waiting> waitingFor(Context ctx, ConsoleSessions.Session s) {
        sweep();
        Waiting w = waiting.get(ctx.pathParam("token"));
        return w != null && w.userId().equals(s.user().id()) ? Optional.of(w) : Optional.empty();
    }

    /** The mapping as the preview's column choices give it. */
    private ColumnMapping mappingFrom(Context ctx, Waiting w) throws Exception {
        List<String> headings = CsvFile.read(w.bytes()).headers();
        List<String> corrections = new ArrayList<>();
        for (int i = 0; i < headings.size(); i++) {
            String chosen = ctx.formParam("column." + i);
            if (chosen != null && !chosen.isEmpty() && !headings.get(i).isBlank()) {
                corrections.add(headings.get(i).strip() + "=" + chosen);
            }
        }
        return importer.mapping(null, corrections);
    }

    private void check(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Waiting> w = waitingFor(ctx, s);
        if (w.isEmpty()) {
            expired(ctx, s);
            return;
        }
        preview(ctx, s, ctx.pathParam("token"), mappingFrom(ctx, w.get()), ctx.formParam("createGroups") != null);
    }

    private void preview(Context ctx, ConsoleSessions.Session s, String token, ColumnMapping mapping, boolean createGroups)
            throws Exception {
        Waiting w = waiting.get(token);
        LearnerImport.Preview p = importer.preview(w.bytes(), mapping, new LearnerImport.Options(createGroups));
        renderPreview(ctx, s, 200, token, w, p, createGroups);
    }

    private void renderPreview(Context ctx, ConsoleSessions.Session s, int status, String token, Waiting w, LearnerImport.Preview p,
                               boolean createGroups) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < p.headings().size(); i++) {
            columns.add(new Column(i, p.headings().get(i), p.columns().get(i)));
        }
        List<LearnerImport.RowOutcome> updates = p.rows().stream().filter(r -> r.action() == LearnerImport.Action.UPDATE).limit(SHOWN).toList();
        console.render(ctx, status, "import-preview.jte", console.chrome(ctx, s, "import", "importPreview.title", null),
                new PreviewModel(token, w.fileName(), p, columns, Arrays.asList(ImportField.values()), createGroups,
                        p.problems().stream().limit(SHOWN).toList(), updates));
    }

    /** What the import did. */
    public record DoneModel(String fileName, LearnerImport.Preview done, List<LearnerImport.RowOutcome> shownUpdates) {
    }

    private void run(Context ctx, ConsoleSessions.Session s) throws Exception {
        Optional<Waiting> found = waitingFor(ctx, s);
        if (found.isEmpty()) {
            expired(ctx, s);
            return;
        }
        Waiting w = found.get();
        String token = ctx.pathParam("token");
        boolean createGroups = ctx.formParam("createGroups") != null;
        ColumnMapping mapping = mappingFrom(ctx, w);
        LearnerImport.Options options = new LearnerImport.Options(createGroups);
        LearnerImport.Preview done;
        try {
            done = importer.importFile(w.bytes(), mapping, options);
        } catch (InvalidInput changedMeanwhile) {
            // head office changed between preview and import (or the columns were changed without checking): show why
            renderPreview(ctx, s, 409, token, w, importer.preview(w.bytes(), mapping, options), createGroups);
            return;
        }
        drop(token);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("file", w.fileName());
        detail.put("encoding", done.encoding());
        detail.put("created", Long.toString(done.count(LearnerImport.Action.CREATE)));
        detail.put("updated", Long.toString(done.count(LearnerImport.Action.UPDATE)));
        detail.put("unchanged", Long.toString(done.count(LearnerImport.Action.UNCHANGED)));
        if (!done.newGroups().isEmpty()) {
            detail.put("newGroups", String.join(", ", done.newGroups()));
        }
        audit.note(HeadOfficeConsole.actor(s), "learners.import", w.fileName(), detail);
        console.render(ctx, 200, "import-done.jte", console.chrome(ctx, s, "import", "importDone.title", null),
                new DoneModel(w.fileName(), done, done.rows().stream().filter(r -> r.action() == LearnerImport.Action.UPDATE)
                        .limit(SHOWN).toList()));
    }

    private void expired(Context ctx, ConsoleSessions.Session s) throws Exception {
        showUpload(ctx, s, 410, Form.of(console.text(ctx)).set("preset", "remembered").error("file", "import.file.expired", KEPT_MINUTES));
    }

    private void drop(String token) {
        Waiting w = waiting.remove(token);
        if (w != null) {
            Arrays.fill(w.bytes(), (byte) 0);
        }
    }

    /** Wipes files waiting longer than allowed, and the oldest beyond {@link #MAX_WAITING}. */
    private void sweep() {
        long cutoff = clock.millis() - KEPT_MINUTES * 60_000L;
        waiting.entrySet().stream().filter(e -> e.getValue().since() < cutoff).map(Map.Entry::getKey).toList().forEach(this::drop);
        while (waiting.size() >= MAX_WAITING) {
            waiting.entrySet().stream().min(java.util.Comparator.comparingLong(e -> e.getValue().since()))
                    .ifPresent(e -> drop(e.getKey()));
        }
    }
}
