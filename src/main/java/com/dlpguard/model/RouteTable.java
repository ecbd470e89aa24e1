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

    /** The firewall case of the rule book: {@code 0.0.0.0/0} sent to a {@code VirtualAppliance}. */
    public boolean sendsDefaultRouteToAppliance() {
        return routes.stream().anyMatch(r -> "0.0.0.0/0".equals(r.addressPrefix().trim())
                && "VirtualAppliance".equalsIgnoreCase(r.nextHopType()));
    }
}
