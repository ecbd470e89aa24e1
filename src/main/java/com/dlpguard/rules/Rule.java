package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Optional;

/**
 * One DLP rule: a stable id, self-description, and a pure {@link #evaluate}. A rule yields one
 * finding per protected resource it looks at (pass, violation or unknown), never an exception
 * for missing or odd state: "can't tell" is {@link Status#UNKNOWN}.
 */
public interface Rule {
    String id();

    String title();

    Severity severity();

    /** What the rule checks and why, for SARIF and alerts. */
    String description();

    /** What a human should do about a violation. */
    String remediation();

    List<Finding> evaluate(RuleContext context);

    /**
     * The rule's findings for a workspace using a managed virtual network; none unless the rule is
     * one of the managed-network rules ({@link ManagedNetworkRule}).
     */
    default List<Finding> evaluateManaged(ManagedRuleContext context) {
        return List.of();
    }

    default Finding pass(RuleContext context, ResourceId resource, Optional<ResourceId> subnet, String message) {
        return new Finding(id(), severity(), Status.PASS, resource, context.workspace().name(), subnet, message,
                remediation(), List.of(), List.of());
    }

    default Finding unknown(RuleContext context, ResourceId resource, Optional<ResourceId> subnet, String message) {
        return new Finding(id(), severity(), Status.UNKNOWN, resource, context.workspace().name(), subnet, message,
                remediation(), List.of(), List.of());
    }

    default Finding violation(RuleContext context, ResourceId resource, Optional<ResourceId> subnet, String message,
                              List<String> offendingValues, List<Remedy> remedies) {
        return new Finding(id(), severity(), Status.VIOLATION, resource, context.workspace().name(), subnet, message,
                remediation(), offendingValues, remedies);
    }
}
