package org.tutela.sync.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Head office's records on a real PostgreSQL (one cluster per class, a fresh database per test). */
class PostgresHeadOfficeTest extends AbstractHeadOfficeTest {
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
