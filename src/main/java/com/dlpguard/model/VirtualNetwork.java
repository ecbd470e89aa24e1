package com.dlpguard.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A virtual network; its subnets are held separately in the {@link Estate} (inline or standalone, merged). */
public record VirtualNetwork(ResourceId id, String location, Optional<String> etag, List<ResourceId> subnetIds, String json) {
    public VirtualNetwork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(etag, "etag");
        subnetIds = List.copyOf(subnetIds);
        Objects.requireNonNull(json, "json");
    }
}
