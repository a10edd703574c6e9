package org.tutela.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.tutela.sync.protocol.rules.UlnRule;
import org.tutela.sync.server.AuditTrail;
import org.tutela.sync.server.Role;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;
import org.tutela.sync.server.UserDetails;
import org.tutela.sync.server.secondfactor.Totp;
import org.tutela.sync.server.headoffice.Groups;

/**
 * The head-office console over real HTTPS, signed in as an administrator, on SQLite and on
 * PostgreSQL (embedded, fsync on): 500 groups given to 50 tutors, 10,000 learners imported
 * through the console's upload, preview and import; then the Groups page fetched again and again
 * (p50, p95 and the largest time to the last byte). {@code --smoke}: tiny sizes.
 */
public final class ConsoleBench {
    private static final String PASSWORD = "bench password 123";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern RUN = Pattern.compile("formaction=\"(/console/import/[^\"]+/run)\"");

    private final boolean smoke;
    private final PrintStream out;
    private final int groups;
    private final int tutors;
    private final int learners;
    private final int warmUp;
    private final int measured;

    ConsoleBench(boolean smoke, PrintStream out) {
        this.smoke = smoke;
        this.out = out;
        this.groups = smoke ? 20 : 500;
        this.tutors = smoke ? 4 : 50;
        this.learners = smoke ? 200 : 10_000;
        this.warmUp = smoke ? 5 : 100;
        this.measured = smoke ? 10 : 300;
    }

    public static void main(String[] args) throws Exception {
        new ConsoleBench(List.of(args).contains("--smoke"), System.out).run();
    }

    void run() throws Exception {
        Path dir = Files.createTempDirectory("tutela-console-bench");
        try {
            ServerSettings sqlite = ServerSettings.defaults().with("data-dir", dir.resolve("sqlite").toString()).with("port", "0")
                    .with("host", "127.0.0.1");
            measure("sqlite", sqlite);
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE console_bench");
                }
                measure("postgresql", ServerSettings.defaults().with("data-dir", dir.resolve("pg").toString()).with("port", "0")
                        .with("host", "127.0.0.1").with("db.url", pg.getJdbcUrl("postgres", "console_bench")).with("db.user", "postgres"));
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void measure(String db, ServerSettings settings) throws Exception {
        try (SyncServer server = SyncServer.start(settings)) {
            AuditTrail.Actor cli = AuditTrail.Actor.commandLine();
            server.accounts().addUser("bench.admin", Role.ADMINISTRATOR, new UserDetails("Bench Administrator", null, null),
                    PASSWORD.toCharArray(), cli);
            for (int t = 0; t < tutors; t++) {
                server.accounts().addUser("tutor" + t, Role.TUTOR, new UserDetails("Invented Tutor " + t, null, null),
                        PASSWORD.toCharArray(), cli);
            }
            Groups g = new Groups(server.database(), server.accounts());
            for (int i = 0; i < groups; i++) {
                g.create(Groups.Changes.named("Bench group " + i).withCourse("Course " + (i % 40)).withLevel("Level " + (1 + i % 3))
                        .withYearOfCourse(1 + i % 2).withReviewFrequency(i % 3 == 0 ? "termly" : "half-termly").withTutor("tutor" + (i % tutors)));
            }
            Web web = new Web(server);
            web.signIn("bench.admin", PASSWORD);

            byte[] csv = csv();
            long t0 = System.nanoTime();
            String preview = web.upload(csv);
            long previewNanos = System.nanoTime() - t0;
            Matcher run = RUN.matcher(preview);
            if (!run.find()) {
                throw new IllegalStateException("The preview offers no import: " + preview.substring(0, Math.min(400, preview.length())));
            }
            long t1 = System.nanoTime();
            String done = web.post(run.group(1), "csrf=" + URLEncoder.encode(web.csrf, StandardCharsets.UTF_8) + "&" + columns(preview));
            long importNanos = System.nanoTime() - t1;
            if (!done.contains(learners + " new learners")) {
                throw new IllegalStateException("The import did not report " + learners + " new learners");
            }

            for (int i = 0; i < warmUp; i++) {
                web.get("/console/groups");
            }
            List<Long> times = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < measured; i++) {
                long s = System.nanoTime();
                bytes = web.get("/console/groups").length();
                times.add(System.nanoTime() - s);
            }
            Collections.sort(times);
            String p = "console." + db + ".";
            out.println(p + "import_" + learners + "_preview: " + ms(previewNanos) + " ms");
            out.println(p + "import_" + learners + "_import: " + ms(importNanos) + " ms");
            out.println(p + "groups_page_" + groups + "_p50: " + ms(times.get(times.size() / 2)) + " ms");
            out.println(p + "groups_page_" + groups + "_p95: " + ms(times.get((int) Math.ceil(times.size() * 0.95) - 1)) + " ms");
            out.println(p + "groups_page_" + groups + "_max: " + ms(times.get(times.size() - 1)) + " ms");
            out.println(p + "groups_page_" + groups + "_size: " + (bytes / 1024) + " KiB");
        }
    }

    /** The preview's column choices, as its form posts them (each column as the preview read it). */
    private static String columns(String preview) {
        Matcher m = Pattern.compile("<select id=\"column-(\\d+)\" name=\"column\\.(\\d+)\"[^>]*>(.*?)</select>", Pattern.DOTALL).matcher(preview);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Matcher sel = Pattern.compile("<option value=\"([^\"]*)\" selected>").matcher(m.group(3));
            if (sel.find()) {
                b.append(b.length() == 0 ? "" : "&").append("column.").append(m.group(2)).append('=').append(sel.group(1));
            }
        }
        return b.toString();
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** An invented MIS export: one learner a row, spread over the groups. */
    private byte[] csv() {
        Random r = new Random(20_251_206);
        StringBuilder b = new StringBuilder("ULN,Given name,Family name,Date of birth,Group,Course\n");
        java.util.Set<String> used = new java.util.HashSet<>();
        String[] given = {"Aled", "Bethan", "Carys", "Dafydd", "Eirlys", "Ffion", "Gethin", "Heledd", "Ioan", "Llŷr"};
        String[] family = {"Quarrow", "Tallacre", "Pendry", "Ostbury", "Weltrey", "Garthwen", "Rhydyfro", "Cefnhaul", "Bryncoch", "Maesŷlan"};
        int n = 0;
        while (n < learners) {
            String nine = (1 + r.nextInt(9)) + String.format("%08d", r.nextInt(100_000_000));
            var check = UlnRule.checkDigit(nine);
            if (check.isEmpty() || !used.add(nine)) {
                continue;
            }
            int group = n % groups;
            b.append(nine).append(check.getAsInt()).append(',').append(given[n % 10]).append(',').append(family[(n / 10) % 10])
                    .append(n / 100).append(",2008-0").append(1 + n % 9).append("-1").append(n % 10).append(",Bench group ").append(group)
                    .append(",Course ").append(group % 40).append('\n');
            n++;
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A browser's part: the session cookie, the CSRF token, form posts and uploads. */
    static final class Web {
        private final HttpClient http;
        private final String base;
        private String cookie = "";
        String csrf;

        Web(SyncServer server) throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", server.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            base = "https://localhost:" + server.port();
        }

        void signIn(String user, String password) throws Exception {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in")).build(),
                    HttpResponse.BodyHandlers.ofString());
            keepCookies(page);
            Matcher m = CSRF.matcher(page.body());
            m.find();
            post("/console/sign-in", "csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&username=" + user + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8));
            // an administrator sets up the second factor at the first sign-in: the bench is its authenticator app
            HttpResponse<String> offered = http.send(HttpRequest.newBuilder(URI.create(base + "/console/second-factor/enrol"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            if (offered.statusCode() == 200) {
                enrolSecondFactor(offered.body());
            }
            Matcher token = CSRF.matcher(get("/console/groups"));
            if (!token.find()) {
                throw new IllegalStateException("Not signed in");
            }
            csrf = token.group(1);
        }

        private void enrolSecondFactor(String enrol) throws Exception {
            Matcher key = Pattern.compile("<code id=\"secret\">([A-Z2-7 ]+)</code>").matcher(enrol);
            Matcher pending = CSRF.matcher(enrol);
            if (!key.find() || !pending.find()) {
                throw new IllegalStateException("No second-factor enrolment offered");
            }
            String code = Totp.code(Totp.fromBase32(key.group(1)), Totp.step(System.currentTimeMillis()));
            post("/console/second-factor/enrol", "csrf=" + URLEncoder.encode(pending.group(1), StandardCharsets.UTF_8) + "&code=" + code);
        }

        private void keepCookies(HttpResponse<?> r) {
            for (String c : r.headers().allValues("set-cookie")) {
                String pair = c.substring(0, c.indexOf(';'));
                String name = pair.substring(0, pair.indexOf('=') + 1);
                // a cookie set again (a session renewed) replaces the one before
                cookie = java.util.Arrays.stream(cookie.split("; ")).filter(p -> !p.isEmpty() && !p.startsWith(name))
                        .collect(java.util.stream.Collectors.joining("; "));
                if (!pair.endsWith("=")) {
                    cookie = cookie.isEmpty() ? pair : cookie + "; " + pair;
                }
            }
        }

        String get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + ": HTTP " + r.statusCode());
            }
            return r.body();
        }

        String post(String path, String form) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            keepCookies(r);
            return r.body();
        }

        String upload(byte[] file) throws Exception {
            String boundary = "tutela" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"preset\"\r\n\r\nremembered\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/console/import")).header("Cookie", cookie)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        }
    }
}
