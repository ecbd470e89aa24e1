package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a violation needs restored, decided by the rule as a value. The planner turns remedies
 * into ARM requests against the current resource bodies; rules never build requests.
 */
public sealed interface Remedy {

    /** The resource the remedy writes. */
    ResourceId target();

    /** DLP001: add {@code {"service": service}} to the subnet's serviceEndpoints. */
    record AddServiceEndpoint(ResourceId subnet, String service) implements Remedy {
        public AddServiceEndpoint { Objects.requireNonNull(subnet); Objects.requireNonNull(service); }
        public ResourceId target() { return subnet; }
    }

    /** DLP002: add the configured policy to the subnet's serviceEndpointPolicies. */
    record AttachServiceEndpointPolicy(ResourceId subnet, ResourceId policy) implements Remedy {
        public AttachServiceEndpointPolicy { Objects.requireNonNull(subnet); Objects.requireNonNull(policy); }
        public ResourceId target() { return subnet; }
    }

    /** DLP005 (another SEP attached to a protected subnet): remove it from the subnet's serviceEndpointPolicies. */
    record DetachServiceEndpointPolicy(ResourceId subnet, ResourceId policy) implements Remedy {
        public DetachServiceEndpointPolicy { Objects.requireNonNull(subnet); Objects.requireNonNull(policy); }
        public ResourceId target() { return subnet; }
    }

    /** DLP011: set the subnet's networkSecurityGroup to the configured NSG. */
    record AttachNetworkSecurityGroup(ResourceId subnet, ResourceId networkSecurityGroup) implements Remedy {
        public AttachNetworkSecurityGroup { Objects.requireNonNull(subnet); Objects.requireNonNull(networkSecurityGroup); }
        public ResourceId target() { return subnet; }
    }

    /** DLP003: PUT a Global definition holding the alias, under {@code definitionName}. */
    record RestoreMlAlias(ResourceId policy, String definitionName, String alias) implements Remedy {
        public RestoreMlAlias { Objects.requireNonNull(policy); Objects.requireNonNull(definitionName); Objects.requireNonNull(alias); }
        public ResourceId target() { return policy.child("serviceEndpointPolicyDefinitions", definitionName); }
    }

    /**
     * DLP004: add {@code account} to the policy's Microsoft.Storage definition {@code definitionName}
     * (created when the policy has none).
     */
    record AddStorageAccount(ResourceId policy, String definitionName, ResourceId account) implements Remedy {
        public AddStorageAccount { Objects.requireNonNull(policy); Objects.requireNonNull(definitionName); Objects.requireNonNull(account); }
        public ResourceId target() { return policy.child("serviceEndpointPolicyDefinitions", definitionName); }
    }

    /** DLP005 (the configured SEP): remove exactly these entries from the definition, keep everything else. */
    record RemoveStorageEntries(ResourceId definition, List<String> entries) implements Remedy {
        public RemoveStorageEntries { Objects.requireNonNull(definition); entries = List.copyOf(entries); }
        public ResourceId target() { return definition; }
    }

    /**
     * DLP006-DLP008: an outbound allow rule to {@code destinationTag} on 443, placed just before the
     * rule that blocks it ({@code blockingPriority}); empty when nothing blocks and the rule was
     * missing for another reason.
     */
    record AddOutboundAllowRule(ResourceId networkSecurityGroup, String ruleName, String destinationTag,
                                String protocol, Optional<Integer> blockingPriority) implements Remedy {
        public AddOutboundAllowRule {
            Objects.requireNonNull(networkSecurityGroup); Objects.requireNonNull(ruleName);
            Objects.requireNonNull(destinationTag); Objects.requireNonNull(protocol); Objects.requireNonNull(blockingPriority);
        }
        public ResourceId target() { return networkSecurityGroup.child("securityRules", ruleName); }
    }

    /** DLP009: delete the security rule. */
    record DeleteSecurityRule(ResourceId securityRule) implements Remedy {
        public DeleteSecurityRule { Objects.requireNonNull(securityRule); }
        public ResourceId target() { return securityRule; }
    }

    /**
     * DLP016: DELETE the managed network's outbound rule (the child resource
     * {@code workspaces/{ws}/outboundRules/{name}}); never a platform rule (DLP017 has no remedy).
     */
    record DeleteOutboundRule(ResourceId outboundRule) implements Remedy {
        public DeleteOutboundRule { Objects.requireNonNull(outboundRule); }
        public ResourceId target() { return outboundRule; }
    }

    /** DLP012: a route {@code addressPrefix} (a service tag) with next hop Internet. */
    record AddRoute(ResourceId routeTable, String routeName, String addressPrefix) implements Remedy {
        public AddRoute { Objects.requireNonNull(routeTable); Objects.requireNonNull(routeName); Objects.requireNonNull(addressPrefix); }
        public ResourceId target() { return routeTable.child("routes", routeName); }
    }

    /** DLP014 (NSG case): delete a route that sends public address space to an appliance. */
    record DeleteRoute(ResourceId route) implements Remedy {
        public DeleteRoute { Objects.requireNonNull(route); }
        public ResourceId target() { return route; }
    }

    /**
     * DLP014 (firewall case): the route {@code addressPrefix} with next hop VirtualAppliance at the
     * declared {@code nextHopIpAddress} (rewritten in place, or created when the default route is missing).
     */
    record RouteToAppliance(ResourceId route, String addressPrefix, String nextHopIpAddress) implements Remedy {
        public RouteToAppliance {
            Objects.requireNonNull(route); Objects.requireNonNull(addressPrefix); Objects.requireNonNull(nextHopIpAddress);
        }
        public ResourceId target() { return route; }
    }

    /**
     * DLP005 (configured or additional SEP): delete a Microsoft.Storage definition left with no
     * approved entry while another Microsoft.Storage definition of the policy keeps an approved one.
     */
    record DeleteStorageDefinition(ResourceId definition) implements Remedy {
        public DeleteStorageDefinition { Objects.requireNonNull(definition); }
        public ResourceId target() { return definition; }
    }
}
