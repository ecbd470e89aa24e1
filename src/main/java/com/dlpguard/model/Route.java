package com.dlpguard.model;

import java.util.Objects;
import java.util.Optional;

/** A route; {@code addressPrefix} may be a CIDR or a service tag such as {@code AzureMachineLearning}. */
public record Route(ResourceId id, String name, Optional<String> etag, String addressPrefix, String nextHopType,
                    Optional<String> nextHopIpAddress, ResourceDocument document) {
    public Route {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(addressPrefix, "addressPrefix");
        Objects.requireNonNull(nextHopType, "nextHopType");
        Objects.requireNonNull(nextHopIpAddress, "nextHopIpAddress");
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public Route(ResourceId id, String name, Optional<String> etag, String addressPrefix, String nextHopType,
            Optional<String> nextHopIpAddress, String json) {
        this(id, name, etag, addressPrefix, nextHopType, nextHopIpAddress, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }
}
