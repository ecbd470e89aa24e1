package com.dlpguard.state;

import com.dlpguard.model.ResourceId;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance's memory: the CLI, unit tests, and the fallback when the shared store is down.
 * Synchronized: the functions host runs invocations concurrently within one JVM. Same contract,
 * record for record, as {@link TableGuardStateStore} (one entry per table row, so
 * {@link #purgeExpired} counts alike).
 */
public final class InMemoryGuardStateStore implements GuardStateStore {

    private record Expiring(String value, Instant expires) {
        boolean isLive(Instant now) {
            return expires.isAfter(now);
        }
    }

    private record History(List<RollbackEntry> entries, Instant expires) {
    }

    private final Map<String, Expiring> marks = new HashMap<>();
    private final Map<String, History> rollbacks = new HashMap<>();

    @Override
    public synchronized boolean markEventProcessed(String eventId, Instant now, Duration ttl) {
        StateArgs.key("eventId", eventId);
        StateArgs.nonNegative("ttl", ttl);
        return claim("event|" + eventId, "", now, ttl);
    }

    @Override
    public synchronized void releaseEvent(String eventId, Instant now) {
        StateArgs.key("eventId", eventId);
        marks.remove("event|" + eventId);
    }

    @Override
    public synchronized boolean claimWrite(ResourceId target, String observedEtag, Instant now, Duration ttl) {
        StateArgs.key("observedEtag", observedEtag);
        StateArgs.nonNegative("ttl", ttl);
        return claim("write|" + target.key() + "|" + observedEtag, "", now, ttl);
    }

    @Override
    public synchronized void releaseWrite(ResourceId target, String observedEtag, Instant now) {
        StateArgs.key("observedEtag", observedEtag);
        marks.remove("write|" + target.key() + "|" + observedEtag);
    }

    @Override
    public synchronized List<RollbackEntry> recordRollback(ResourceId resource, Instant now, Duration window, String actor) {
        StateArgs.nonNegative("window", window);
        History previous = rollbacks.get(resource.key());
        List<RollbackEntry> entries = RollbackHistory.record(previous == null ? List.of() : previous.entries(),
                new RollbackEntry(now, actor), window);
        rollbacks.put(resource.key(), new History(entries, entries.get(entries.size() - 1).at().plus(window)));
        return RollbackHistory.within(entries, now, window);
    }

    @Override
    public synchronized List<RollbackEntry> rollbackHistory(ResourceId resource, Instant now, Duration window) {
        StateArgs.nonNegative("window", window);
        History history = rollbacks.get(resource.key());
        return history == null ? List.of() : RollbackHistory.within(history.entries(), now, window);
    }

    @Override
    public synchronized boolean claimAlert(String alertKey, String stateFingerprint, Instant now, Duration window) {
        StateArgs.key("alertKey", alertKey);
        StateArgs.value("stateFingerprint", stateFingerprint);
        StateArgs.nonNegative("window", window);
        return claim("alert|" + alertKey, stateFingerprint, now, window);
    }

    /** True when {@code key} is absent, expired, or holds another value; then stores {@code value}. */
    private boolean claim(String key, String value, Instant now, Duration ttl) {
        Expiring existing = marks.get(key);
        if (existing != null && existing.isLive(now) && existing.value().equals(value)) {
            return false;
        }
        marks.put(key, new Expiring(value, now.plus(ttl)));
        return true;
    }

    @Override
    public synchronized Optional<String> swapFindingStatus(String findingKey, String status, Instant now, Duration ttl) {
        StateArgs.key("findingKey", findingKey);
        StateArgs.value("status", status);
        StateArgs.nonNegative("ttl", ttl);
        Expiring previous = marks.put("finding|" + findingKey, new Expiring(status, now.plus(ttl)));
        return previous == null || !previous.isLive(now) ? Optional.empty() : Optional.of(previous.value());
    }

    @Override
    public synchronized void saveSweepCursor(String sweepId, String cursor, Instant now, Duration ttl) {
        StateArgs.key("sweepId", sweepId);
        StateArgs.value("cursor", cursor);
        StateArgs.nonNegative("ttl", ttl);
        marks.put("sweep|" + sweepId, new Expiring(cursor, now.plus(ttl)));
    }

    @Override
    public synchronized Optional<String> sweepCursor(String sweepId, Instant now) {
        StateArgs.key("sweepId", sweepId);
        Expiring e = marks.get("sweep|" + sweepId);
        return e == null || !e.isLive(now) ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public synchronized int purgeExpired(Instant now) {
        int before = marks.size() + rollbacks.size();
        marks.values().removeIf(e -> !e.isLive(now));
        rollbacks.values().removeIf(h -> !h.expires().isAfter(now));
        return before - marks.size() - rollbacks.size();
    }
}
