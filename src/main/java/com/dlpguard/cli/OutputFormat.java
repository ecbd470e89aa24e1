package com.dlpguard.cli;

import java.util.Locale;

enum OutputFormat {
    TEXT, JSON, SARIF;

    static OutputFormat parse(String s, boolean sarifAllowed) throws UsageException {
        OutputFormat f = switch (s.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            case "sarif" -> SARIF;
            default -> throw new UsageException("--format must be text, json" + (sarifAllowed ? " or sarif" : "")
                    + ", not '" + s + "'");
        };
        if (f == SARIF && !sarifAllowed) {
            throw new UsageException("--format sarif is only for check");
        }
        return f;
    }
}
