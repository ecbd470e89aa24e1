package com.dlpguard.arm;

import java.util.Set;

/**
 * Every ARM action the gateway performs: the single source of truth for the custom role in
 * infra/ (a test compares them). Joins are needed because a subnet PUT carrying a SEP, an NSG or
 * a route table is checked as "join" on that resource even when the reference did not change.
 */
public final class ArmPermissions {
    public static final Set<String> READ_ACTIONS = Set.of(
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/virtualNetworks/subnets/read",
            "Microsoft.Network/networkSecurityGroups/read",
            "Microsoft.Network/networkSecurityGroups/securityRules/read",
            "Microsoft.Network/serviceEndpointPolicies/read",
            "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/read",
            "Microsoft.Network/routeTables/read",
            "Microsoft.Network/routeTables/routes/read",
            "Microsoft.Network/locations/operations/read",
            "Microsoft.MachineLearningServices/workspaces/read",
            "Microsoft.MachineLearningServices/workspaces/environments/read",
            "Microsoft.MachineLearningServices/workspaces/environments/versions/read",
            "Microsoft.MachineLearningServices/workspaces/outboundRules/read");

    public static final Set<String> WRITE_ACTIONS = Set.of(
            "Microsoft.Network/virtualNetworks/subnets/write",
            "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write",
            "Microsoft.Network/networkSecurityGroups/securityRules/write",
            "Microsoft.Network/networkSecurityGroups/securityRules/delete",
            "Microsoft.Network/routeTables/routes/write",
            "Microsoft.Network/serviceEndpointPolicies/join/action",
            "Microsoft.Network/networkSecurityGroups/join/action",
            "Microsoft.Network/routeTables/join/action",
            "Microsoft.MachineLearningServices/workspaces/outboundRules/delete");

    private ArmPermissions() {
    }

    public static Set<String> all() {
        java.util.Set<String> all = new java.util.TreeSet<>(READ_ACTIONS);
        all.addAll(WRITE_ACTIONS);
        return java.util.Collections.unmodifiableSet(all);
    }
}
