package com.dlpguard.reconcile;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.events.EventContext;

import java.util.List;

/**
 * Where the guard's decisions go (alerts, audit trail). Implementations never throw and never
 * block: a dead webhook must not delay or undo a rollback.
 */
public interface Notifier {
    void notify(List<FindingNotice> notices, List<WriteOutcome> outcomes, EventContext context);

    Notifier NONE = (notices, outcomes, context) -> {
    };
}
