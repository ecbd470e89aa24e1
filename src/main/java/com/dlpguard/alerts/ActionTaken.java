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
    ROLLBACK_FAILED("Rollback failed", "The guard tried to restore the setting and could not: it is still in violation.");

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
