package org.tutela.app.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    private BackgroundWork() {
    }

    public static <T> Future<?> onVaultThread(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        return submit(VAULT, work, onSuccess, onError);
    }

    public static <T> Future<?> asJob(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        return submit(JOBS, work, onSuccess, onError);
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
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
