package com.dlpguard.alerts;

import java.util.Locale;

/**
 * Why a message is sent: a violation; a finding the guard could not decide ({@code unverifiable},
 * rule book 2: "unknown is never silent"); repeated fights over one resource ({@code escalation},
 * naming every actor); a violation a human fixed ({@code resolved}); or a gap in the guard's own
 * ability to enforce found by its self-check ({@code guard-health}).
 */
public enum AlertKind {
    VIOLATION, UNVERIFIABLE, ESCALATION, RESOLVED, GUARD_HEALTH;

    /** {@code violation}, {@code unverifiable}, {@code escalation}, {@code resolved}, {@code guard-health}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
