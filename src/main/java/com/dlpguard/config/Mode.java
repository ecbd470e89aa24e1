package com.dlpguard.config;

import java.util.Locale;
import java.util.Optional;

/** What the guard does with a rule's violations; the rule's logic is the same in every mode. */
public enum Mode {
    /** Not evaluated at all: no finding. */
    OFF,
    /** Recorded only (still counts for the CLI exit code). */
    AUDIT,
    /** Recorded and sent to the alert sinks. */
    ALERT,
    /** Alerted and rolled back. */
    ROLLBACK;

    public static Optional<Mode> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "off" -> Optional.of(OFF);
            case "audit" -> Optional.of(AUDIT);
            case "alert" -> Optional.of(ALERT);
            case "rollback" -> Optional.of(ROLLBACK);
            default -> Optional.empty();
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
