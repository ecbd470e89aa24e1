package com.dlpguard.reconcile;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.events.EventContext;
import com.dlpguard.rules.Assessment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finding with what the guard did about it, for alerts and the decision log. Passes are
 * included so a sink can send "resolved" when a violation disappears. {@code escalation}: the
 * write for this finding is part of a fight (rule book 2.3); {@code retryAt}: its restore was
 * deferred by the fight backoff until then.
 */
public record FindingNotice(Assessment assessment, GuardAction action, Optional<WriteOutcome> outcome,
                            EventContext context, boolean stateUnavailable, Optional<Escalation> escalation,
                            Optional<Instant> retryAt) {
    public FindingNotice {
        Objects.requireNonNull(assessment, "assessment");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(retryAt, "retryAt");
    }

    public FindingNotice(Assessment assessment, GuardAction action, Optional<WriteOutcome> outcome, EventContext context,
                         boolean stateUnavailable) {
        this(assessment, action, outcome, context, stateUnavailable, Optional.empty(), Optional.empty());
    }
}
