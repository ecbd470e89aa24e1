package com.dlpguard.plan;

import com.dlpguard.model.ResourceId;

import java.util.Objects;

/**
 * A remedy of a rollback candidate the planner did not turn into a write, and why: the resource is
 * managed by Azure ML, could not be read, is already in the desired state, or two remedies
 * contradict each other. Reported next to the plan so an operator sees why nothing was rolled back.
 */
public record SkippedRemedy(String ruleId, ResourceId target, String reason) {
    public SkippedRemedy {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
    }
}
