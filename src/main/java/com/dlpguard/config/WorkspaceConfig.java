package com.dlpguard.config;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The desired state for one AML workspace (rule book section 3). */
public record WorkspaceConfig(String name,
                              String region,
                              Optional<ResourceId> workspaceId,
                              List<ResourceId> subnets,
                              ResourceId serviceEndpointPolicy,
                              Optional<ResourceId> networkSecurityGroup,
                              Optional<ResourceId> defaultStorageAccount,
                              boolean defaultStorageHasPrivateEndpoint,
                              List<ResourceId> allowedStorageAccounts,
                              boolean allowBatchInbound,
                              Egress egress,
                              List<ResourceId> additionalServiceEndpointPolicies) {
    public WorkspaceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(workspaceId, "workspaceId");
        subnets = List.copyOf(subnets);
        Objects.requireNonNull(serviceEndpointPolicy, "serviceEndpointPolicy");
        Objects.requireNonNull(networkSecurityGroup, "networkSecurityGroup");
        Objects.requireNonNull(defaultStorageAccount, "defaultStorageAccount");
        allowedStorageAccounts = List.copyOf(allowedStorageAccounts);
        Objects.requireNonNull(egress, "egress");
        additionalServiceEndpointPolicies = List.copyOf(additionalServiceEndpointPolicies);
    }

    /** A version 1 workspace: the NSG case, no additional service endpoint policy. */
    public WorkspaceConfig(String name, String region, Optional<ResourceId> workspaceId, List<ResourceId> subnets,
                           ResourceId serviceEndpointPolicy, Optional<ResourceId> networkSecurityGroup,
                           Optional<ResourceId> defaultStorageAccount, boolean defaultStorageHasPrivateEndpoint,
                           List<ResourceId> allowedStorageAccounts, boolean allowBatchInbound) {
        this(name, region, workspaceId, subnets, serviceEndpointPolicy, networkSecurityGroup, defaultStorageAccount,
                defaultStorageHasPrivateEndpoint, allowedStorageAccounts, allowBatchInbound, Egress.NSG, List.of());
    }

    /** This workspace with only {@code narrowed} as its subnets (a reconcile scoped to what an event touched). */
    public WorkspaceConfig withSubnets(List<ResourceId> narrowed) {
        return new WorkspaceConfig(name, region, workspaceId, narrowed, serviceEndpointPolicy, networkSecurityGroup,
                defaultStorageAccount, defaultStorageHasPrivateEndpoint, allowedStorageAccounts, allowBatchInbound, egress,
                additionalServiceEndpointPolicies);
    }

    /** The configured policy or one listed in {@code additionalServiceEndpointPolicies} (DLP005 approves only these). */
    public boolean approvesPolicy(ResourceId policy) {
        return serviceEndpointPolicy.equals(policy) || additionalServiceEndpointPolicies.contains(policy);
    }

    public boolean protects(ResourceId subnetId) {
        return subnets.contains(subnetId);
    }
}
