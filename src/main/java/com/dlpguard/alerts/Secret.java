package com.dlpguard.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret app setting (a webhook URL carrying its signature, a signing key). Its
 * {@link #toString()} is {@code ***} so string concatenation, a debugger or a log call cannot
 * leak it; the value is reachable only through {@link #reveal()}, which makes every use visible
 * in a code search. Deliberately not a record: a record's accessor and toString would expose it.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret cannot be empty");
        }
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public byte[] revealBytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "***";
    }
}
