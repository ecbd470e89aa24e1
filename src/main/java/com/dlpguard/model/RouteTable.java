package com.dlpguard.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A route table with its routes (inline and standalone merged). */
public record RouteTable(ResourceId id, String location, Optional<String> etag, List<Route> routes,
                         ResourceDocument document) {
    public RouteTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(etag, "etag");
        routes = List.copyOf(routes);
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public RouteTable(ResourceId id, String location, Optional<String> etag, List<Route> routes, String json) {
        this(id, location, etag, routes, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

}
