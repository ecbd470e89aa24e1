package com.dlpguard.app;

import com.dlpguard.reconcile.Guard;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one guard of this JVM, built on first use from the app settings (lazily: a cold start that
 * only answers a malformed event never builds the ARM client). Tests install their own.
 */
public final class GuardRuntime {
    private static volatile Supplier<Guard> factory = () -> GuardWiring.fromEnvironment(System.getenv());
    private static volatile Guard guard;

    private GuardRuntime() {
    }

    public static Guard guard() {
        Guard g = guard;
        if (g == null) {
            synchronized (GuardRuntime.class) {
                g = guard;
                if (g == null) {
                    g = Objects.requireNonNull(factory.get(), "guard factory returned nothing");
                    guard = g;
                }
            }
        }
        return g;
    }

    /** Replaces the guard (tests, benchmarks). */
    public static synchronized void install(Guard replacement) {
        guard = Objects.requireNonNull(replacement, "replacement");
    }

    /** Forgets the current guard; the next call builds one from {@code newFactory}. */
    public static synchronized void reset(Supplier<Guard> newFactory) {
        factory = Objects.requireNonNull(newFactory, "newFactory");
        guard = null;
    }
}
