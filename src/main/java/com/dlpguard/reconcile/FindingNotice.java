package com.dlpguard.reconcile;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.events.EventContext;
import com.dlpguard.rules.Assessment;

import java.util.Objects;
import java.util.Optional;

/**
 * One finding with what the guard did about it, for alerts and the decision log. Passes are
 * included so a sink can send "resolved" when a violation disappears.
 */
public record FindingNotice(Assessment assessment, GuardAction action, Optional<WriteOutcome> outcome,
                            EventContext context, boolean stateUnavailable) {
    public FindingNotice {
        Objects.requireNonNull(assessment, "assessment");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(context, "context");
    }
}
