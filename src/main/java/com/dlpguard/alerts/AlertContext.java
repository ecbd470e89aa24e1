package com.dlpguard.alerts;

import java.util.Objects;
import java.util.Optional;

/**
 * What the triggering event says about a change: who, and the ids that tie the alert to the
 * activity log ({@code correlationId}) and to Event Grid ({@code eventId}). Empty for sweeps.
 */
public record AlertContext(Actor actor, Optional<String> correlationId, Optional<String> eventId) {
    public AlertContext {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(eventId, "eventId");
        correlationId = correlationId.filter(s -> !s.isBlank());
        eventId = eventId.filter(s -> !s.isBlank());
    }

    /** A timer sweep or a manual re-check: no event behind it. */
    public static AlertContext none() {
        return new AlertContext(Actor.unknown(), Optional.empty(), Optional.empty());
    }

    public static AlertContext of(Actor actor, String correlationId, String eventId) {
        return new AlertContext(actor, Optional.ofNullable(correlationId), Optional.ofNullable(eventId));
    }
}
