package com.dlpguard.arm;

import com.dlpguard.model.ResourceId;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What to read. The gateway follows references itself (a subnet's SEPs, NSG and route table). */
public sealed interface ReadScope {

    /**
     * Named resources: protected subnets (and what they reference), the configured SEPs and NSGs
     * (read even when detached), workspaces (default storage account; environment versions when
     * {@code environmentVersions} is set, for DLP013), and managed-network workspaces: each read
     * fresh (never from a cache: its managed network is what the rules judge) with its outbound rules.
     */
    record Targeted(Set<ResourceId> subnets, Set<ResourceId> serviceEndpointPolicies,
                    Set<ResourceId> networkSecurityGroups, Set<ResourceId> workspaces,
                    boolean environmentVersions, Set<ResourceId> managedWorkspaces) implements ReadScope {
        public Targeted {
            subnets = Set.copyOf(subnets);
            serviceEndpointPolicies = Set.copyOf(serviceEndpointPolicies);
            networkSecurityGroups = Set.copyOf(networkSecurityGroups);
            workspaces = Set.copyOf(workspaces);
            managedWorkspaces = Set.copyOf(managedWorkspaces);
        }

        /** A scope without managed-network workspaces. */
        public Targeted(Set<ResourceId> subnets, Set<ResourceId> serviceEndpointPolicies,
                        Set<ResourceId> networkSecurityGroups, Set<ResourceId> workspaces, boolean environmentVersions) {
            this(subnets, serviceEndpointPolicies, networkSecurityGroups, workspaces, environmentVersions, Set.of());
        }
    }

    /** Everything of the guard's resource types in a subscription (or one resource group), via list calls. */
    record Subscription(String subscriptionId, Optional<String> resourceGroup) implements ReadScope {
        public Subscription {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(resourceGroup, "resourceGroup");
        }
    }
}
