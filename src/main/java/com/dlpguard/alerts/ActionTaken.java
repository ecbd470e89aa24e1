package com.dlpguard.alerts;

import java.util.Locale;

/** What the guard did about a violation; the card and the webhook say it in these words. */
public enum ActionTaken {
    ROLLED_BACK("Rolled back", "The guard restored the setting and verified the rule passes."),
    WOULD_ROLL_BACK_DRY_RUN("Would roll back (dry run)", "Dry run: the rollback was planned and logged, nothing was written."),
    ALERT_ONLY("Alert only", "The rule's mode is alert: nothing was changed."),
    AUDIT_ONLY("Recorded only", "The rule's mode is audit: the violation is recorded, not alerted."),
    ESCALATED_FIGHT("Escalated: repeated fights",
            "The setting was changed back repeatedly; the guard stopped rolling back and needs a human."),
    ROLLBACK_FAILED("Rollback failed", "The guard tried to restore the setting and could not: it is still in violation."),
    /**
     * A critical setting under attrition (rule book 2.3): the guard never gives up on it, but the
     * fight backoff delays the next restore. Not "rollback failed": nothing failed, and saying so
     * would send people after the wrong problem; the path is open until the restore follows.
     */
    RESTORE_DEFERRED("Restore deferred", "The setting keeps being changed back: the guard restores it again as soon as its fight backoff allows, and never gives up on a critical rule."),
    /** An unknown finding: the guard could not read what it needs, so it cannot show the path is closed. */
    COULD_NOT_VERIFY("Could not verify", "The guard could not read what it needs to decide; nothing was written, and the path may be open."),
    /** A guard-health alert: the self-check found something that stops the guard from enforcing. */
    CANNOT_ENFORCE("Cannot enforce", "The guard's self-check found a gap: until it is fixed, rollbacks or events may fail.");

    private final String label;
    private final String explanation;

    ActionTaken(String label, String explanation) {
        this.label = label;
        this.explanation = explanation;
    }

    public String label() {
        return label;
    }

    public String explanation() {
        return explanation;
    }

    /** {@code rolled-back}, {@code would-roll-back-dry-run}, … (the webhook schema's {@code action}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True when the violation is still in place after the action. */
    public boolean leavesViolation() {
        return this != ROLLED_BACK;
    }
}
