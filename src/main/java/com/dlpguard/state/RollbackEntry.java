package com.dlpguard.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One rollback in a resource's fight history: when, and who made the change it undid. {@code actor}
 * is opaque to the store (the guard encodes who the event named; {@link #UNKNOWN_ACTOR} when no
 * event named anyone, e.g. a sweep), cut to {@link #MAX_ACTOR} characters so a history of
 * {@link GuardStateStore#ROLLBACK_HISTORY_LIMIT} entries stays one small Table entity.
 */
public record RollbackEntry(Instant at, String actor) {
    public static final String UNKNOWN_ACTOR = "";
    public static final int MAX_ACTOR = 256;

    public RollbackEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        if (actor.length() > MAX_ACTOR) {
            actor = actor.substring(0, MAX_ACTOR);
        }
    }
}
