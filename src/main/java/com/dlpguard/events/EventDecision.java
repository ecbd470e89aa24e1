package com.dlpguard.events;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Objects;

/**
 * What the guard made of one delivered event: accepted with the protected scopes to reconcile,
 * or ignored with the reason (unknown type, failed operation, outside the protected scopes, the
 * guard's own write, malformed). {@code eventId} is "(none)" when the payload had no usable id.
 */
public record EventDecision(String eventId, boolean accepted, String reason, List<ResourceId> scopes,
                            EventContext context) {
    public EventDecision {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(reason, "reason");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(context, "context");
    }

    /** The same decision with another reason (coalesced, own write). */
    public EventDecision withReason(String newReason) {
        return new EventDecision(eventId, accepted, newReason, scopes, context);
    }

    public static EventDecision ignored(String eventId, String reason, EventContext context) {
        return new EventDecision(eventId, false, reason, List.of(), context);
    }
}
