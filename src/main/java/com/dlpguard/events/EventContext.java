package com.dlpguard.events;

import java.util.Objects;
import java.util.Optional;

/** Who did what, taken from an event for alerts and audit lines (never for decisions about state). */
public record EventContext(Optional<String> eventId, Optional<String> operationName, Optional<String> subject, Optional<String> correlationId,
                           Optional<String> actorUpn, Optional<String> actorAppId, Optional<String> actorObjectId,
                           Optional<String> clientIp, Optional<String> eventTime) {
    public static final EventContext NONE = new EventContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public EventContext {
        Objects.requireNonNull(eventId);
        Objects.requireNonNull(operationName);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(correlationId);
        Objects.requireNonNull(actorUpn);
        Objects.requireNonNull(actorAppId);
        Objects.requireNonNull(actorObjectId);
        Objects.requireNonNull(clientIp);
        Objects.requireNonNull(eventTime);
    }

    /** The actor as people read it: UPN, else app id, else object id. */
    public Optional<String> actor() {
        return actorUpn.or(() -> actorAppId).or(() -> actorObjectId);
    }
}
