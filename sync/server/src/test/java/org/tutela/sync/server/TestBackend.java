package org.tutela.sync.server;

import java.nio.file.Path;

/** Where a test's server keeps its data: a fresh SQLite file or a fresh PostgreSQL database. */
interface TestBackend {
    ServerSettings settings(Path dataDir) throws Exception;

    String name();
}
