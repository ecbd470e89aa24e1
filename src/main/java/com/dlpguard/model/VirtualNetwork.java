package com.dlpguard.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A virtual network; its subnets are held separately in the {@link Estate} (inline or standalone, merged). */
public record VirtualNetwork(ResourceId id, String location, Optional<String> etag, List<ResourceId> subnetIds,
                             ResourceDocument document) {
    public VirtualNetwork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(etag, "etag");
        subnetIds = List.copyOf(subnetIds);
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public VirtualNetwork(ResourceId id, String location, Optional<String> etag, List<ResourceId> subnetIds, String json) {
        this(id, location, etag, subnetIds, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }
}
