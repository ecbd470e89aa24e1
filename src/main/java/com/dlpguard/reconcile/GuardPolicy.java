package com.dlpguard.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The guard's operating limits. {@code fightLimit} rollbacks of one resource within
 * {@code fightWindow} make a fight (someone is fighting the guard): one escalation names every
 * actor; a critical rule keeps being restored under a backoff, any other rule stops writing until
 * the window passes ({@link WriteArbiter}).
 * {@code clockSkew} is how much older than our last read an event must be to count as already
 * seen (Azure's event time and this host's clock differ a little).
 */
public record GuardPolicy(boolean dryRun, Set<String> guardIdentities, int fightLimit, Duration fightWindow,
                          Duration eventTtl, Duration writeClaimTtl, Duration clockSkew) {
    public GuardPolicy {
        guardIdentities = Set.copyOf(guardIdentities);
        if (fightLimit < 1) {
            throw new IllegalArgumentException("fight limit must be at least 1");
        }
        Objects.requireNonNull(fightWindow, "fightWindow");
        Objects.requireNonNull(eventTtl, "eventTtl");
        Objects.requireNonNull(writeClaimTtl, "writeClaimTtl");
        Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /** Dry run on, 3 rollbacks in 10 minutes, event ids kept for Event Grid's 24 h retry horizon. */
    public static GuardPolicy defaults() {
        return new GuardPolicy(true, Set.of(), 3, Duration.ofMinutes(10), Duration.ofHours(24), Duration.ofMinutes(5),
                Duration.ofSeconds(2));
    }

    public GuardPolicy withDryRun(boolean d) {
        return new GuardPolicy(d, guardIdentities, fightLimit, fightWindow, eventTtl, writeClaimTtl, clockSkew);
    }

    public GuardPolicy withGuardIdentities(Set<String> ids) {
        return new GuardPolicy(dryRun, ids, fightLimit, fightWindow, eventTtl, writeClaimTtl, clockSkew);
    }

    public GuardPolicy withFightLimit(int limit, Duration window) {
        return new GuardPolicy(dryRun, guardIdentities, limit, window, eventTtl, writeClaimTtl, clockSkew);
    }
}
