package com.dlpguard.state;

import java.time.Duration;

/** Argument checks shared by the stores, so both reject the same input the same way. */
final class StateArgs {

    /** Well under Table Storage's 64 KiB per string property; the guard's values are short. */
    static final int VALUE_MAX_CHARS = 8 * 1024;

    private StateArgs() {
    }

    static String key(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value(name, value);
    }

    static String value(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (value.length() > VALUE_MAX_CHARS) {
            throw new IllegalArgumentException(name + " is longer than " + VALUE_MAX_CHARS + " characters");
        }
        return value;
    }

    /** Zero is allowed: the record is born expired (e.g. alert de-duplication switched off). */
    static Duration nonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }
}
