package com.dlpguard.rules;

import java.util.List;

/** Every assessment of one evaluation, in catalog order per workspace. */
public record Evaluation(List<Assessment> assessments) {
    public Evaluation {
        assessments = List.copyOf(assessments);
    }

    public boolean hasCountingViolations() {
        return assessments.stream().anyMatch(Assessment::countsAsViolation);
    }

    /** The CLI's verdict: a counting violation, or an unknown of a critical or high rule (exit 1). */
    public boolean failsCheck() {
        return hasCountingViolations() || assessments.stream().anyMatch(Assessment::countsAsUnverified);
    }

    public long countingViolations() {
        return assessments.stream().filter(Assessment::countsAsViolation).count();
    }
}
