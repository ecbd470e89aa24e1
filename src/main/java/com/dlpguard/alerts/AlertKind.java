package com.dlpguard.alerts;

import java.util.Locale;

/** Why a message is sent: a violation, its recovery by a human, or a fight the guard gave up. */
public enum AlertKind {
    VIOLATION, RESOLVED, ESCALATION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
