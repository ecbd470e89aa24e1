package com.dlpguard.reconcile;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.Plan;
import com.dlpguard.rules.Evaluation;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one reconcile: the first evaluation (what was found), the first plan (what was
 * to be done), every write outcome, and the verified evaluation after the writes (equal to the
 * first when nothing was written). {@code rounds} counts read-evaluate-plan cycles; {@code lastRead}
 * is the state the verified evaluation saw (the router's topology comes from it).
 */
public record ReconcileResult(Evaluation found, Plan plan, List<WriteOutcome> outcomes, Evaluation verified, int rounds,
                              Estate lastRead) {
    public ReconcileResult {
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(plan, "plan");
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(verified, "verified");
        Objects.requireNonNull(lastRead, "lastRead");
    }
}
