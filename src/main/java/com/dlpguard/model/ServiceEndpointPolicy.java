package com.dlpguard.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A service endpoint policy with its definitions (inline and standalone merged) and the subnets ARM says use it. */
public record ServiceEndpointPolicy(ResourceId id,
                                    String location,
                                    Optional<String> etag,
                                    List<ServiceEndpointPolicyDefinition> definitions,
                                    List<ResourceId> subnetIds,
                                    Map<String, String> tags,
                                    ResourceDocument document) {
    public ServiceEndpointPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(etag, "etag");
        definitions = List.copyOf(definitions);
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public ServiceEndpointPolicy(ResourceId id, String location, Optional<String> etag,
            List<ServiceEndpointPolicyDefinition> definitions, List<ResourceId> subnetIds, Map<String, String> tags,
            String json) {
        this(id, location, etag, definitions, subnetIds, tags, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

    public List<ServiceEndpointPolicyDefinition> definitionsFor(String service) {
        return definitions.stream().filter(d -> d.isForService(service)).toList();
    }

    public Optional<ServiceEndpointPolicyDefinition> definition(String name) {
        return definitions.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }
}
