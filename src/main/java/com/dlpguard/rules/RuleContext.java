package com.dlpguard.rules;

import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What a rule sees: one workspace's desired state and the observed estate. */
public record RuleContext(WorkspaceConfig workspace, Estate estate) {
    public RuleContext {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(estate, "estate");
    }

    /** The configured default storage account, else the workspace's {@code properties.storageAccount}. */
    public Optional<ResourceId> defaultStorageAccount() {
        if (workspace.defaultStorageAccount().isPresent()) {
            return workspace.defaultStorageAccount();
        }
        return workspace.workspaceId().flatMap(estate::workspace).flatMap(w -> w.storageAccount());
    }

    /** The default account (when known) plus {@code allowedStorageAccounts}. */
    public Set<ResourceId> approvedStorageAccounts() {
        Set<ResourceId> approved = new LinkedHashSet<>();
        defaultStorageAccount().ifPresent(approved::add);
        approved.addAll(workspace.allowedStorageAccounts());
        return approved;
    }
}
