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
                              boolean allowBatchInbound) {
    public WorkspaceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(workspaceId, "workspaceId");
        subnets = List.copyOf(subnets);
        Objects.requireNonNull(serviceEndpointPolicy, "serviceEndpointPolicy");
        Objects.requireNonNull(networkSecurityGroup, "networkSecurityGroup");
        Objects.requireNonNull(defaultStorageAccount, "defaultStorageAccount");
        allowedStorageAccounts = List.copyOf(allowedStorageAccounts);
    }

    public boolean protects(ResourceId subnetId) {
        return subnets.contains(subnetId);
    }
}
