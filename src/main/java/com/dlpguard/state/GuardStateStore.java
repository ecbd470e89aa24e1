package com.dlpguard.state;

import com.dlpguard.model.ResourceId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the guard remembers across events and instances. Every record expires ({@code ttl} /
 * {@code window}); {@link #purgeExpired} removes what has. Claims are atomic across instances
 * (Table Storage: conditional insert/update on ETags), so two instances racing on the same drift
 * get exactly one {@code true}.
 *
 * <p>A record counts as absent from the instant it expires ({@code expiresAt <= now}), whether or
 * not it has been purged yet. Keys and values are non-blank / non-null strings of at most 8 KiB;
 * durations are not negative (zero: the record is born expired, so a zero alert window means no
 * de-duplication); otherwise {@link IllegalArgumentException}. The store never reads the
 * clock: every call says what time it is.
 *
 * <p>The typical event costs five calls: {@link #markEventProcessed}, {@link #claimWrite},
 * {@link #recordRollback}, {@link #claimAlert}, {@link #swapFindingStatus} (docs/state.md).
 */
public interface GuardStateStore {

    /** Rollback times kept per resource; counts saturate here (far above any fight threshold). */
    int ROLLBACK_HISTORY_LIMIT = 64;

    /**
     * How long a processed event id must be remembered: Event Grid's default event time-to-live
     * (1,440 minutes) bounds its redeliveries.
     */
    Duration EVENT_GRID_RETRY_HORIZON = Duration.ofHours(24);

    /** Marks an Event Grid event id handled; false when it already was (a redelivery). */
    boolean markEventProcessed(String eventId, Instant now, Duration ttl) throws StateUnavailableException;

    /**
     * Forgets a {@link #markEventProcessed} mark: the handling failed transiently and Event Grid
     * will redeliver; the redelivery must be handled, not dropped as a duplicate.
     */
    void releaseEvent(String eventId, Instant now) throws StateUnavailableException;

    /**
     * Claims the right to write {@code target} to fix the drift seen at {@code observedEtag}; false
     * when another instance already claimed the same target and etag.
     */
    boolean claimWrite(ResourceId target, String observedEtag, Instant now, Duration ttl) throws StateUnavailableException;

    /**
     * Gives up a {@link #claimWrite} whose write failed (ARM refused it, the operation ended
     * Failed): nothing changed, so whichever instance sees the drift next must be free to fix it
     * rather than defer to a claim nobody is acting on.
     */
    void releaseWrite(ResourceId target, String observedEtag, Instant now) throws StateUnavailableException;

    /**
     * Records one rollback of {@code resource} undoing a change by {@code actor} and returns how many
     * happened within {@code window} (this one included). Concurrent records from several instances
     * are each counted once.
     */
    default int recordRollback(ResourceId resource, Instant now, Duration window) throws StateUnavailableException {
        return recordRollback(resource, now, window, RollbackEntry.UNKNOWN_ACTOR).size();
    }

    /** Rollbacks of {@code resource} within {@code window} before {@code now}, without recording one. */
    default int rollbacksWithin(ResourceId resource, Instant now, Duration window) throws StateUnavailableException {
        return rollbackHistory(resource, now, window).size();
    }

    /**
     * Records one rollback of {@code resource} undoing a change made by {@code actor} (opaque, see
     * {@link RollbackEntry}) and returns the fight history within {@code window}, this one
     * included, oldest first: the escalation alert names every actor in it.
     */
    List<RollbackEntry> recordRollback(ResourceId resource, Instant now, Duration window, String actor)
            throws StateUnavailableException;

    /** The fight history of {@code resource} within {@code window} before {@code now}, oldest first. */
    List<RollbackEntry> rollbackHistory(ResourceId resource, Instant now, Duration window) throws StateUnavailableException;

    /**
     * Alert de-duplication: true (and recorded) when no alert with this key and this state
     * fingerprint was sent within {@code window}; a new fingerprint (the state changed again) is
     * always claimable.
     */
    boolean claimAlert(String alertKey, String stateFingerprint, Instant now, Duration window) throws StateUnavailableException;

    /** Stores the latest status of a finding key and returns the previous one (for "resolved" messages). */
    Optional<String> swapFindingStatus(String findingKey, String status, Instant now, Duration ttl) throws StateUnavailableException;

    /** Sweep progress: the last completed cursor of a sweep run. */
    void saveSweepCursor(String sweepId, String cursor, Instant now, Duration ttl) throws StateUnavailableException;

    Optional<String> sweepCursor(String sweepId, Instant now) throws StateUnavailableException;

    /** Deletes expired records; returns how many. */
    int purgeExpired(Instant now) throws StateUnavailableException;

    /**
     * True while this instance cannot reach the shared store and answers from its own memory
     * (only {@link FallbackGuardStateStore} ever is): alerts and logs say so, because duplicate
     * suppression and fight detection are then per instance.
     */
    default boolean isDegraded() {
        return false;
    }
}
