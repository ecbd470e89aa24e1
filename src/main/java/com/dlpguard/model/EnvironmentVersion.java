package com.dlpguard.model;

import java.util.Objects;
import java.util.Optional;

/** An AML environment version; {@code image} is {@code properties.image} (absent for Dockerfile builds). */
public record EnvironmentVersion(ResourceId id, Optional<String> image, ResourceDocument document) {
    public EnvironmentVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public EnvironmentVersion(ResourceId id, Optional<String> image, String json) {
        this(id, image, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

    public ResourceId workspaceId() {
        return id.parent().flatMap(ResourceId::parent).orElseThrow();
    }
}
