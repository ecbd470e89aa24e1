package com.dlpguard.plan;

import java.util.List;

/**
 * The ordered writes of a rollback. Writes to one resource family (a VNet and its subnets, an NSG
 * and its rules share one etag) must run one after another, each after a fresh read.
 */
public record Plan(List<PlannedWrite> writes) {
    public static final Plan EMPTY = new Plan(List.of());

    public Plan {
        writes = List.copyOf(writes);
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }
}
