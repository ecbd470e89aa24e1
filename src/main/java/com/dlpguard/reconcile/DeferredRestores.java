package com.dlpguard.reconcile;

import com.dlpguard.events.EventContext;
import com.dlpguard.model.ResourceId;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys whose critical restore the fight backoff deferred, and when each is due: this instance's
 * memory of what it still owes. Event Grid's redelivery of the unacknowledged event is the
 * durable copy and the sweep the last resort, so losing this map (a recycled instance) delays a
 * restore, never drops it.
 */
final class DeferredRestores {

    /** Keys due for a re-check, with the context of the event that asked (its actor goes into the fight history). */
    record Due(Set<ResourceId> subnets, EventContext context) {
        Due {
            subnets = Set.copyOf(new LinkedHashSet<>(subnets));
        }
    }

    private record Entry(Instant due, EventContext context) {
    }

    private final Map<ResourceId, Entry> entries = new ConcurrentHashMap<>();

    /** A reconcile of {@code subnets} ended: deferred until {@code retryAt}, or (empty) owing nothing. */
    void settle(Set<ResourceId> subnets, Optional<Instant> retryAt, EventContext context) {
        if (retryAt.isPresent()) {
            Entry e = new Entry(retryAt.get(), context);
            subnets.forEach(s -> entries.merge(s, e, (a, b) -> a.due().isBefore(b.due()) ? a : b));
        } else {
            subnets.forEach(entries::remove);
        }
    }

    /** Takes the keys due at {@code now} (each taken once, even by concurrent callers). */
    Optional<Due> takeDue(Instant now) {
        Set<ResourceId> due = new LinkedHashSet<>();
        EventContext context = EventContext.NONE;
        for (var e : entries.entrySet()) {
            if (!e.getValue().due().isAfter(now) && entries.remove(e.getKey(), e.getValue())) {
                due.add(e.getKey());
                context = e.getValue().context();
            }
        }
        return due.isEmpty() ? Optional.empty() : Optional.of(new Due(due, context));
    }

    Optional<Instant> nextDue() {
        return entries.values().stream().map(Entry::due).min(Comparator.naturalOrder());
    }
}
