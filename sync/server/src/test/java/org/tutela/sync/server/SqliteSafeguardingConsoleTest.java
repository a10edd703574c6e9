package org.tutela.sync.server;

/** The safeguarding lead's pages in a real browser, on SQLite. */
class SqliteSafeguardingConsoleTest extends SafeguardingConsoleTest {
    @Override
    TestBackend backend() {
        return new SqliteBackend();
    }
}
