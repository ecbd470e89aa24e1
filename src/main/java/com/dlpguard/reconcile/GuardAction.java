package com.dlpguard.reconcile;

import java.util.Locale;

/** What the guard did about one finding. */
public enum GuardAction {
    /** Pass (or an unknown of a rule in audit mode): nothing to do. */
    NONE,
    /**
     * Unknown in alert or rollback mode: never written ("unknown" never writes), never silent
     * either: an {@code unverifiable} alert names what could not be read and why. An insider who
     * makes a resource unreadable (another resource group, a deny assignment) gets an alert, not a pass.
     */
    UNVERIFIABLE,
    /** Violation covered by an exemption. */
    EXEMPTED,
    /** Mode audit: recorded only. */
    AUDIT_ONLY,
    /** Mode alert, or a rollback rule with no safe automatic fix (DLP010, DLP013). */
    ALERT_ONLY,
    /** Mode rollback in dry-run: the write was planned and logged, not sent. */
    WOULD_ROLL_BACK,
    /** Written and verified. */
    ROLLED_BACK,
    /** Tried, and the violation is still there (refused, failed, or superseded by a concurrent change). */
    ROLLBACK_FAILED,
    /** Not written: the resource was rolled back too often in the fight window; a human must look (non-critical rules). */
    ESCALATED_FIGHT,
    /**
     * Not written yet: a critical rule in a fight is restored at most once per backoff interval;
     * the restore comes at the end of the interval (Event Grid's redelivery, the due re-check, the sweep).
     */
    RESTORE_DEFERRED,
    /** Not written here: another instance claimed the same fix. */
    HANDLED_ELSEWHERE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
