package org.tutela.sync.server;

/** The head-office console in a real browser, on the default embedded SQLite database. */
class SqliteConsoleBrowserTest extends ConsoleBrowserTest {
    private final SqliteBackend backend = new SqliteBackend();

    @Override
    TestBackend backend() {
        return backend;
    }
}
