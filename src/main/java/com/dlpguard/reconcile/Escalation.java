package com.dlpguard.reconcile;

import java.util.List;

/**
 * A fight: the resource was rolled back {@code rollbacks} times within the fight window.
 * {@code actors}: every distinct actor of the changes undone, the latest first. {@code keepsRestoring}:
 * true for critical rules (never given up, paced by backoff), false where the guard stops writing
 * until the window passes.
 */
public record Escalation(List<ChangeActor> actors, int rollbacks, boolean keepsRestoring) {
    public Escalation {
        actors = List.copyOf(actors);
        if (actors.isEmpty()) {
            throw new IllegalArgumentException("an escalation names its actors (ChangeActor.UNKNOWN when none is known)");
        }
    }
}
