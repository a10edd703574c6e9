package org.tutela.sync.server;

/** Head office's records on the default embedded SQLite database. */
class SqliteHeadOfficeTest extends AbstractHeadOfficeTest {
    private final SqliteBackend backend = new SqliteBackend();

    @Override
    TestBackend backend() {
        return backend;
    }
}
