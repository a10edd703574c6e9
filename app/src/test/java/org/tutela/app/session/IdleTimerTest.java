package org.tutela.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleTimerTest {

    @Test
    void firesOnceAfterTheIdleTimeAndNotWhileTouched() {
        AtomicLong now = new AtomicLong();
        AtomicInteger fired = new AtomicInteger();
        try (IdleTimer timer = new IdleTimer(Duration.ofMinutes(5), fired::incrementAndGet, now::get)) {
            timer.arm();
            now.addAndGet(Duration.ofMinutes(4).toNanos());
            timer.checkNow();
            assertEquals(0, fired.get());
            timer.touch();
            now.addAndGet(Duration.ofMinutes(4).toNanos());
            timer.checkNow();
            assertEquals(0, fired.get(), "activity restarts the clock");
            now.addAndGet(Duration.ofMinutes(2).toNanos());
            timer.checkNow();
            timer.checkNow();
            assertEquals(1, fired.get(), "fires once, then waits to be armed again");
        }
    }

    @Test
    void disarmedTimerNeverFires() {
        AtomicLong now = new AtomicLong();
        AtomicInteger fired = new AtomicInteger();
        try (IdleTimer timer = new IdleTimer(Duration.ofSeconds(1), fired::incrementAndGet, now::get)) {
            now.addAndGet(Duration.ofHours(1).toNanos());
            timer.checkNow();
            assertEquals(0, fired.get());
        }
    }
}
