package com.dlpguard.rules;

import com.dlpguard.config.Exemption;
import com.dlpguard.config.Mode;

import java.util.Objects;
import java.util.Optional;

/** A finding with the enforcement applied to it: the rule's mode and the exemption covering it, if any. */
public record Assessment(Finding finding, Mode mode, Optional<Exemption> exemption) {
    public Assessment {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(exemption, "exemption");
        if (mode == Mode.OFF) {
            throw new IllegalArgumentException("a rule in mode off yields no assessment");
        }
    }

    public boolean isViolation() {
        return finding.status() == Status.VIOLATION;
    }

    /** Counts for the CLI exit code: a violation that is not exempted (audit-mode violations count). */
    public boolean countsAsViolation() {
        return isViolation() && exemption.isEmpty();
    }

    /**
     * Fails the CLI check like a violation (rule book 2 and 5): an {@code unknown} of a critical or
     * high rule. "Can't tell" is never silent: an insider who makes a resource unreadable (another
     * resource group, a deny assignment) must get a failing pipeline, not a green one. Exemptions
     * waive violations, not doubt, so none applies here; the fix is to let the guard read.
     */
    public boolean countsAsUnverified() {
        return finding.status() == Status.UNKNOWN
                && (finding.severity() == Severity.CRITICAL || finding.severity() == Severity.HIGH);
    }

    /** May be rolled back: a non-exempted violation of a rule in rollback mode. */
    public boolean isRollbackCandidate() {
        return countsAsViolation() && mode == Mode.ROLLBACK && !finding.remedies().isEmpty();
    }
}
