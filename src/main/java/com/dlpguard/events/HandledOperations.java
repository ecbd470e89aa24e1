package com.dlpguard.events;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ARM operations whose events can change a protected scope. Single source of truth for the
 * router and for the Event Grid subscription's {@code StringIn} filter in infra/ (a test compares
 * them). Event Grid allows 25 filter values per subscription: keep this list under that.
 */
public final class HandledOperations {
    public static final Set<String> ALL = Set.of(
            "Microsoft.Network/virtualNetworks/write",
            "Microsoft.Network/virtualNetworks/delete",
            "Microsoft.Network/virtualNetworks/subnets/write",
            "Microsoft.Network/virtualNetworks/subnets/delete",
            "Microsoft.Network/networkSecurityGroups/write",
            "Microsoft.Network/networkSecurityGroups/delete",
            "Microsoft.Network/networkSecurityGroups/securityRules/write",
            "Microsoft.Network/networkSecurityGroups/securityRules/delete",
            "Microsoft.Network/serviceEndpointPolicies/write",
            "Microsoft.Network/serviceEndpointPolicies/delete",
            "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write",
            "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete",
            "Microsoft.Network/routeTables/write",
            "Microsoft.Network/routeTables/delete",
            "Microsoft.Network/routeTables/routes/write",
            "Microsoft.Network/routeTables/routes/delete",
            "Microsoft.MachineLearningServices/workspaces/environments/versions/write",
            // Managed-network workspaces (DLP015-DLP017): the workspace PUT/PATCH carries
            // managedNetwork (isolation mode and inline outbound rules), and the outbound rule
            // child is written and deleted on its own.
            "Microsoft.MachineLearningServices/workspaces/write",
            "Microsoft.MachineLearningServices/workspaces/outboundRules/write",
            "Microsoft.MachineLearningServices/workspaces/outboundRules/delete");

    private static final Set<String> LOWER = ALL.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private HandledOperations() {
    }

    /** Case-insensitive: ARM spells operation names in more than one casing. */
    public static boolean isHandled(String operationName) {
        return operationName != null && LOWER.contains(operationName.toLowerCase(Locale.ROOT));
    }
}
