package com.dlpguard.whatif;

import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Status;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One assessment of the predicted state and where it comes from: {@code INTRODUCED} by the
 * deployment ({@code introducedBy}: the changes it follows from; empty only when the whole
 * prediction is unknown, then {@code uncertainty} says why), {@code PRE_EXISTING} (the current
 * state has it already), or {@code NONE} for a pass.
 */
public record JudgedFinding(Assessment assessment, Origin origin, List<WhatIfChange> introducedBy,
                            Optional<String> uncertainty) {

    public enum Origin {
        INTRODUCED, PRE_EXISTING, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public JudgedFinding {
        Objects.requireNonNull(assessment, "assessment");
        Objects.requireNonNull(origin, "origin");
        introducedBy = List.copyOf(introducedBy);
        Objects.requireNonNull(uncertainty, "uncertainty");
        if ((origin == Origin.NONE) != (assessment.finding().status() == Status.PASS)) {
            throw new IllegalArgumentException("a pass has no origin, and only a pass");
        }
        if (origin != Origin.INTRODUCED && !introducedBy.isEmpty()) {
            throw new IllegalArgumentException("only an introduced finding names the changes behind it");
        }
    }

    public boolean isIntroduced() {
        return origin == Origin.INTRODUCED;
    }

    /**
     * Fails the check (rule book section 5): a counting violation, or a critical/high unknown; with
     * {@code newOnly}, only when the deployment introduces it.
     */
    public boolean counts(boolean newOnly) {
        if (newOnly && !isIntroduced()) {
            return false;
        }
        return assessment.countsAsViolation() || assessment.countsAsUnverified();
    }
}
