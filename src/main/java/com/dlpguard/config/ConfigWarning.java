package com.dlpguard.config;

import java.util.Objects;

/**
 * Something in a valid configuration a human should fix, which must not stop the guard: today a
 * past-due exemption, which lapses (rule book 3). {@code line()} is the one line the CLI prints on
 * stderr and the guard writes to its decision log.
 */
public record ConfigWarning(String source, String path, String message) {
    public ConfigWarning {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** "dlp-guard.json: $.exemptions[0]: exemption of DLP009 ... lapsed on 2026-01-31 ...". */
    public String line() {
        return source + ": " + path + ": " + message;
    }
}
