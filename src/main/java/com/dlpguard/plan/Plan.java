package com.dlpguard.plan;

import java.util.List;

/**
 * The ordered writes of a rollback. Writes to one resource family (a VNet and its subnets, an NSG
 * and its rules share one etag) are consecutive and must run one after another, each after a fresh
 * read. {@code skipped} lists the remedies that deliberately produced no write, with the reason.
 */
public record Plan(List<PlannedWrite> writes, List<SkippedRemedy> skipped) {
    public static final Plan EMPTY = new Plan(List.of(), List.of());

    public Plan {
        writes = List.copyOf(writes);
        skipped = List.copyOf(skipped);
    }

    public Plan(List<PlannedWrite> writes) {
        this(writes, List.of());
    }

    /** True when nothing is to be written (skipped remedies do not count). */
    public boolean isEmpty() {
        return writes.isEmpty();
    }
}
