package org.tutela.sync.server;

/** The second factor and the email alerts in a real browser, on SQLite. */
class SqliteConsoleSecurityBrowserTest extends ConsoleSecurityBrowserTest {
    @Override
    TestBackend backend() {
        return new SqliteBackend();
    }
}
