package com.dlpguard.rules;

import com.dlpguard.config.ManagedWorkspaceConfig;
import com.dlpguard.model.Estate;

import java.util.Objects;

/** What a managed-network rule sees: one managed workspace's desired state and the observed estate. */
public record ManagedRuleContext(ManagedWorkspaceConfig workspace, Estate estate) {
    public ManagedRuleContext {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(estate, "estate");
    }
}
