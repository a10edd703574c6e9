package org.tutela.app.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** How a view model runs slow work: off the UI thread in the app, inline in view-model tests. */
@FunctionalInterface
public interface TaskRunner {
    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError);

    TaskRunner VAULT_THREAD = new TaskRunner() {
        @Override
        public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
            BackgroundWork.onVaultThread(work, onSuccess, onError);
        }
    };

    /** Long jobs (rendering, printing, password checks that may wait out a delay): never hold up the vault thread. */
    TaskRunner JOBS = new TaskRunner() {
        @Override
        public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
            BackgroundWork.asJob(work, onSuccess, onError);
        }
    };

    TaskRunner INLINE = new TaskRunner() {
        @Override
        public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
            T result;
            try {
                result = work.call();
            } catch (Throwable failure) {
                onError.accept(failure);
                return;
            }
            onSuccess.accept(result);
        }
    };
}
