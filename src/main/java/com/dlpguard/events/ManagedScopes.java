package com.dlpguard.events;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.ManagedWorkspaceConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;

import java.util.Optional;
import java.util.Set;

/**
 * Routing for workspaces that use a managed virtual network: a write to the workspace (its
 * managedNetwork, isolation mode and inline outbound rules travel in the workspace body) or to
 * one of its {@code outboundRules} children, or a delete of one, reconciles that workspace; its
 * key is the workspace id. Everything under the workspace counts, not only the rule type: the
 * event only says where to look, and a re-read costs two GETs.
 */
final class ManagedScopes {
    private ManagedScopes() {
    }

    /** Empty when {@code resource} is not a configured managed workspace or inside one. */
    static Optional<ScopeResolver.Resolution> resolve(ResourceId resource, GuardConfig config) {
        Optional<ResourceId> workspace = workspaceOf(resource);
        if (workspace.isEmpty()) {
            return Optional.empty();
        }
        Optional<ManagedWorkspaceConfig> managed = config.managedWorkspace(workspace.get());
        if (managed.isEmpty()) {
            return Optional.empty();
        }
        String why = resource.equals(workspace.get())
                ? "managed-network workspace " + workspace.get().name() + " changed"
                : resource.isOfType(ResourceTypes.ML_OUTBOUND_RULE)
                ? "outbound rule " + resource.name() + " of managed-network workspace " + workspace.get().name() + " changed"
                : resource.name() + " in managed-network workspace " + workspace.get().name() + " changed";
        return Optional.of(new ScopeResolver.Resolution(Set.of(managed.get().workspaceId()), why));
    }

    private static Optional<ResourceId> workspaceOf(ResourceId resource) {
        ResourceId r = resource;
        while (true) {
            if (r.isOfType(ResourceTypes.ML_WORKSPACE)) {
                return Optional.of(r);
            }
            Optional<ResourceId> parent = r.parent();
            if (parent.isEmpty() || !parent.get().isProviderResource()) {
                return Optional.empty();
            }
            r = parent.get();
        }
    }
}
