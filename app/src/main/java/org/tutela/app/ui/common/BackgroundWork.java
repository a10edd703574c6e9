package org.tutela.app.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Runs work off the JavaFX thread on named pools and calls back on the JavaFX thread. The UI
 * never waits on the vault, the network or a printer.
 */
public final class BackgroundWork {
    /** Vault work (unlock, save, load): one thread, so writes keep their order. */
    private static final ExecutorService VAULT = Executors.newSingleThreadExecutor(named("tutela-vault"));
    /** Long jobs (sync, import, batch printing) that report progress and can be cancelled. */
    private static final ExecutorService JOBS = Executors.newCachedThreadPool(named("tutela-job"));
    /** Work nobody waits for (the caseload's warm-up): one thread at the lowest priority, let go when idle. */
    private static final ExecutorService IDLE = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            named("tutela-idle", Thread.MIN_PRIORITY));

    private BackgroundWork() {
    }

    public static <T> Future<?> onVaultThread(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        return submit(VAULT, work, onSuccess, onError);
    }

    public static <T> Future<?> asJob(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        return submit(JOBS, work, onSuccess, onError);
    }

    /** The jobs pool for the layers below the screens, which take a plain executor (the caseload's background load). */
    public static Executor jobs() {
        return JOBS;
    }

    /** The idle thread for the layers below the screens (the caseload's warm-up while the lock screen waits). */
    public static Executor idle() {
        return IDLE;
    }

    private static <T> Future<?> submit(ExecutorService pool, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        return pool.submit(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Throwable failure) {
                Platform.runLater(() -> onError.accept(failure));
            }
        });
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        return named(prefix, Thread.NORM_PRIORITY);
    }

    private static java.util.concurrent.ThreadFactory named(String prefix, int priority) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(priority);
            return thread;
        };
    }
}
