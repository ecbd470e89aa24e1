package com.dlpguard.config;

import com.dlpguard.model.ResourceId;

import java.util.Objects;

/**
 * The desired state of an AML workspace whose compute runs in the workspace's managed virtual
 * network ({@code "network": "managed"}): no customer subnet, SEP or NSG; the platform's
 * "Allow only approved outbound" mode plus an explicit list of approved outbound destinations.
 *
 * <p>{@code workspaceId} is required (unlike SEP-based entries, which can find the workspace by
 * name): the managed network is a property of the workspace, so without its id there is nothing
 * to read, and matching by name would let an insider point the guard at a look-alike workspace.
 */
public record ManagedWorkspaceConfig(String name, String region, ResourceId workspaceId, ApprovedOutbound approvedOutbound) {
    public ManagedWorkspaceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(approvedOutbound, "approvedOutbound");
    }
}
