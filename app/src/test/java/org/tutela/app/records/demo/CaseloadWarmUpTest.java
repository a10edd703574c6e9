package org.tutela.app.records.demo;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CaseloadWarmUpTest {

    @Test
    void runsOnceOnTheExecutorItIsGiven() throws Exception {
        var first = CaseloadWarmUp.start(Runnable::run);
        first.get(60, TimeUnit.SECONDS);
        // a second start (the lock screen shown again) reuses the first: nothing new is run
        assertSame(first, CaseloadWarmUp.start(work -> fail("the warm-up ran twice")));
    }
}
