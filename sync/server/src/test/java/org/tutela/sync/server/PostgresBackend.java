package org.tutela.sync.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL cluster per test class; the schema is migrated once into a template and
 * each test gets a fresh database copied from it.
 */
final class PostgresBackend implements TestBackend, AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final EmbeddedPostgres pg;

    PostgresBackend() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").setServerConfig("max_connections", "300").start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE tutela_template");
        }
        Database.migrate(pg.getDatabase("postgres", "tutela_template"));
    }

    @Override
    public ServerSettings settings(Path dataDir) throws Exception {
        String name = "t" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE tutela_template");
        }
        return ServerSettings.defaults().with("data-dir", dataDir.toString()).with("port", "0").with("host", "127.0.0.1")
                .with("db.url", pg.getJdbcUrl("postgres", name)).with("db.user", "postgres");
    }

    @Override
    public ServerSettings settingsAt(Path dataDir, String version, String... statements) throws Exception {
        String name = "t" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        TestBackend.run(pg.getDatabase("postgres", name), version, statements);
        return ServerSettings.defaults().with("data-dir", dataDir.toString()).with("port", "0").with("host", "127.0.0.1")
                .with("db.url", pg.getJdbcUrl("postgres", name)).with("db.user", "postgres");
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public void close() throws Exception {
        pg.close();
    }
}
