package com.dlpguard.rules;

import java.util.Locale;

/** A rule's verdict on one resource. {@code UNKNOWN} ("can't tell") never causes a write. */
public enum Status {
    PASS, VIOLATION, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
