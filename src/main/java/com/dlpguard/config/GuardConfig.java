package com.dlpguard.config;

import com.dlpguard.model.ResourceId;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated desired-state configuration. {@code ruleModes} holds explicit per-rule modes
 * (upper-case rule ids); every other rule runs in {@code defaultMode}.
 */
public record GuardConfig(List<WorkspaceConfig> workspaces, Mode defaultMode, Map<String, Mode> ruleModes,
                          List<Exemption> exemptions, List<ConfigWarning> warnings,
                          List<ManagedWorkspaceConfig> managedWorkspaces) {
    public GuardConfig {
        workspaces = List.copyOf(workspaces);
        managedWorkspaces = List.copyOf(managedWorkspaces);
        Objects.requireNonNull(defaultMode, "defaultMode");
        ruleModes = Map.copyOf(ruleModes);
        exemptions = List.copyOf(exemptions);
        warnings = List.copyOf(warnings);
    }

    public GuardConfig(List<WorkspaceConfig> workspaces, Mode defaultMode, Map<String, Mode> ruleModes,
                       List<Exemption> exemptions) {
        this(workspaces, defaultMode, ruleModes, exemptions, List.of(), List.of());
    }

    /** A configuration of SEP-based workspaces only. */
    public GuardConfig(List<WorkspaceConfig> workspaces, Mode defaultMode, Map<String, Mode> ruleModes,
                       List<Exemption> exemptions, List<ConfigWarning> warnings) {
        this(workspaces, defaultMode, ruleModes, exemptions, warnings, List.of());
    }

    /**
     * The exemptions past their date on {@code today}: they lapse (cover nothing) and stay listed so
     * a long-running guard can say so in its decision log on the day they lapse, not only at load.
     */
    public List<Exemption> lapsedExemptions(LocalDate today) {
        return exemptions.stream().filter(e -> e.isLapsed(today)).toList();
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
