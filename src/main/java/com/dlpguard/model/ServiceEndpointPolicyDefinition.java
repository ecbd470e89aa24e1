package com.dlpguard.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A SEP definition: {@code service} is {@code Microsoft.Storage} (account/group/subscription ids) or {@code Global} (aliases). */
public record ServiceEndpointPolicyDefinition(ResourceId id,
                                              String name,
                                              Optional<String> etag,
                                              String service,
                                              List<String> serviceResources,
                                              Optional<String> description,
                                              String json) {
    public ServiceEndpointPolicyDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(service, "service");
        serviceResources = List.copyOf(serviceResources);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(json, "json");
    }

    public boolean isForService(String otherService) {
        return service.equalsIgnoreCase(otherService);
    }

    public boolean lists(String resource) {
        return serviceResources.stream().anyMatch(r -> r.equalsIgnoreCase(resource));
    }

    public ResourceId policyId() {
        return id.parent().orElseThrow();
    }
}
