package org.tutela.sync.server;

/** The reports in a real Chromium, on SQLite. */
class SqliteReportsBrowserTest extends ReportsBrowserTest {
    @Override
    TestBackend backend() {
        return new SqliteBackend();
    }
}
