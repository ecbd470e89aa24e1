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
     * {@code environmentVersions} is set, for DLP013).
     */
    record Targeted(Set<ResourceId> subnets, Set<ResourceId> serviceEndpointPolicies,
                    Set<ResourceId> networkSecurityGroups, Set<ResourceId> workspaces,
                    boolean environmentVersions) implements ReadScope {
        public Targeted {
            subnets = Set.copyOf(subnets);
            serviceEndpointPolicies = Set.copyOf(serviceEndpointPolicies);
            networkSecurityGroups = Set.copyOf(networkSecurityGroups);
            workspaces = Set.copyOf(workspaces);
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
