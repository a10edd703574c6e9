package org.tutela.sync.server;

import java.nio.file.Path;

final class SqliteBackend implements TestBackend {
    @Override
    public ServerSettings settings(Path dataDir) {
        return ServerSettings.defaults().with("data-dir", dataDir.toString()).with("port", "0").with("host", "127.0.0.1");
    }

    @Override
    public String name() {
        return "sqlite";
    }
}
