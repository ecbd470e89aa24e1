package com.dlpguard.config;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated desired-state configuration. {@code ruleModes} holds explicit per-rule modes
 * (upper-case rule ids); every other rule runs in {@code defaultMode}.
 */
public record GuardConfig(List<WorkspaceConfig> workspaces, Mode defaultMode, Map<String, Mode> ruleModes,
                          List<Exemption> exemptions, List<ManagedWorkspaceConfig> managedWorkspaces) {
    public GuardConfig {
        workspaces = List.copyOf(workspaces);
        managedWorkspaces = List.copyOf(managedWorkspaces);
        Objects.requireNonNull(defaultMode, "defaultMode");
        ruleModes = Map.copyOf(ruleModes);
        exemptions = List.copyOf(exemptions);
    }

    /** A configuration of SEP-based workspaces only. */
    public GuardConfig(List<WorkspaceConfig> workspaces, Mode defaultMode, Map<String, Mode> ruleModes,
                       List<Exemption> exemptions) {
        this(workspaces, defaultMode, ruleModes, exemptions, List.of());
    }

    public Mode modeOf(String ruleId) {
        return ruleModes.getOrDefault(ruleId, defaultMode);
    }

    /** The workspace protecting {@code subnetId}, if any. */
    public Optional<WorkspaceConfig> workspaceProtecting(ResourceId subnetId) {
        return workspaces.stream().filter(w -> w.protects(subnetId)).findFirst();
    }

    /** The managed-network workspace configured with id {@code workspaceId}, if any. */
    public Optional<ManagedWorkspaceConfig> managedWorkspace(ResourceId workspaceId) {
        return managedWorkspaces.stream().filter(w -> w.workspaceId().equals(workspaceId)).findFirst();
    }
}
