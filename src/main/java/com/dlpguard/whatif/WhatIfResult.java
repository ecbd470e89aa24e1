package com.dlpguard.whatif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One what-if result file: {@code status} ("Succeeded" when ARM could compute it), its changes,
 * and ARM's {@code error} when it could not. A failed what-if predicts nothing: {@link Predictor}
 * turns it into "unknown", never into "no change".
 */
public record WhatIfResult(String source, String status, List<WhatIfChange> changes, Optional<Error> error) {

    /** ARM's error: code and message (details flattened into the message). */
    public record Error(String code, String message) {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public WhatIfResult {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        changes = List.copyOf(changes);
        Objects.requireNonNull(error, "error");
    }

    /** ARM computed a complete prediction: status Succeeded and no error. */
    public boolean succeeded() {
        return status.equals("Succeeded") && error.isEmpty();
    }

    /** Why this result predicts nothing reliable, when it does not. */
    public Optional<String> failure() {
        if (succeeded()) {
            return Optional.empty();
        }
        return Optional.of(source + ": the what-if did not succeed (status " + status + ")"
                + error.map(e -> ": " + e.code() + ": " + e.message()).orElse(""));
    }
}
