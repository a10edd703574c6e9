package org.tutela.sync.server;

import java.nio.file.Path;

final class SqliteBackend implements TestBackend {
    @Override
    public ServerSettings settings(Path dataDir) {
        return ServerSettings.defaults().with("data-dir", dataDir.toString()).with("port", "0").with("host", "127.0.0.1");
    }

    @Override
    public ServerSettings settingsAt(Path dataDir, String version, String... statements) throws Exception {
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + DataFolder.secure(dataDir).resolve("tutela-server.db"));
        TestBackend.run(ds, version, statements);
        return settings(dataDir);
    }

    @Override
    public String name() {
        return "sqlite";
    }
}
