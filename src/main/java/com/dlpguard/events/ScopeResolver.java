package com.dlpguard.events;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a resource id to the protected subnets whose compliance it can affect. Shared by the
 * event router and the HTTP re-check (whose scope must map to at least one protected subnet).
 */
public final class ScopeResolver {

    /** The subnets to reconcile and a sentence saying why. */
    public record Resolution(Set<ResourceId> subnets, String why) {
        public Resolution {
            subnets = Set.copyOf(new LinkedHashSet<>(subnets));
        }
    }

    private ScopeResolver() {
    }

    /** Empty when the resource's type is not one the guard watches. */
    public static Optional<Resolution> resolve(ResourceId resource, GuardConfig config, Topology topology) {
        Optional<Resolution> managed = ManagedScopes.resolve(resource, config);
        if (managed.isPresent()) {
            return managed;
        }
        Set<ResourceId> scopes = new LinkedHashSet<>();
        if (resource.isOfType(ResourceTypes.SUBNET)) {
            if (config.workspaceProtecting(resource).isPresent()) {
                scopes.add(resource);
            }
            return Optional.of(new Resolution(scopes, "protected subnet " + resource.name() + " changed"));
        }
        if (resource.isOfType(ResourceTypes.VIRTUAL_NETWORK)) {
            protectedSubnets(config).stream().filter(s -> s.isWithin(resource)).forEach(scopes::add);
            return Optional.of(new Resolution(scopes, "virtual network " + resource.name() + " holding protected subnets changed"));
        }
        if (resource.isOfType(ResourceTypes.ML_WORKSPACE) || resource.isOfType(ResourceTypes.ML_ENVIRONMENT)
                || resource.isOfType(ResourceTypes.ML_ENVIRONMENT_VERSION)) {
            ResourceId workspace = resource;
            while (!workspace.isOfType(ResourceTypes.ML_WORKSPACE)) {
                workspace = workspace.parent().orElseThrow();
            }
            ResourceId ws = workspace;
            config.workspaces().stream().filter(w -> w.workspaceId().map(ws::equals).orElse(false))
                    .forEach(w -> scopes.addAll(w.subnets()));
            return Optional.of(new Resolution(scopes, "protected workspace " + ws.name() + " or its environments changed"));
        }
        Optional<ResourceId> owner = referencedOwner(resource);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        ResourceId o = owner.get();
        scopes.addAll(topology.subnetsUsing(o));
        for (WorkspaceConfig w : config.workspaces()) {
            boolean configured = w.approvesPolicy(o) || w.networkSecurityGroup().map(o::equals).orElse(false);
            if (configured) {
                scopes.addAll(w.subnets());
            }
        }
        if (scopes.isEmpty() && !topology.complete()) {
            // Cold instance: which subnets use this resource is not known yet. Reconciling the
            // subscription's protected subnets costs reads; missing a rogue policy costs data.
            protectedSubnets(config).stream()
                    .filter(s -> s.subscriptionId().equalsIgnoreCase(o.subscriptionId()))
                    .forEach(scopes::add);
            return Optional.of(new Resolution(scopes, o.name()
                    + " changed and the subnets using it are not known yet: every protected subnet of the subscription"));
        }
        return Optional.of(new Resolution(scopes, o.name() + " used by protected subnets changed"));
    }

    /** The NSG / SEP / route table a subnet references, for the resource or its child. */
    private static Optional<ResourceId> referencedOwner(ResourceId resource) {
        if (resource.isOfType(ResourceTypes.NETWORK_SECURITY_GROUP) || resource.isOfType(ResourceTypes.SERVICE_ENDPOINT_POLICY)
                || resource.isOfType(ResourceTypes.ROUTE_TABLE)) {
            return Optional.of(resource);
        }
        if (resource.isOfType(ResourceTypes.SECURITY_RULE) || resource.isOfType(ResourceTypes.DEFAULT_SECURITY_RULE)
                || resource.isOfType(ResourceTypes.SERVICE_ENDPOINT_POLICY_DEFINITION) || resource.isOfType(ResourceTypes.ROUTE)) {
            return resource.parent();
        }
        return Optional.empty();
    }

    static List<ResourceId> protectedSubnets(GuardConfig config) {
        return config.workspaces().stream().map(WorkspaceConfig::subnets).flatMap(List::stream).toList();
    }
}
