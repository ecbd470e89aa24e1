package com.dlpguard.reconcile;

import com.dlpguard.model.ResourceId;

import java.util.Objects;
import java.util.Set;

/**
 * What to reconcile: only names, never event content (level-triggered). {@code subnets} empty
 * means every protected subnet of the configuration (the sweep, the CLI). {@code dryRun} plans
 * and reports writes without sending them. A managed-network workspace has no subnet: the guard's
 * {@link ReconcileKey.ManagedWorkspace} arrives here as the workspace id (the set holds the ids of
 * protected scopes of both kinds; the reconciler tells them apart by the configuration).
 */
public record ReconcileRequest(Set<ResourceId> subnets, boolean dryRun) {
    public ReconcileRequest {
        subnets = Set.copyOf(Objects.requireNonNull(subnets, "subnets"));
    }

    public static ReconcileRequest everything(boolean dryRun) {
        return new ReconcileRequest(Set.of(), dryRun);
    }
}
