package com.dlpguard.events;

import java.util.Objects;

/** One element of a delivery: a usable resource event, or a malformed one with the reason. */
public sealed interface ParsedEvent {
    String id();

    record Valid(ResourceEvent event) implements ParsedEvent {
        public Valid {
            Objects.requireNonNull(event, "event");
        }

        public String id() {
            return event.id();
        }
    }

    record Malformed(String id, String reason) implements ParsedEvent {
        public Malformed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
