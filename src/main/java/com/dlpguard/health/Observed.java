package com.dlpguard.health;

import java.util.Objects;

/**
 * What the self-check learned about one thing it had to read: the value, that ARM says it does
 * not exist, or that it could not be read (and why). "Could not read" is a gap of its own: a check
 * that cannot look is never reported as passing.
 */
public sealed interface Observed<T> {

    record Found<T>(T value) implements Observed<T> {
        public Found {
            Objects.requireNonNull(value, "value");
        }
    }

    record Missing<T>() implements Observed<T> {
    }

    record Failed<T>(String reason) implements Observed<T> {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Observed<T> found(T value) {
        return new Found<>(value);
    }

    static <T> Observed<T> missing() {
        return new Missing<>();
    }

    static <T> Observed<T> failed(String reason) {
        return new Failed<>(reason);
    }
}
