package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule's verdict on one resource. {@code offendingValues} are the concrete values behind a
 * violation (the unapproved account id, the blocking rule's name and priority) for alerts and
 * reports; {@code remedies} are empty unless {@code status} is VIOLATION and the rule can roll back.
 */
public record Finding(String ruleId,
                      Severity severity,
                      Status status,
                      ResourceId resourceId,
                      String workspace,
                      Optional<ResourceId> subnetId,
                      String message,
                      String remediation,
                      List<String> offendingValues,
                      List<Remedy> remedies) {
    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remediation, "remediation");
        offendingValues = List.copyOf(offendingValues);
        remedies = List.copyOf(remedies);
        if (status != Status.VIOLATION && !remedies.isEmpty()) {
            throw new IllegalArgumentException("only a violation carries remedies (" + ruleId + " " + status + ")");
        }
    }
}
