package com.dlpguard.plan;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Objects;

/**
 * One write of a rollback plan. {@code ruleIds} lists every rule the write restores (one subnet
 * PUT can restore several). {@code property}, {@code before} and {@code after} describe the one
 * thing that changes (JSON text), for the audit trail and for a human reversing it by hand.
 * {@code reason} is the sentence logged with the write.
 */
public record PlannedWrite(List<String> ruleIds,
                           String action,
                           ResourceId target,
                           ArmRequest request,
                           String reason,
                           String property,
                           String before,
                           String after) {
    public PlannedWrite {
        ruleIds = List.copyOf(ruleIds);
        if (ruleIds.isEmpty()) {
            throw new IllegalArgumentException("a planned write restores at least one rule");
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    public String ruleId() {
        return ruleIds.get(0);
    }
}
