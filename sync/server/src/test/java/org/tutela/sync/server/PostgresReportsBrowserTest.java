package org.tutela.sync.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The reports in a real Chromium, on a real PostgreSQL. */
class PostgresReportsBrowserTest extends ReportsBrowserTest {
    private static PostgresBackend backend;

    @BeforeAll
    static void startPostgres() throws Exception {
        backend = new PostgresBackend();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    TestBackend backend() {
        return backend;
    }
}
