package org.tutela.sync.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Server settings: defaults, overridden by a properties file, overridden by environment
 * variables ({@code TUTELA_} + the key upper-cased with dots and dashes as underscores).
 */
public final class ServerSettings {
    /** key → [default, description]. The order is the order of {@code --help}. */
    static final Map<String, String[]> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("data-dir", new String[] {"./tutela-server-data", "a folder of its own for the SQLite database, generated certificate, backups and escrow audit log (kept owner-only)"});
        KEYS.put("host", new String[] {"0.0.0.0", "interface to listen on"});
        KEYS.put("port", new String[] {"8443", "HTTPS port (0 = any free port)"});
        KEYS.put("db.url", new String[] {"", "JDBC URL; empty = embedded SQLite file <data-dir>/tutela-server.db; jdbc:postgresql://... for PostgreSQL"});
        KEYS.put("db.user", new String[] {"", "database user (PostgreSQL)"});
        KEYS.put("db.password", new String[] {"", "database password (PostgreSQL)"});
        KEYS.put("db.pool-size", new String[] {"10", "database connections (PostgreSQL; SQLite uses 4)"});
        KEYS.put("tls.keystore", new String[] {"", "PKCS12 keystore with the server certificate; empty = generate a self-signed one in <data-dir>/tls"});
        KEYS.put("tls.keystore-password", new String[] {"", "password of tls.keystore"});
        KEYS.put("login.max-failures", new String[] {"5", "failed enrolments per username before a lockout (ten times as many per client address)"});
        KEYS.put("login.lockout-seconds", new String[] {"300", "how long a lockout lasts"});
        KEYS.put("console.idle-minutes", new String[] {"20", "head-office console: minutes without a request before a session ends"});
        KEYS.put("console.time-zone", new String[] {"Europe/London", "head-office console: the time zone its dates and times are shown in"});
    }

    private final Map<String, String> values;

    private ServerSettings(Map<String, String> values) {
        this.values = values;
    }

    public static String envName(String key) {
        return "TUTELA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Loads defaults, then {@code file} (if not null; must exist), then the environment. */
    public static ServerSettings load(Path file, Map<String, String> env) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        KEYS.forEach((k, d) -> v.put(k, d[0]));
        if (file != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            for (String name : p.stringPropertyNames()) {
                if (!KEYS.containsKey(name)) {
                    throw new IllegalArgumentException("Unknown setting '" + name + "' in " + file + "; known: " + KEYS.keySet());
                }
                v.put(name, p.getProperty(name).trim());
            }
        }
        for (String k : KEYS.keySet()) {
            String e = env.get(envName(k));
            if (e != null) {
                v.put(k, e.trim());
            }
        }
        ServerSettings s = new ServerSettings(v);
        s.port();
        s.intValue("db.pool-size");
        s.intValue("login.max-failures");
        s.intValue("login.lockout-seconds");
        s.consoleIdleMinutes();
        s.consoleZone();
        return s;
    }

    public static ServerSettings defaults() {
        try {
            return load(null, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ServerSettings with(String key, String value) {
        if (!KEYS.containsKey(key)) {
            throw new IllegalArgumentException("Unknown setting " + key);
        }
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put(key, value);
        return new ServerSettings(v);
    }

    public String get(String key) {
        return values.get(key);
    }

    public Path dataDir() {
        return Path.of(get("data-dir"));
    }

    public String host() {
        return get("host");
    }

    public int port() {
        int p = intValue("port");
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("Setting port must be 0..65535, not " + p);
        }
        return p;
    }

    public int intValue(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number, not '" + get(key) + "'");
        }
    }

    /** Minutes a console session may stay idle: 1 to 1440. */
    public int consoleIdleMinutes() {
        int m = intValue("console.idle-minutes");
        if (m < 1 || m > 1440) {
            throw new IllegalArgumentException("Setting console.idle-minutes must be 1..1440, not " + m);
        }
        return m;
    }

    public java.time.ZoneId consoleZone() {
        try {
            return java.time.ZoneId.of(get("console.time-zone"));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("Setting console.time-zone must be a time zone such as Europe/London, not '"
                    + get("console.time-zone") + "'");
        }
    }

    public boolean usesPostgres() {
        return !get("db.url").isEmpty();
    }

    /** The text {@code --help} shows. */
    public static String describe() {
        StringBuilder b = new StringBuilder("Settings (file given by --config, overridden by environment variables):%n");
        KEYS.forEach((k, d) -> b.append(("  " + k + "  (environment " + envName(k) + ")%n      " + d[1]
                + (d[0].isEmpty() ? "" : " [default: " + d[0] + "]")).replace("%", "%%").replace("%%n", "%n")).append("%n"));
        return b.toString();
    }
}
