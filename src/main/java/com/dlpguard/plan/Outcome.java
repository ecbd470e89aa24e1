package com.dlpguard.plan;

import java.util.List;
import java.util.Optional;

/** What one write target came to: at most one write, and the remedies left out of it. */
record Outcome(Optional<PlannedWrite> write, List<SkippedRemedy> skipped) {
    Outcome {
        skipped = List.copyOf(skipped);
    }

    static Outcome skipped(List<SkippedRemedy> skipped) {
        return new Outcome(Optional.empty(), skipped);
    }

    static Outcome of(PlannedWrite write, List<SkippedRemedy> skipped) {
        return new Outcome(Optional.of(write), skipped);
    }
}
