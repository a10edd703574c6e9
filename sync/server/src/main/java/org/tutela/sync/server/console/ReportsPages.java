package org.tutela.sync.server.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Database;
import org.tutela.sync.server.reports.ExportTable;
import org.tutela.sync.server.reports.ReportPdf;
import org.tutela.sync.server.reports.Reports;

/**
 * The pastoral lead's and managers' pages (administrators read them too): the organisation's
 * figures with tutors and groups side by side, the learners behind any figure, a learner's page,
 * and each table as CSV or a spreadsheet, and the entitlement report for the governors as a PDF.
 * Everything here reads; nothing changes. Every view of a learner's page, and every download, is
 * written to the audit trail before it is shown.
 */
final class ReportsPages {
    private static final Logger LOG = LoggerFactory.getLogger(ReportsPages.class);
    static final int PAGE_SIZE = 100;
    private static final Set<String> TABLE_SORTS = Set.of("name", "learners", "reviews", "shortfall", "sessions", "overdue", "week",
            "atRisk", "vulnerable", "pastoral", "attendance", "under", "targets", "sync");
    private static final Set<String> SHOW = Set.of("overdue", "shortfall", "under", "atRisk");

    private final HeadOfficeConsole console;
    private final AuditTrail audit;
    private final Reports reports;
    private final Clock clock;

    ReportsPages(HeadOfficeConsole console, Database db, AuditTrail audit, Clock clock, ZoneId zone) {
        this.console = console;
        this.audit = audit;
        this.clock = clock;
        this.reports = new Reports(db, clock, zone);
    }

    void routes(RoutesConfig r) {
        console.page(r, "/reports", Permission.VIEW_REPORTS, this::overview);
        console.page(r, "/reports/learners", Permission.VIEW_REPORTS, this::learners);
        console.page(r, "/reports/learners/{id}", Permission.VIEW_REPORTS, this::learner);
        console.page(r, "/reports/download/{file}", Permission.VIEW_REPORTS, this::download);
    }

    // ---------------------------------------------------------------- sorting and links

    /** A table's sort: its column and direction, and the query the page was asked with (for links that keep the filters). */
    public record Sort(String key, boolean descending, String base) {
        /** The link that sorts by {@code column}: the other way round if it is this one already. */
        public String href(String column) {
            boolean desc = column.equals(key) ? !descending : !"name".equals(column);
            return base + (base.contains("?") ? "&" : "?") + "sort=" + column + "&dir=" + (desc ? "desc" : "asc");
        }

        /** aria-sort for the column's heading, or null when the table is not sorted by it. */
        public String aria(String column) {
            return column.equals(key) ? (descending ? "descending" : "ascending") : null;
        }

        public String arrow(String column) {
            return column.equals(key) ? (descending ? " ▼" : " ▲") : "";
        }
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() || v.length() > 200 ? null : v;
    }

    private static boolean flag(Context ctx, String name) {
        return "1".equals(ctx.queryParam(name)) || "on".equals(ctx.queryParam(name));
    }

    /** A bar of a chart, in pixels: what was held, what can still be, and what cannot. */
    public record Bar(int width, int held, int possible, int shortfall) {
        static Bar of(int width, int held, int entitled, int shortfall) {
            if (entitled <= 0) {
                return new Bar(width, 0, 0, 0);
            }
            int h = (int) Math.round((double) width * Math.min(held, entitled) / entitled);
            int s = (int) Math.round((double) width * Math.min(shortfall, entitled) / entitled);
            s = Math.min(s, width - h);
            return new Bar(width, h, Math.max(0, width - h - s), s);
        }
    }

    // ---------------------------------------------------------------- the overview

    /**
     * @param by "tutor" or "group": which table is shown
     * @param lines that table's lines, filtered and sorted
     * @param query the filters as a query string, for the download links
     */
    public record OverviewModel(Reports.Overview overview, String by, List<Reports.Line> lines, int allLines, Sort sort, String text,
                                String show, String query, LocalDate today, long now) {
        public Bar bar(Reports.Figures f, int width) {
            return Bar.of(width, f.reviewsHeld(), f.reviewsEntitled(), f.reviewShortfall());
        }

        /** Learners whose review is neither overdue nor due within a week (on track, or not due). */
        public int later() {
            Reports.Figures f = overview.organisation();
            return Math.max(0, f.learners() - f.overdue() - f.dueThisWeek());
        }

        /** The share of {@code part} in {@code whole}, in pixels of {@code width}. */
        public int px(int part, int whole, int width) {
            return whole <= 0 ? 0 : (int) Math.round((double) width * part / whole);
        }

        public String lineHref(Reports.Line l) {
            return "/console/reports/learners?" + (by.equals("group") ? "group=" : "tutor=") + q(l.key());
        }
    }

    private void overview(Context ctx, ConsoleSessions.Session s) throws Exception {
        String by = "group".equals(ctx.queryParam("by")) ? "group" : "tutor";
        String text = param(ctx, "q");
        String show = SHOW.contains(String.valueOf(ctx.queryParam("show"))) ? ctx.queryParam("show") : null;
        String key = TABLE_SORTS.contains(String.valueOf(ctx.queryParam("sort"))) ? ctx.queryParam("sort") : "name";
        boolean desc = "desc".equals(ctx.queryParam("dir"));
        Reports.Overview o = reports.overview();
        List<Reports.Line> all = by.equals("group") ? o.groups() : o.tutors();
        List<Reports.Line> lines = Reports.sorted(filter(all, text, show), key, desc);
        String query = "by=" + by + (text == null ? "" : "&q=" + q(text)) + (show == null ? "" : "&show=" + show);
        console.render(ctx, 200, "reports.jte", console.chrome(ctx, s, "reports", "reports.title", null),
                new OverviewModel(o, by, lines, all.size(), new Sort(key, desc, "/console/reports?" + query), text, show, query,
                        reports.today(), clock.millis()));
    }

    private static List<Reports.Line> filter(List<Reports.Line> lines, String text, String show) {
        Predicate<Reports.Line> p = l -> true;
        if (text != null) {
            String t = text.toLowerCase(Locale.ROOT);
            p = p.and(l -> (l.name() != null && l.name().toLowerCase(Locale.ROOT).contains(t))
                    || (l.detail() != null && l.detail().toLowerCase(Locale.ROOT).contains(t)));
        }
        if (show != null) {
            p = p.and(switch (show) {
                case "overdue" -> l -> l.figures().overdue() > 0;
                case "shortfall" -> l -> l.figures().reviewShortfall() > 0;
                case "under" -> l -> l.figures().underThreshold() > 0;
                default -> l -> l.figures().atRisk() > 0;
            });
        }
        return lines.stream().filter(p).toList();
    }

    // ---------------------------------------------------------------- learners

    /** The learners list: the filter as asked, its heading's words, a page of lines and the links around it. */
    public record LearnersModel(Reports.LearnerFilter filter, String heading, Reports.LearnerPage page, int pageNumber, int pages,
                                Sort sort, String query, List<Option> tutors, List<Option> groups, LocalDate today, int threshold,
                                org.tutela.sync.server.reports.ReportProjector.Progress progress) {
        public String pageHref(int n) {
            return "/console/reports/learners?" + query + (sort.key().equals("name") && !sort.descending() ? ""
                    : "&sort=" + sort.key() + "&dir=" + (sort.descending() ? "desc" : "asc")) + "&page=" + n;
        }

        public int first() {
            return page.total() == 0 ? 0 : (pageNumber - 1) * PAGE_SIZE + 1;
        }

        public int last() {
            return (pageNumber - 1) * PAGE_SIZE + page.lines().size();
        }
    }

    /** A choice in a filter's list. */
    public record Option(String value, String label, boolean selected) {
    }

    private Reports.LearnerFilter learnerFilter(Context ctx) {
        String state = ctx.queryParam("state");
        return new Reports.LearnerFilter(param(ctx, "tutor"), ctx.queryParam("group") == null ? null : ctx.queryParam("group").strip(),
                param(ctx, "q"), "overdue".equals(state) || "week".equals(state) ? state : null, flag(ctx, "atRisk"),
                flag(ctx, "vulnerable"), flag(ctx, "pastoral"), flag(ctx, "under"), flag(ctx, "shortfall"));
    }

    private static String learnerQuery(Reports.LearnerFilter f) {
        List<String> parts = new ArrayList<>();
        if (f.tutor() != null) {
            parts.add("tutor=" + q(f.tutor()));
        }
        if (f.group() != null) {
            parts.add("group=" + q(f.group()));
        }
        if (f.text() != null) {
            parts.add("q=" + q(f.text()));
        }
        if (f.state() != null) {
            parts.add("state=" + f.state());
        }
        if (f.atRisk()) {
            parts.add("atRisk=1");
        }
        if (f.vulnerable()) {
            parts.add("vulnerable=1");
        }
        if (f.openToPastoral()) {
            parts.add("pastoral=1");
        }
        if (f.underThreshold()) {
            parts.add("under=1");
        }
        if (f.shortfall()) {
            parts.add("shortfall=1");
        }
        return String.join("&", parts);
    }

    private void learners(Context ctx, ConsoleSessions.Session s) throws Exception {
        Reports.LearnerFilter f = learnerFilter(ctx);
        if (f.group() != null && !f.group().isEmpty() && !isUuid(f.group())) {
            f = new Reports.LearnerFilter(f.tutor(), null, f.text(), f.state(), f.atRisk(), f.vulnerable(), f.openToPastoral(),
                    f.underThreshold(), f.shortfall());
        }
        String key = Reports.LEARNER_SORTS.containsKey(String.valueOf(ctx.queryParam("sort"))) ? ctx.queryParam("sort") : "name";
        boolean desc = "desc".equals(ctx.queryParam("dir"));
        int page = 1;
        try {
            page = Math.max(1, Integer.parseInt(Optional.ofNullable(ctx.queryParam("page")).orElse("1")));
        } catch (NumberFormatException e) {
            page = 1;
        }
        Reports.LearnerPage lines = reports.learners(f, key, desc, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        int pages = Math.max(1, (lines.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        if (page > pages) {
            page = pages;
            lines = reports.learners(f, key, desc, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        }
        ConsoleText t = console.text(ctx);
        String heading = t.lookup("reports.learners.heading");
        if (f.tutor() != null) {
            heading = t.format("reports.learners.ofTutor", reports.tutorName(f.tutor()).orElse(f.tutor()));
        } else if (f.group() != null) {
            heading = f.group().isEmpty() ? t.lookup("reports.learners.noGroup")
                    : t.format("reports.learners.inGroup", reports.groupName(f.group()).orElse("?"));
        }
        Reports.Overview o = reports.overview();
        List<Option> tutors = new ArrayList<>();
        for (Reports.Line l : o.tutors()) {
            tutors.add(new Option(l.key(), l.name(), l.key().equals(f.tutor())));
        }
        List<Option> groups = new ArrayList<>();
        for (Reports.Line l : o.groups()) {
            groups.add(new Option(l.key(), l.name() == null ? t.lookup("reports.noGroup") : l.name(), l.key().equals(f.group())));
        }
        String query = learnerQuery(f);
        console.render(ctx, 200, "report-learners.jte", console.chrome(ctx, s, "reports", "reports.learners.title", null),
                new LearnersModel(f, heading, lines, page, pages, new Sort(key, desc, "/console/reports/learners" + (query.isEmpty() ? "" : "?" + query)),
                        query, tutors, groups, reports.today(), o.setting().attendanceThreshold(), o.progress()));
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- a learner

    public record LearnerModel(Reports.LearnerView view, LocalDate today, String back) {
        public Bar bar() {
            Reports.LearnerLine l = view.line();
            return Bar.of(200, l.reviewsHeld(), l.reviewsEntitled(), l.reviewShortfall());
        }
    }

    private void learner(Context ctx, ConsoleSessions.Session s) throws Exception {
        String id = ctx.pathParam("id");
        Optional<Reports.LearnerView> v = isUuid(id) ? reports.learner(id) : Optional.empty();
        if (v.isEmpty()) {
            console.render(ctx, 404, "error.jte", console.chrome(ctx, s, "reports", "error.notFound.title", null),
                    new HeadOfficeConsole.ErrorPage("error.notFound.title", "reports.learner.notFound"));
            return;
        }
        // recorded before anything of the learner is shown; no record, no page
        audit.note(HeadOfficeConsole.actor(s), "report.learner-viewed", id, Map.of());
        LOG.info("Reports: user {} viewed a learner's page", s.user().id());
        String referer = ctx.header("Referer");
        String back = referer != null && referer.startsWith(base(ctx) + "/console/reports") ? referer.substring(base(ctx).length())
                : "/console/reports/learners";
        console.render(ctx, 200, "report-learner.jte", console.chrome(ctx, s, "reports", "reports.learner.title", null),
                new LearnerModel(v.get(), reports.today(), back));
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    // ---------------------------------------------------------------- downloads

    private void download(Context ctx, ConsoleSessions.Session s) throws Exception {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        String name = dot < 0 ? file : file.substring(0, dot);
        String format = dot < 0 ? "" : file.substring(dot + 1);
        ConsoleText t = console.text(ctx);
        if (name.equals("entitlement") && format.equals("pdf")) {
            byte[] pdf = entitlementPdf(t);
            audit.note(HeadOfficeConsole.actor(s), "report.downloaded", file, Map.of());
            send(ctx, file, "application/pdf", pdf);
            return;
        }
        if (!Set.of("csv", "xlsx").contains(format) || !Set.of("tutors", "groups", "learners").contains(name)) {
            console.render(ctx, 404, "error.jte", console.chrome(ctx, s, "reports", "error.notFound.title", null),
                    new HeadOfficeConsole.ErrorPage("error.notFound.title", "error.notFound.body"));
            return;
        }
        ExportTable table;
        Map<String, String> detail = new LinkedHashMap<>();
        if (name.equals("learners")) {
            Reports.LearnerFilter f = learnerFilter(ctx);
            String key = Reports.LEARNER_SORTS.containsKey(String.valueOf(ctx.queryParam("sort"))) ? ctx.queryParam("sort") : "name";
            Reports.LearnerPage p = reports.learners(f, key, "desc".equals(ctx.queryParam("dir")), 0, 0);
            table = learnersTable(t, p.lines());
            String query = learnerQuery(f);
            if (!query.isEmpty()) {
                detail.put("filter", query);
            }
        } else {
            Reports.Overview o = reports.overview();
            String key = TABLE_SORTS.contains(String.valueOf(ctx.queryParam("sort"))) ? ctx.queryParam("sort") : "name";
            String show = SHOW.contains(String.valueOf(ctx.queryParam("show"))) ? ctx.queryParam("show") : null;
            List<Reports.Line> lines = Reports.sorted(filter(name.equals("tutors") ? o.tutors() : o.groups(), param(ctx, "q"), show), key,
                    "desc".equals(ctx.queryParam("dir")));
            table = linesTable(t, name, lines, o.setting().attendanceThreshold());
        }
        detail.put("rows", Integer.toString(table.rows().size()));
        audit.note(HeadOfficeConsole.actor(s), "report.downloaded", file, detail);
        LOG.info("Reports: user {} downloaded {} ({} rows)", s.user().id(), file, table.rows().size());
        if (format.equals("csv")) {
            send(ctx, file, "text/csv; charset=utf-8", table.csv());
        } else {
            send(ctx, file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", table.xlsx());
        }
    }

    private void send(Context ctx, String file, String type, byte[] body) {
        String stamped = file.replace(".", "-" + reports.today() + ".");
        ctx.header("Content-Disposition", "attachment; filename=\"tutela-" + stamped + "\"");
        ctx.status(200).contentType(type).result(body);
    }

    private static ExportTable linesTable(ConsoleText t, String name, List<Reports.Line> lines, int threshold) {
        boolean tutors = name.equals("tutors");
        List<String> h = new ArrayList<>(List.of(t.lookup(tutors ? "reports.col.tutor" : "reports.col.group"),
                t.lookup(tutors ? "reports.col.username" : "reports.col.tutor"), t.lookup("reports.col.learners"),
                t.lookup("reports.col.reviewsHeld"), t.lookup("reports.col.reviewsEntitled"), t.lookup("reports.col.shortfall"),
                t.lookup("reports.col.sessionsHeld"), t.lookup("reports.col.sessionsEntitled"), t.lookup("reports.col.overdue"),
                t.lookup("reports.col.week"), t.lookup("reports.col.atRisk"), t.lookup("reports.col.vulnerable"),
                t.lookup("reports.col.pastoral"), t.lookup("reports.col.attendance"), t.format("reports.col.under", threshold),
                t.lookup("reports.col.targetsSet"), t.lookup("reports.col.targetsMet")));
        if (tutors) {
            h.add(t.lookup("reports.col.sync"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Reports.Line l : lines) {
            Reports.Figures f = l.figures();
            List<Object> r = new ArrayList<>(List.of(l.name() == null ? t.lookup("reports.noGroup") : l.name()));
            r.add(l.detail());
            r.addAll(List.of(f.learners(), f.reviewsHeld(), f.reviewsEntitled(), f.reviewShortfall(), f.sessionsHeld(), f.sessionsEntitled(),
                    f.overdue(), f.dueThisWeek(), f.atRisk(), f.vulnerable(), f.openToPastoral()));
            r.add(f.attendancePercent());
            r.addAll(List.of(f.underThreshold(), f.targetsSet(), f.targetsMet()));
            if (tutors) {
                r.add(l.lastSync() == null ? null : t.time(l.lastSync()));
            }
            rows.add(r);
        }
        return new ExportTable(t.lookup(tutors ? "reports.byTutor" : "reports.byGroup"), h, rows);
    }

    private static ExportTable learnersTable(ConsoleText t, List<Reports.LearnerLine> lines) {
        List<String> h = List.of(t.lookup("reports.col.learner"), t.lookup("reports.col.uln"), t.lookup("reports.col.group"),
                t.lookup("reports.col.tutor"), t.lookup("reports.col.status"), t.lookup("reports.col.reviewsHeld"),
                t.lookup("reports.col.reviewsEntitled"), t.lookup("reports.col.shortfall"), t.lookup("reports.col.sessionsHeld"),
                t.lookup("reports.col.sessionsEntitled"), t.lookup("reports.col.dueBy"), t.lookup("reports.col.lastReview"),
                t.lookup("reports.col.lessons"), t.lookup("reports.col.absences"), t.lookup("reports.col.attendance"),
                t.lookup("reports.col.atRisk"), t.lookup("reports.col.vulnerable"), t.lookup("reports.col.pastoral"),
                t.lookup("reports.col.targetsSet"), t.lookup("reports.col.targetsMet"), t.lookup("reports.col.concernsOpen"));
        List<List<Object>> rows = new ArrayList<>();
        for (Reports.LearnerLine l : lines) {
            List<Object> r = new ArrayList<>();
            r.add(l.name());
            r.add(l.uln());
            r.add(l.groupName());
            r.add(l.tutorName());
            r.add(t.lookup("reports.status." + l.status()));
            r.add(l.reviewsHeld());
            r.add(l.reviewsEntitled());
            r.add(l.reviewShortfall());
            r.add(l.sessionsHeld());
            r.add(l.sessionsEntitled());
            r.add(l.dueBy());
            r.add(l.lastReview());
            r.add(l.lessons());
            r.add(l.absences());
            r.add(l.attendancePercent());
            r.add(l.atRisk() ? t.lookup("common.yes") : t.lookup("common.no"));
            r.add(l.vulnerable() ? t.lookup("common.yes") : t.lookup("common.no"));
            r.add(l.openToPastoral() ? t.lookup("common.yes") : t.lookup("common.no"));
            r.add(l.targetsSet());
            r.add(l.targetsMet());
            r.add(l.concernsOpen());
            rows.add(r);
        }
        return new ExportTable(t.lookup("reports.learners.heading"), h, rows);
    }

    /** The entitlement report for the governors: the organisation, then each group and each tutor; figures only, no learner. */
    private byte[] entitlementPdf(ConsoleText t) throws Exception {
        Reports.Overview o = reports.overview();
        Reports.Figures org = o.organisation();
        String name = o.setting().organisationName() == null ? "" : o.setting().organisationName();
        List<String> subtitle = new ArrayList<>();
        if (!name.isEmpty()) {
            subtitle.add(name);
        }
        subtitle.add(t.format("reports.pdf.asOf", t.time(clock.millis()), o.setting().year().label()));
        List<String> summary = List.of(
                t.format("reports.pdf.learners", org.learners()),
                t.format("reports.pdf.reviews", org.reviewsHeld(), org.reviewsEntitled(), pct(org.reviewsPercent()), org.reviewShortfall()),
                t.format("reports.pdf.sessions", org.sessionsHeld(), org.sessionsEntitled(), pct(org.sessionsPercent())),
                t.format("reports.pdf.overdue", org.overdue(), org.dueThisWeek()),
                t.format("reports.pdf.support", org.atRisk(), org.vulnerable(), org.openToPastoral()),
                t.format("reports.pdf.attendance", org.attendancePercent() == null ? "–" : org.attendancePercent() + "%",
                        org.underThreshold(), o.setting().attendanceThreshold()),
                t.format("reports.pdf.targets", org.targetsMet(), org.targetsSet()));
        List<String> h = List.of(t.lookup("reports.col.learners"), t.lookup("reports.pdf.col.reviews"), t.lookup("reports.col.shortfall"),
                t.lookup("reports.pdf.col.sessions"), t.lookup("reports.col.overdue"), t.lookup("reports.col.atRisk"),
                t.lookup("reports.col.vulnerable"), t.lookup("reports.col.attendance"), t.lookup("reports.pdf.col.targets"));
        boolean[] numeric = {false, false, true, true, true, true, true, true, true, true, true};
        List<String> groupHeadings = new ArrayList<>(List.of(t.lookup("reports.col.group"), t.lookup("reports.col.tutor")));
        groupHeadings.addAll(h);
        List<String> tutorHeadings = new ArrayList<>(List.of(t.lookup("reports.col.tutor"), t.lookup("reports.col.sync")));
        tutorHeadings.addAll(h);
        List<List<String>> groupRows = new ArrayList<>();
        for (Reports.Line l : o.groups()) {
            groupRows.add(pdfRow(t, l.name() == null ? t.lookup("reports.noGroup") : l.name(), l.detail() == null ? "" : l.detail(), l.figures()));
        }
        List<List<String>> tutorRows = new ArrayList<>();
        for (Reports.Line l : o.tutors()) {
            tutorRows.add(pdfRow(t, l.name(), l.lastSync() == null ? t.lookup("common.never") : t.time(l.lastSync()), l.figures()));
        }
        return ReportPdf.render(t.format("reports.pdf.title", o.setting().year().label()), subtitle, List.of(
                new ReportPdf.Section(t.lookup("reports.organisation"), summary, null),
                new ReportPdf.Section(t.lookup("reports.byGroup"), List.of(t.lookup("reports.pdf.groupsNote")),
                        new ReportPdf.Table(groupHeadings, groupRows, numeric)),
                new ReportPdf.Section(t.lookup("reports.byTutor"), List.of(t.lookup("reports.pdf.tutorsNote")),
                        new ReportPdf.Table(tutorHeadings, tutorRows, numeric))), t.lookup("reports.pdf.page"));
    }

    private static List<String> pdfRow(ConsoleText t, String name, String second, Reports.Figures f) {
        return List.of(name, second, Integer.toString(f.learners()),
                f.reviewsHeld() + " / " + f.reviewsEntitled() + (f.reviewsPercent() == null ? "" : " (" + f.reviewsPercent() + "%)"),
                Integer.toString(f.reviewShortfall()),
                f.sessionsHeld() + " / " + f.sessionsEntitled() + (f.sessionsPercent() == null ? "" : " (" + f.sessionsPercent() + "%)"),
                Integer.toString(f.overdue()), Integer.toString(f.atRisk()), Integer.toString(f.vulnerable()),
                f.attendancePercent() == null ? "–" : f.attendancePercent() + "%", f.targetsMet() + " / " + f.targetsSet());
    }

    private static String pct(Integer p) {
        return p == null ? "–" : p + "%";
    }
}
