package com.dlpguard.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An Azure ML workspace: its default storage account ({@code properties.storageAccount}) for the
 * SEP-based rules; for a managed-network workspace, its {@code managedNetwork} with the outbound
 * rules and {@code publicNetworkAccess} (reported, not judged).
 */
public record MlWorkspace(ResourceId id, String location, Optional<ResourceId> storageAccount, ResourceDocument document,
                          Optional<ManagedNetwork> managedNetwork, Optional<String> publicNetworkAccess) {
    public MlWorkspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(storageAccount, "storageAccount");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(managedNetwork, "managedNetwork");
        Objects.requireNonNull(publicNetworkAccess, "publicNetworkAccess");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public MlWorkspace(ResourceId id, String location, Optional<ResourceId> storageAccount, String json,
            Optional<ManagedNetwork> managedNetwork, Optional<String> publicNetworkAccess) {
        this(id, location, storageAccount, ResourceDocument.ofText(json), managedNetwork, publicNetworkAccess);
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

    /** A workspace without a managed network (the SEP-based kind). */
    public MlWorkspace(ResourceId id, String location, Optional<ResourceId> storageAccount, String json) {
        this(id, location, storageAccount, json, Optional.empty(), Optional.empty());
    }
}
