package com.dlpguard.state;

import com.dlpguard.model.ResourceId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shared store, or this instance's memory when the shared store cannot answer: the guard
 * keeps evaluating, alerting and rolling back through an outage of its storage account.
 *
 * <p>While degraded, duplicate suppression and fight counting only see this instance's events,
 * so {@link #isDegraded()} is true and the alert and log say so. After a failure the shared
 * store is left alone for {@code retryAfter} (measured on the callers' {@code now}, so tests
 * need no clock) to avoid paying its timeouts on every call; the first call after that tries it
 * again, and if it answers the store is healthy again. Records made in memory during an outage
 * are not copied back: at worst an event or alert is handled once more, which the level-triggered,
 * idempotent guard tolerates.
 *
 * <p>Any failure of the shared store degrades, not only {@link StateUnavailableException}: an
 * unexpected SDK error must not stop a rollback. Its log line names the exception class only.
 */
public final class FallbackGuardStateStore implements GuardStateStore {

    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(FallbackGuardStateStore.class.getName());

    private record Outage(String reason, Instant retryAt) {
    }

    @FunctionalInterface
    private interface SharedCall<T> {
        T run() throws StateUnavailableException;
    }

    private final GuardStateStore shared;
    private final InMemoryGuardStateStore memory = new InMemoryGuardStateStore();
    private final Duration retryAfter;
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    public FallbackGuardStateStore(GuardStateStore shared) {
        this(shared, DEFAULT_RETRY_AFTER);
    }

    public FallbackGuardStateStore(GuardStateStore shared, Duration retryAfter) {
        this.shared = shared;
        this.retryAfter = StateArgs.nonNegative("retryAfter", retryAfter);
        if (retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive");
        }
    }

    @Override
    public boolean isDegraded() {
        return outage.get() != null;
    }

    /** Why the shared store is not being used (operation and HTTP status or error class; no secrets). */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(outage.get()).map(Outage::reason);
    }

    @Override
    public boolean markEventProcessed(String eventId, Instant now, Duration ttl) {
        return call(now, () -> shared.markEventProcessed(eventId, now, ttl), () -> memory.markEventProcessed(eventId, now, ttl));
    }

    /**
     * Releases the mark wherever it may be: the mark may have been made in memory during an
     * outage that has since ended. A mark made in the shared store that cannot be released now
     * (outage) stays until it expires; the timer sweep still catches that drift.
     */
    @Override
    public void releaseEvent(String eventId, Instant now) {
        memory.releaseEvent(eventId, now);
        call(now, () -> {
            shared.releaseEvent(eventId, now);
            return null;
        }, () -> null);
    }

    @Override
    public boolean claimWrite(ResourceId target, String observedEtag, Instant now, Duration ttl) {
        return call(now, () -> shared.claimWrite(target, observedEtag, now, ttl), () -> memory.claimWrite(target, observedEtag, now, ttl));
    }

    @Override
    public void releaseWrite(ResourceId target, String observedEtag, Instant now) {
        call(now, () -> {
            shared.releaseWrite(target, observedEtag, now);
            return null;
        }, () -> {
            memory.releaseWrite(target, observedEtag, now);
            return null;
        });
    }

    @Override
    public List<RollbackEntry> recordRollback(ResourceId resource, Instant now, Duration window, String actor) {
        return call(now, () -> shared.recordRollback(resource, now, window, actor),
                () -> memory.recordRollback(resource, now, window, actor));
    }

    @Override
    public List<RollbackEntry> rollbackHistory(ResourceId resource, Instant now, Duration window) {
        return call(now, () -> shared.rollbackHistory(resource, now, window), () -> memory.rollbackHistory(resource, now, window));
    }

    @Override
    public boolean claimAlert(String alertKey, String stateFingerprint, Instant now, Duration window) {
        return call(now, () -> shared.claimAlert(alertKey, stateFingerprint, now, window),
                () -> memory.claimAlert(alertKey, stateFingerprint, now, window));
    }

    @Override
    public Optional<String> swapFindingStatus(String findingKey, String status, Instant now, Duration ttl) {
        return call(now, () -> shared.swapFindingStatus(findingKey, status, now, ttl),
                () -> memory.swapFindingStatus(findingKey, status, now, ttl));
    }

    @Override
    public void saveSweepCursor(String sweepId, String cursor, Instant now, Duration ttl) {
        call(now, () -> {
            shared.saveSweepCursor(sweepId, cursor, now, ttl);
            return null;
        }, () -> {
            memory.saveSweepCursor(sweepId, cursor, now, ttl);
            return null;
        });
    }

    @Override
    public Optional<String> sweepCursor(String sweepId, Instant now) {
        return call(now, () -> shared.sweepCursor(sweepId, now), () -> memory.sweepCursor(sweepId, now));
    }

    /** Purges both: memory may hold records from an earlier outage. */
    @Override
    public int purgeExpired(Instant now) {
        int fromMemory = memory.purgeExpired(now);
        return fromMemory + call(now, () -> shared.purgeExpired(now), () -> 0);
    }

    private <T> T call(Instant now, SharedCall<T> onShared, Supplier<T> inMemory) {
        Outage current = outage.get();
        if (current != null && now.isBefore(current.retryAt())) {
            return inMemory.get();
        }
        try {
            T result = onShared.run();
            if (current != null && outage.compareAndSet(current, null)) {
                LOG.info("guard state store reachable again; shared state resumes (records made in memory "
                        + "during the outage stay on this instance)");
            }
            return result;
        } catch (StateUnavailableException e) {
            degrade(now, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw e; // the caller's mistake, not an outage: memory would reject it too
        } catch (RuntimeException e) {
            degrade(now, "unexpected " + e.getClass().getName() + " from the state store");
        }
        return inMemory.get();
    }

    private void degrade(Instant now, String reason) {
        Outage previous = outage.getAndSet(new Outage(reason, now.plus(retryAfter)));
        if (previous == null) {
            LOG.warning("guard state unavailable (" + reason + "): this instance continues on its own memory, "
                    + "so duplicate suppression and fight detection only see its own events; retrying the "
                    + "shared store in " + retryAfter.toSeconds() + " s");
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("guard state still unavailable (" + reason + ")");
        }
    }
}
