package com.dlpguard.state;

import com.dlpguard.model.ResourceId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * One instance's memory: the CLI, unit tests, and the fallback when the shared store is down.
 * Synchronized: the functions host runs invocations concurrently within one JVM.
 */
public final class InMemoryGuardStateStore implements GuardStateStore {

    private record Expiring(String value, Instant expires) {
    }

    private final Map<String, Expiring> marks = new HashMap<>();
    private final Map<String, Deque<Instant>> rollbacks = new HashMap<>();

    @Override
    public synchronized boolean markEventProcessed(String eventId, Instant now, Duration ttl) {
        return claim("event|" + eventId, "", now, ttl);
    }

    @Override
    public synchronized void releaseEvent(String eventId) {
        marks.remove("event|" + eventId);
    }

    @Override
    public synchronized boolean claimWrite(ResourceId target, String observedEtag, Instant now, Duration ttl) {
        return claim("write|" + target.key() + "|" + observedEtag, "", now, ttl);
    }

    @Override
    public synchronized int recordRollback(ResourceId resource, Instant now, Duration window) {
        Deque<Instant> times = rollbacks.computeIfAbsent(resource.key(), k -> new ArrayDeque<>());
        times.addLast(now);
        return countWithin(times, now, window);
    }

    @Override
    public synchronized int rollbacksWithin(ResourceId resource, Instant now, Duration window) {
        Deque<Instant> times = rollbacks.get(resource.key());
        return times == null ? 0 : countWithin(times, now, window);
    }

    private static int countWithin(Deque<Instant> times, Instant now, Duration window) {
        Instant from = now.minus(window);
        times.removeIf(t -> t.isBefore(from));
        return (int) times.stream().filter(t -> !t.isAfter(now)).count();
    }

    @Override
    public synchronized boolean claimAlert(String alertKey, String stateFingerprint, Instant now, Duration window) {
        return claim("alert|" + alertKey, stateFingerprint, now, window);
    }

    /** True when {@code key} is absent, expired, or holds another value; then stores {@code value}. */
    private boolean claim(String key, String value, Instant now, Duration ttl) {
        Expiring existing = marks.get(key);
        if (existing != null && existing.expires().isAfter(now) && existing.value().equals(value)) {
            return false;
        }
        marks.put(key, new Expiring(value, now.plus(ttl)));
        return true;
    }

    @Override
    public synchronized Optional<String> swapFindingStatus(String findingKey, String status, Instant now, Duration ttl) {
        Expiring previous = marks.put("finding|" + findingKey, new Expiring(status, now.plus(ttl)));
        return previous == null || !previous.expires().isAfter(now) ? Optional.empty() : Optional.of(previous.value());
    }

    @Override
    public synchronized void saveSweepCursor(String sweepId, String cursor, Instant now, Duration ttl) {
        marks.put("sweep|" + sweepId, new Expiring(cursor, now.plus(ttl)));
    }

    @Override
    public synchronized Optional<String> sweepCursor(String sweepId, Instant now) {
        Expiring e = marks.get("sweep|" + sweepId);
        return e == null || !e.expires().isAfter(now) ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        int removed = 0;
        for (Iterator<Expiring> it = marks.values().iterator(); it.hasNext(); ) {
            if (!it.next().expires().isAfter(now)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
