package com.dlpguard.arm;

import com.dlpguard.model.ResourceId;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What to read. The gateway follows references itself (a subnet's SEPs, NSG and route table). */
public sealed interface ReadScope {

    /**
     * Named resources: protected subnets (and what they reference, unless {@code followReferences}
     * is false), the configured SEPs and NSGs (read even when detached), workspaces (default
     * storage account; environment versions when {@code environmentVersions} is set, for DLP013),
     * and managed-network workspaces: each read fresh (never from a cache: its managed network is
     * what the rules judge) with its outbound rules.
     *
     * <p>{@code followReferences} false reads the subnets alone: the verification of a subnet
     * write, whose SEPs and NSG were read just before it and did not change with it (the caller
     * reads whatever the written subnet references that it has not read).
     */
    record Targeted(Set<ResourceId> subnets, Set<ResourceId> serviceEndpointPolicies,
                    Set<ResourceId> networkSecurityGroups, Set<ResourceId> workspaces,
                    boolean environmentVersions, Set<ResourceId> managedWorkspaces,
                    boolean followReferences) implements ReadScope {
        public Targeted {
            subnets = Set.copyOf(subnets);
            serviceEndpointPolicies = Set.copyOf(serviceEndpointPolicies);
            networkSecurityGroups = Set.copyOf(networkSecurityGroups);
            workspaces = Set.copyOf(workspaces);
            managedWorkspaces = Set.copyOf(managedWorkspaces);
        }

        /** Subnets with what they reference (the usual read). */
        public Targeted(Set<ResourceId> subnets, Set<ResourceId> serviceEndpointPolicies,
                        Set<ResourceId> networkSecurityGroups, Set<ResourceId> workspaces, boolean environmentVersions,
                        Set<ResourceId> managedWorkspaces) {
            this(subnets, serviceEndpointPolicies, networkSecurityGroups, workspaces, environmentVersions, managedWorkspaces,
                    true);
        }

        /** A scope without managed-network workspaces, subnets with what they reference. */
        public Targeted(Set<ResourceId> subnets, Set<ResourceId> serviceEndpointPolicies,
                        Set<ResourceId> networkSecurityGroups, Set<ResourceId> workspaces, boolean environmentVersions) {
            this(subnets, serviceEndpointPolicies, networkSecurityGroups, workspaces, environmentVersions, Set.of());
        }
    }

    /**
     * Everything of the guard's resource types in a subscription (or one resource group), via list
     * calls. With an {@code interest} (a sweep listing the groups of a targeted scope because that
     * costs fewer requests than its GETs), the listing keeps only what that targeted read would have
     * read: the virtual networks of its subnets, what those subnets reference, its configured SEPs
     * and NSGs; every item is still listed, parsed and checked, the rest is not mapped or kept.
     * Why the insider gains nothing: an item is kept or dropped by its id, which ARM assigns from
     * its path, and by the references of the protected subnets themselves, exactly as the GETs of
     * the targeted read follow them; a resource nothing protected references is judged by no rule.
     */
    record Subscription(String subscriptionId, Optional<String> resourceGroup, Optional<Targeted> interest)
            implements ReadScope {
        public Subscription {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(resourceGroup, "resourceGroup");
            Objects.requireNonNull(interest, "interest");
        }

        /** Everything listed is kept. */
        public Subscription(String subscriptionId, Optional<String> resourceGroup) {
            this(subscriptionId, resourceGroup, Optional.empty());
        }
    }
}
