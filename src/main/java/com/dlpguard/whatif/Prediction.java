package com.dlpguard.whatif;

import com.dlpguard.model.Estate;

import java.util.List;
import java.util.Objects;

/**
 * The state the deployments would produce. {@code unpredictable} lists why the prediction as a
 * whole cannot be trusted (a failed what-if, a change ARM could not resolve to a resource): then
 * every finding that would otherwise pass is unknown. {@code warnings}: where the what-if and the
 * current state disagree (a Modify of a resource the current state lacks, a Create of one it has):
 * the current state is probably older than what Azure saw, so "pre-existing" may be wrong; the
 * predicted state itself still comes from Azure's {@code after}.
 */
public record Prediction(Estate estate, List<WhatIfResult> results, List<AppliedChange> changes,
                         List<String> unpredictable, List<String> warnings) {
    public Prediction {
        Objects.requireNonNull(estate, "estate");
        results = List.copyOf(results);
        changes = List.copyOf(changes);
        unpredictable = List.copyOf(unpredictable);
        warnings = List.copyOf(warnings);
    }
}
