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
 */
public final class IdleTimer implements AutoCloseable {
    private final LongSupplier nanoClock;
    private final Runnable onIdle;
    private final ScheduledExecutorService scheduler;
    private volatile long timeoutNanos;
    private volatile long lastActivity;
    private volatile boolean armed;
    private ScheduledFuture<?> check;

    public IdleTimer(Duration timeout, Runnable onIdle) {
        this(timeout, onIdle, System::nanoTime);
    }

    IdleTimer(Duration timeout, Runnable onIdle, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
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
        lastActivity = nanoClock.getAsLong();
        armed = true;
    }

    /** Stops watching (after lock). */
    public void disarm() {
        armed = false;
    }

    public void touch() {
        lastActivity = nanoClock.getAsLong();
    }

    public void setTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    void checkNow() {
        if (armed && nanoClock.getAsLong() - lastActivity >= timeoutNanos) {
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
