package com.dlpguard.reconcile;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.EventContext;
import com.dlpguard.events.EventDecision;
import com.dlpguard.events.EventRouter;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.ResourceEvent;
import com.dlpguard.events.Topology;
import com.dlpguard.model.ResourceId;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.StateUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Events in, keys out: routing, de-duplication of Event Grid redeliveries, and the cheap
 * event-time coalescing. An event whose time is older than this instance's last complete read of
 * every key it names (protected subnet or managed workspace) is already reflected in that read (ARM raises the event after the
 * operation completed). Neither filter lets an insider hide a change: a redelivery names a
 * change that was reconciled; an event-time skip needs a complete read after the change, and
 * {@code clockSkew} only ever makes it read more.
 */
final class EventIntake {

    /** What a delivery asks for. {@code markedIds}: event ids marked processed, released if the reconcile fails. */
    record Intake(List<EventDecision> decisions, Set<ReconcileKey> keys, List<String> markedIds, EventContext context,
                  boolean stateUnavailable) {
        Intake {
            decisions = List.copyOf(decisions);
            keys = Set.copyOf(new LinkedHashSet<>(keys));
            markedIds = List.copyOf(markedIds);
        }
    }

    private final GuardConfig config;
    private final GuardStateStore state;
    private final Clock clock;
    private final GuardPolicy policy;
    /** Clock time of this instance's last complete read of each key (event-time coalescing). */
    private final Map<ReconcileKey, Instant> lastRead = new ConcurrentHashMap<>();

    EventIntake(GuardConfig config, GuardStateStore state, Clock clock, GuardPolicy policy) {
        this.config = config;
        this.state = state;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * Routes every event; {@code onAccepted} sees the subject of each accepted one (the reconciler
     * forgets cached environment listings under it).
     */
    Intake take(List<ParsedEvent> events, Topology topology, Consumer<ResourceId> onAccepted, Consumer<EventDecision> log) {
        List<EventDecision> decisions = new ArrayList<>();
        Set<ReconcileKey> keys = new LinkedHashSet<>();
        List<String> marked = new ArrayList<>();
        EventContext context = EventContext.NONE;
        boolean degraded = false;
        for (ParsedEvent parsed : events) {
            if (parsed instanceof ParsedEvent.Malformed m) {
                EventDecision d = EventDecision.ignored(m.id(), "malformed event: " + m.reason(), EventContext.NONE);
                decisions.add(d);
                log.accept(d);
                continue;
            }
            ResourceEvent event = ((ParsedEvent.Valid) parsed).event();
            EventDecision d = EventRouter.route(event, config, topology, policy.guardIdentities());
            if (d.accepted()) {
                ResourceId.tryParse(event.subject()).ifPresent(onAccepted);
                Optional<Boolean> fresh = markProcessed(event.id());
                degraded |= fresh.isEmpty();
                if (!fresh.orElse(true)) {
                    d = EventDecision.ignored(event.id(), "duplicate delivery: event already handled", d.context());
                } else {
                    marked.add(event.id());
                    Set<ReconcileKey> unseen = notYetSeen(d.scopes(), event.eventTime());
                    if (unseen.isEmpty()) {
                        d = d.withReason(d.reason() + " (already reflected in this instance's last read: coalesced)");
                    }
                    keys.addAll(unseen);
                    context = d.context();
                }
            }
            decisions.add(d);
            log.accept(d);
        }
        return new Intake(decisions, keys, marked, context, degraded);
    }

    /** A complete read of {@code keys} started at {@code readAt} (clock time). */
    void readCompleted(Set<ReconcileKey> keys, Instant readAt) {
        keys.forEach(k -> lastRead.put(k, readAt));
    }

    /**
     * Forgets the processed marks of a delivery that failed, so Event Grid's redelivery is handled
     * rather than dropped as a duplicate.
     */
    void release(List<String> eventIds) {
        for (String id : eventIds) {
            try {
                state.releaseEvent(id, clock.instant());
            } catch (StateUnavailableException ignored) {
                // The mark expires with its TTL; the sweep catches what a lost redelivery misses.
            }
        }
    }

    private Set<ReconcileKey> notYetSeen(List<ResourceId> scopes, Optional<String> eventTime) {
        Optional<Instant> when = eventTime.flatMap(EventIntake::parseTime);
        Set<ReconcileKey> fresh = new LinkedHashSet<>();
        for (ReconcileKey k : ReconcileKey.of(scopes, config)) {
            Instant read = lastRead.get(k);
            if (when.isEmpty() || read == null || !read.minus(policy.clockSkew()).isAfter(when.get())) {
                fresh.add(k);
            }
        }
        return fresh;
    }

    private static Optional<Instant> parseTime(String s) {
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** True: first delivery; false: a redelivery; empty: the store could not say (treated as first). */
    private Optional<Boolean> markProcessed(String eventId) {
        try {
            return Optional.of(state.markEventProcessed(eventId, clock.instant(), policy.eventTtl()));
        } catch (StateUnavailableException e) {
            return Optional.empty();
        }
    }
}
