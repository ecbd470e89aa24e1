package com.dlpguard.whatif;

import com.dlpguard.model.Estate;

import java.util.List;
import java.util.Objects;

/**
 * The state the deployments would produce. {@code unpredictable} lists why the prediction as a
 * whole cannot be trusted (a failed what-if, a change ARM could not resolve to a resource): then
 * every finding that would otherwise pass is unknown.
 */
public record Prediction(Estate estate, List<WhatIfResult> results, List<AppliedChange> changes,
                         List<String> unpredictable) {
    public Prediction {
        Objects.requireNonNull(estate, "estate");
        results = List.copyOf(results);
        changes = List.copyOf(changes);
        unpredictable = List.copyOf(unpredictable);
    }
}
