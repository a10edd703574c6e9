package org.tutela.bench.convergence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.BindException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tutela.sync.server.ServerSettings;
import org.tutela.sync.server.SyncServer;

/**
 * The real head-office server, on an SQLite file or on an embedded PostgreSQL, that can be
 * stopped and started again on the same data, database and port (a restart, as after a crash
 * or an update). Its database is read directly to compare it with the laptops.
 */
final class HeadOffice implements AutoCloseable {

    /** A record as head office stores it. */
    record Held(UUID id, String kind, long revision, boolean deleted, String payload, UUID learnerId, UUID groupId) {
    }

    private final String database;
    private final EmbeddedPostgres postgres;
    private ServerSettings settings;
    private volatile SyncServer server;
    private int port;

    private HeadOffice(String database, EmbeddedPostgres postgres, ServerSettings settings) {
        this.database = database;
        this.postgres = postgres;
        this.settings = settings;
    }

    /** @param database {@code sqlite} or {@code postgresql} */
    static HeadOffice start(String database, Path dataDir) throws Exception {
        ServerSettings settings = ServerSettings.defaults().with("data-dir", dataDir.toString()).with("port", "0")
                .with("host", "127.0.0.1");
        EmbeddedPostgres pg = null;
        if ("postgresql".equals(database)) {
            pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("max_connections", "100").start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE convergence");
            }
            settings = settings.with("db.url", pg.getJdbcUrl("postgres", "convergence")).with("db.user", "postgres")
                    .with("db.pool-size", "8");
        } else if (!"sqlite".equals(database)) {
            throw new IllegalArgumentException("database is sqlite or postgresql, not " + database);
        }
        HeadOffice h = new HeadOffice(database, pg, settings);
        try {
            h.server = SyncServer.start(settings);
            h.port = h.server.port();
            h.settings = settings.with("port", String.valueOf(h.port));
        } catch (Exception e) {
            h.close();
            throw e;
        }
        return h;
    }

    String database() {
        return database;
    }

    int port() {
        return port;
    }

    SyncServer server() {
        SyncServer s = server;
        if (s == null) {
            throw new IllegalStateException("head office is stopped");
        }
        return s;
    }

    boolean running() {
        return server != null;
    }

    /** Stops the server (requests in flight fail; what committed stays). */
    synchronized void stop() {
        SyncServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    /** Starts it again on the same data and port (after {@link #stop}); does nothing if it runs. */
    synchronized void startAgain() throws Exception {
        if (server != null) {
            return;
        }
        Exception last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                server = SyncServer.start(settings);
                return;
            } catch (Exception e) {
                if (!isBindFailure(e)) {
                    throw e;
                }
                last = e; // the port is not free again yet
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Every record head office holds (tombstones included). */
    Map<UUID, Held> records() throws Exception {
        Map<UUID, Held> out = new HashMap<>();
        try (Connection c = server().database().connection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT record_id, kind, revision, deleted, payload, learner_id, group_id FROM records");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                UUID id = UUID.fromString(rs.getString(1));
                String l = rs.getString(6);
                String g = rs.getString(7);
                out.put(id, new Held(id, rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getString(5),
                        l == null ? null : UUID.fromString(l), g == null ? null : UUID.fromString(g)));
            }
        }
        return out;
    }

    /**
     * How many changes head office applied more than once: the same change key (record, base
     * version, content) answered APPLIED twice in its receipts.
     */
    int changesAppliedTwice() throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        int twice = 0;
        try (Connection c = server().database().connection();
             PreparedStatement q = c.prepareStatement("SELECT change_keys FROM receipts WHERE status = 'APPLIED'");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String keys = rs.getString(1);
                if (keys == null) {
                    continue;
                }
                for (int i = 0; i + 16 <= keys.length(); i += 16) {
                    if (seen.merge(keys.substring(i, i + 16), 1, Integer::sum) == 2) {
                        twice++;
                    }
                }
            }
        }
        return twice;
    }

    /** The device sequence up to which head office has received everything from a device (0 if unknown). */
    long acknowledgedSequence(String deviceId) throws Exception {
        try (Connection c = server().database().connection();
             PreparedStatement q = c.prepareStatement("SELECT acked_seq FROM devices WHERE id = ?")) {
            q.setString(1, deviceId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Assigns groups to a tutor (the administrator's {@code assign}). */
    void assignGroups(String tutor, List<UUID> groups) throws Exception {
        server().accounts().assign(tutor, org.tutela.sync.server.Accounts.SCOPE_GROUP, groups);
    }

    @Override
    public synchronized void close() {
        stop();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // the temporary cluster goes with its folder
            }
        }
    }
}
