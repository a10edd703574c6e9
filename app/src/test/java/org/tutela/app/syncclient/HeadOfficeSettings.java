package org.tutela.app.syncclient;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.tutela.sync.server.ServerSettings;

/**
 * A real head-office server's settings for an end-to-end test: its own folder, any free port on
 * the loopback address, and SQLite or a database of its own on the test's embedded PostgreSQL.
 */
final class HeadOfficeSettings {
    private HeadOfficeSettings() {
    }

    /** @param backend "sqlite" or "postgresql" */
    static ServerSettings of(String backend, Path folder, EmbeddedPostgres postgres) throws SQLException {
        ServerSettings s = ServerSettings.defaults().with("data-dir", folder.toString()).with("port", "0").with("host", "127.0.0.1");
        if (backend.equals("postgresql")) {
            String name = "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            s = s.with("db.url", postgres.getJdbcUrl("postgres", name)).with("db.user", "postgres");
        }
        return s;
    }
}
