package com.dlpguard.model;

import java.util.Objects;
import java.util.Optional;

/** An Azure ML workspace; only its default storage account ({@code properties.storageAccount}) matters to the rules. */
public record MlWorkspace(ResourceId id, String location, Optional<ResourceId> storageAccount, String json) {
    public MlWorkspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(storageAccount, "storageAccount");
        Objects.requireNonNull(json, "json");
    }
}
