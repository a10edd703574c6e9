package org.tutela.sync.server;

import java.nio.file.Path;

/** Where a test's server keeps its data: a fresh SQLite file or a fresh PostgreSQL database. */
interface TestBackend {
    ServerSettings settings(Path dataDir) throws Exception;

    /**
     * A fresh database brought up to migration {@code version} only, as an older server left it, then
     * given these statements; and its settings, for a server that brings it up to date.
     */
    ServerSettings settingsAt(Path dataDir, String version, String... statements) throws Exception;

    static void run(javax.sql.DataSource ds, String version, String... statements) throws Exception {
        Database.migrations(ds).target(version).load().migrate();
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    String name();
}
