package com.dlpguard.app;

import com.dlpguard.reconcile.Guard;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The one guard of this JVM, built on first use from the app settings. Tests install their own.
 *
 * <p>A cold instance's first event pays for building the guard (settings, credential, the ARM
 * client's pipeline and HTTP client) and for parsing the event (the Event Grid SDK and its
 * Jackson stack): {@link #prepare} starts the build on its own thread so both proceed together,
 * and {@link #guard} then waits for it. A build that fails is thrown by {@link #guard} to the
 * invocation and tried again by the next one, exactly as a build on the caller's thread would.
 */
public final class GuardRuntime {
    private static volatile Supplier<Guard> factory = () -> GuardWiring.fromEnvironment(System.getenv());
    private static volatile Guard guard;
    private static CompletableFuture<Guard> building;

    private GuardRuntime() {
    }

    /** Starts building the guard in the background unless it is built or being built; returns at once. */
    public static void prepare() {
        if (guard != null) {
            return;
        }
        synchronized (GuardRuntime.class) {
            if (guard == null && building == null) {
                Supplier<Guard> f = factory;
                CompletableFuture<Guard> future = new CompletableFuture<>();
                Thread t = new Thread(() -> {
                    Guard built;
                    try {
                        built = Objects.requireNonNull(f.get(), "guard factory returned nothing");
                        future.complete(built);
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                        return;
                    }
                    try {
                        // While the first read waits on ARM (token, TLS), this core would be idle.
                        built.prime();
                    } catch (RuntimeException | LinkageError e) {
                        // Only a head start is lost: the event's own evaluation loads the same classes.
                    }
                }, "dlp-guard-build");
                t.setDaemon(true);
                building = future;
                t.start();
            }
        }
    }

    public static Guard guard() {
        Guard g = guard;
        if (g == null) {
            synchronized (GuardRuntime.class) {
                g = guard;
                if (g == null) {
                    CompletableFuture<Guard> pending = building;
                    building = null;
                    g = pending == null ? Objects.requireNonNull(factory.get(), "guard factory returned nothing")
                            : join(pending);
                    guard = g;
                }
            }
        }
        return g;
    }

    private static Guard join(CompletableFuture<Guard> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Replaces the guard (tests, benchmarks). */
    public static synchronized void install(Guard replacement) {
        guard = Objects.requireNonNull(replacement, "replacement");
        building = null;
    }

    /** Forgets the current guard; the next call builds one from {@code newFactory}. */
    public static synchronized void reset(Supplier<Guard> newFactory) {
        factory = Objects.requireNonNull(newFactory, "newFactory");
        guard = null;
        building = null;
    }
}
