package com.dlpguard.model;

import java.util.Objects;
import java.util.Optional;

/** An AML environment version; {@code image} is {@code properties.image} (absent for Dockerfile builds). */
public record EnvironmentVersion(ResourceId id, Optional<String> image, String json) {
    public EnvironmentVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(json, "json");
    }

    public ResourceId workspaceId() {
        return id.parent().flatMap(ResourceId::parent).orElseThrow();
    }
}
