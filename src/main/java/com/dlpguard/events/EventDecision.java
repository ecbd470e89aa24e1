package com.dlpguard.events;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Objects;

/**
 * What the guard made of one delivered event: accepted with the protected scopes to reconcile,
 * or ignored with the reason (unknown type, failed operation, outside the protected scopes,
 * malformed). {@code eventId} is "(none)" when the payload had no usable id. {@code ownWrite}:
 * the event was caused by the guard's own identity; it is routed like any other (rule book 2.3:
 * ignoring it would hand whoever can use that identity a blind spot), and only marked.
 */
public record EventDecision(String eventId, boolean accepted, String reason, List<ResourceId> scopes,
                            EventContext context, boolean ownWrite) {
    public EventDecision {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(reason, "reason");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(context, "context");
    }

    public EventDecision(String eventId, boolean accepted, String reason, List<ResourceId> scopes, EventContext context) {
        this(eventId, accepted, reason, scopes, context, false);
    }

    /** The same decision with another reason (coalesced, own write). */
    public EventDecision withReason(String newReason) {
        return new EventDecision(eventId, accepted, newReason, scopes, context, ownWrite);
    }

    /** The same decision, marked as caused by the guard's identity {@code identity}, the reason naming it. */
    public EventDecision asOwnWrite(String identity) {
        return new EventDecision(eventId, accepted, reason + " (caused by the guard's own identity " + identity
                + ": reconciled like any other event; a state the guard restored reads back compliant and writes nothing)",
                scopes, context, true);
    }

    public static EventDecision ignored(String eventId, String reason, EventContext context) {
        return new EventDecision(eventId, false, reason, List.of(), context);
    }
}
