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
                                    String json) {
    public ServiceEndpointPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(etag, "etag");
        definitions = List.copyOf(definitions);
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(json, "json");
    }

    public List<ServiceEndpointPolicyDefinition> definitionsFor(String service) {
        return definitions.stream().filter(d -> d.isForService(service)).toList();
    }

    public Optional<ServiceEndpointPolicyDefinition> definition(String name) {
        return definitions.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }
}
