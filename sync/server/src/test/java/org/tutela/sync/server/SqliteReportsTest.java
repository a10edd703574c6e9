package org.tutela.sync.server;

/** Head office's report tables on SQLite. */
class SqliteReportsTest extends AbstractReportsTest {
    @Override
    TestBackend backend() {
        return new SqliteBackend();
    }
}
