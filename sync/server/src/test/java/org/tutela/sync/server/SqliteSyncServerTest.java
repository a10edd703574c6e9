package org.tutela.sync.server;

/** The sync contract on the default embedded SQLite database. */
class SqliteSyncServerTest extends AbstractSyncServerTest {
    private final SqliteBackend backend = new SqliteBackend();

    @Override
    TestBackend backend() {
        return backend;
    }
}
