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
                                              ResourceDocument document) {
    public ServiceEndpointPolicyDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(service, "service");
        serviceResources = List.copyOf(serviceResources);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public ServiceEndpointPolicyDefinition(ResourceId id, String name, Optional<String> etag, String service,
            List<String> serviceResources, Optional<String> description, String json) {
        this(id, name, etag, service, serviceResources, description, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
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
