package com.dlpguard.whatif;

import com.dlpguard.rules.Evaluation;

import java.util.List;
import java.util.Objects;

/** The rules on the current and on the predicted state, and every predicted finding judged. */
public record WhatIfVerdict(Prediction prediction, Evaluation current, Evaluation predicted, List<JudgedFinding> judged) {
    public WhatIfVerdict {
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(predicted, "predicted");
        judged = List.copyOf(judged);
        if (judged.size() != predicted.assessments().size()) {
            throw new IllegalArgumentException("one judgement per predicted assessment");
        }
    }

    public boolean fails(boolean newOnly) {
        return judged.stream().anyMatch(j -> j.counts(newOnly));
    }

    public long counting(boolean newOnly) {
        return judged.stream().filter(j -> j.counts(newOnly)).count();
    }
}
