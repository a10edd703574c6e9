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
        try (IdleTimer timer = new IdleTimer(Duration.ofMinutes(5), fired::incrementAndGet, now::get, () -> 0L)) {
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
        try (IdleTimer timer = new IdleTimer(Duration.ofSeconds(1), fired::incrementAndGet, now::get, () -> 0L)) {
            now.addAndGet(Duration.ofHours(1).toNanos());
            timer.checkNow();
            assertEquals(0, fired.get());
        }
    }

    @Test
    void locksOnWakeWhenTheIdleTimePassedWhileTheLaptopSlept() {
        // While asleep the monotonic clock stands still; the wall clock moves on.
        AtomicLong monotonic = new AtomicLong();
        AtomicLong wall = new AtomicLong(1_767_600_000_000L);
        AtomicInteger fired = new AtomicInteger();
        try (IdleTimer timer = new IdleTimer(Duration.ofMinutes(5), fired::incrementAndGet, monotonic::get, wall::get)) {
            timer.arm();
            monotonic.addAndGet(Duration.ofMinutes(2).toNanos());
            wall.addAndGet(Duration.ofMinutes(2).toMillis());
            timer.checkNow();
            assertEquals(0, fired.get());
            // the lid is shut for an hour
            wall.addAndGet(Duration.ofHours(1).toMillis());
            monotonic.addAndGet(Duration.ofMillis(3).toNanos());
            timer.checkNow();
            assertEquals(1, fired.get(), "locks at the first check after waking");
        }
    }

    @Test
    void aWallClockSetBackNeitherLocksNorKeepsTheVaultOpen() {
        AtomicLong monotonic = new AtomicLong();
        AtomicLong wall = new AtomicLong(1_767_600_000_000L);
        AtomicInteger fired = new AtomicInteger();
        try (IdleTimer timer = new IdleTimer(Duration.ofMinutes(5), fired::incrementAndGet, monotonic::get, wall::get)) {
            timer.arm();
            wall.addAndGet(-Duration.ofHours(2).toMillis());
            monotonic.addAndGet(Duration.ofMinutes(1).toNanos());
            timer.checkNow();
            assertEquals(0, fired.get(), "the clock set back is not idle time");
            monotonic.addAndGet(Duration.ofMinutes(5).toNanos());
            timer.checkNow();
            assertEquals(1, fired.get(), "the monotonic clock still locks it");
        }
    }
}
