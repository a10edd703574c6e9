package org.tutela.app.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Calls {@code onIdle} once when no activity was reported for the idle time. Activity is
 * reported with {@link #touch()} (the UI does so on every key and mouse event).
 *
 * <p>Idle time is counted on two clocks: the monotonic one ({@code System.nanoTime}, immune to
 * the clock being set) and the wall clock. The monotonic clock stops on many systems while the
 * laptop sleeps, so a laptop shut with the vault open and woken an hour later would otherwise
 * count only the minutes it was awake; by the wall clock the hour has passed, and the vault
 * locks at the first check after waking. Whichever clock says the time is up, locks.
 */
public final class IdleTimer implements AutoCloseable {
    private final LongSupplier nanoClock;
    private final LongSupplier wallMillis;
    private final Runnable onIdle;
    private final ScheduledExecutorService scheduler;
    private volatile long timeoutNanos;
    private volatile long lastActivity;
    private volatile long lastActivityWall;
    private volatile boolean armed;
    private ScheduledFuture<?> check;

    public IdleTimer(Duration timeout, Runnable onIdle) {
        this(timeout, onIdle, System::nanoTime, System::currentTimeMillis);
    }

    IdleTimer(Duration timeout, Runnable onIdle, LongSupplier nanoClock, LongSupplier wallMillis) {
        this.nanoClock = nanoClock;
        this.wallMillis = wallMillis;
        this.onIdle = onIdle;
        this.timeoutNanos = timeout.toNanos();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tutela-idle-lock");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        this.check = scheduler.scheduleAtFixedRate(this::checkNow, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts watching (after unlock); the idle clock starts now. */
    public void arm() {
        touch();
        armed = true;
    }

    /** Stops watching (after lock). */
    public void disarm() {
        armed = false;
    }

    public void touch() {
        lastActivity = nanoClock.getAsLong();
        lastActivityWall = wallMillis.getAsLong();
    }

    public void setTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    void checkNow() {
        if (!armed) {
            return;
        }
        boolean idleByMonotonic = nanoClock.getAsLong() - lastActivity >= timeoutNanos;
        // a wall clock set back reads as no time passed, never as idle
        boolean idleByWall = TimeUnit.MILLISECONDS.toNanos(wallMillis.getAsLong() - lastActivityWall) >= timeoutNanos;
        if (idleByMonotonic || idleByWall) {
            armed = false;
            onIdle.run();
        }
    }

    @Override
    public void close() {
        check.cancel(false);
        scheduler.shutdownNow();
    }
}
