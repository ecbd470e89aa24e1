package com.dlpguard.model;

import java.util.List;
import java.util.Objects;

/** One entry of a subnet's {@code serviceEndpoints}; {@code locations} is filled by ARM and informational only. */
public record ServiceEndpoint(String service, List<String> locations) {
    public ServiceEndpoint {
        Objects.requireNonNull(service, "service");
        locations = List.copyOf(locations);
    }

    public boolean isFor(String otherService) {
        return service.equalsIgnoreCase(otherService);
    }
}
