package com.dlpguard.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A subnet as ARM returns it. {@link #json()} is the resource exactly as read: a subnet PUT must
 * carry every current property (a PUT without {@code networkSecurityGroup} detaches the NSG), so
 * the planner starts from it rather than from the fields below.
 */
public record Subnet(ResourceId id,
                     Optional<String> etag,
                     List<ServiceEndpoint> serviceEndpoints,
                     List<ResourceId> serviceEndpointPolicyIds,
                     Optional<ResourceId> networkSecurityGroupId,
                     Optional<ResourceId> routeTableId,
                     ResourceDocument document) {
    public Subnet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(etag, "etag");
        serviceEndpoints = List.copyOf(serviceEndpoints);
        serviceEndpointPolicyIds = List.copyOf(serviceEndpointPolicyIds);
        Objects.requireNonNull(networkSecurityGroupId, "networkSecurityGroupId");
        Objects.requireNonNull(routeTableId, "routeTableId");
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public Subnet(ResourceId id, Optional<String> etag, List<ServiceEndpoint> serviceEndpoints,
            List<ResourceId> serviceEndpointPolicyIds, Optional<ResourceId> networkSecurityGroupId,
            Optional<ResourceId> routeTableId, String json) {
        this(id, etag, serviceEndpoints, serviceEndpointPolicyIds, networkSecurityGroupId, routeTableId,
                ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

    public ResourceId virtualNetworkId() {
        return id.parent().orElseThrow();
    }

    public boolean hasServiceEndpoint(String service) {
        return serviceEndpoints.stream().anyMatch(e -> e.isFor(service));
    }

    public boolean hasPolicy(ResourceId policyId) {
        return serviceEndpointPolicyIds.contains(policyId);
    }
}
