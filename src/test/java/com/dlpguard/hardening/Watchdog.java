package com.dlpguard.hardening;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each call on one reused worker thread with a deadline, so a delivery that hangs the code
 * under test (an infinite loop in a parser) fails the suite with the payload named instead of
 * stalling {@code mvn verify}. A hung worker is abandoned (daemon) and replaced.
 */
final class Watchdog implements AutoCloseable {
    /** A call that did not finish in time. */
    static final class Hang extends RuntimeException {
        Hang(String what, Duration limit) {
            super(what + " did not finish within " + limit.toMillis() + " ms (hang)");
        }
    }

    private final Duration limit;
    private ExecutorService worker = newWorker();

    Watchdog(Duration limit) {
        this.limit = limit;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hardening-watchdog-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The call's result; its exception (any Throwable) rethrown as is; {@link Hang} on timeout. */
    <T> T call(String what, Callable<T> call) throws Throwable {
        Future<T> f = worker.submit(call);
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new Hang(what, limit);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
