package com.dlpguard.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A route table with its routes (inline and standalone merged). */
public record RouteTable(ResourceId id, String location, Optional<String> etag, List<Route> routes, String json) {
    public RouteTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(etag, "etag");
        routes = List.copyOf(routes);
        Objects.requireNonNull(json, "json");
    }

}
