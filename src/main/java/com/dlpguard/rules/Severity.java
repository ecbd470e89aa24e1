package com.dlpguard.rules;

import java.util.Locale;

/** Severity, most severe first (text output sorts by it). */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
