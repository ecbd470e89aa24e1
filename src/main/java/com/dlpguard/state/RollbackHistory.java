package com.dlpguard.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The rollback-time list both stores keep per resource: pruned to the window, bounded in size. */
final class RollbackHistory {

    private RollbackHistory() {
    }

    /** {@code existing} pruned to {@code window} before {@code now}, plus {@code now}; sorted, at most {@link GuardStateStore#ROLLBACK_HISTORY_LIMIT}. */
    static List<Instant> record(Collection<Instant> existing, Instant now, Duration window) {
        Instant from = now.minus(window);
        List<Instant> times = new ArrayList<>(existing.size() + 1);
        for (Instant t : existing) {
            if (!t.isBefore(from)) {
                times.add(t);
            }
        }
        times.add(now);
        times.sort(null);
        // Oldest first out: a fight is decided by the recent rollbacks, and the entity stays small.
        return times.size() > GuardStateStore.ROLLBACK_HISTORY_LIMIT
                ? List.copyOf(times.subList(times.size() - GuardStateStore.ROLLBACK_HISTORY_LIMIT, times.size()))
                : List.copyOf(times);
    }

    /** Times within {@code [now - window, now]}. */
    static int countWithin(Collection<Instant> times, Instant now, Duration window) {
        Instant from = now.minus(window);
        return (int) times.stream().filter(t -> !t.isBefore(from) && !t.isAfter(now)).count();
    }
}
