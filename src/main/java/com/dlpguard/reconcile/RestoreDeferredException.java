package com.dlpguard.reconcile;

import com.dlpguard.arm.ArmException;

import java.time.Instant;

/**
 * A delivery whose critical restore was deferred by the fight backoff. Transient on purpose: the
 * Event Grid function rethrows it, so Event Grid redelivers the event (its retry schedule starts
 * at 10 s, 30 s, 1 min, 5 min) and the redelivery reconciles again, on whichever instance it
 * lands, even if this one is recycled meanwhile. The guard also re-checks the key itself when
 * the interval ends ({@link Guard#recheckDue}), and the sweep covers both failing.
 */
public final class RestoreDeferredException extends ArmException {
    private final Instant due;

    public RestoreDeferredException(Instant due) {
        super("a critical restore is deferred by the fight backoff until " + due + ": redeliver", true, null);
        this.due = due;
    }

    public Instant due() {
        return due;
    }
}
