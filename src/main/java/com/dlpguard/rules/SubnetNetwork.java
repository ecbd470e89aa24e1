package com.dlpguard.rules;

import com.dlpguard.config.Egress;
import com.dlpguard.model.Estate;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Subnet;

import java.util.Objects;
import java.util.Optional;

/**
 * What DLP006-DLP011 need to know about one protected subnet: the subnet, its NSG, and the egress
 * case the workspace declares, each with the reason it is unknown when it cannot be read. A
 * resource the subnet references but the estate lacks is unknown too, never "absent": a snapshot or
 * a read that missed the NSG says nothing about the NSG's rules.
 *
 * <p>The case (NSG or firewall) comes from the configuration only (rule book 2). Version 1 inferred
 * it from a {@code 0.0.0.0/0} route to a VirtualAppliance, so one route of an insider's choosing
 * turned DLP006-DLP011 into "not applicable" and let the NSG be opened; DLP014 now judges the routes.
 */
record SubnetNetwork(ResourceId subnetId,
                     Optional<Subnet> subnet,
                     Optional<String> subnetProblem,
                     Optional<NetworkSecurityGroup> nsg,
                     Optional<String> nsgProblem,
                     Egress egress) {

    SubnetNetwork {
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(subnetProblem, "subnetProblem");
        Objects.requireNonNull(nsg, "nsg");
        Objects.requireNonNull(nsgProblem, "nsgProblem");
        Objects.requireNonNull(egress, "egress");
        if (subnet.isPresent() == subnetProblem.isPresent()) {
            throw new IllegalArgumentException("exactly one of subnet and subnetProblem");
        }
    }

    static SubnetNetwork resolve(RuleContext context, ResourceId subnetId) {
        Estate estate = context.estate();
        Egress egress = context.workspace().egress();
        Optional<Subnet> subnet = estate.subnet(subnetId);
        if (subnet.isEmpty()) {
            String problem = estate.readFailure(subnetId)
                    .map(why -> "subnet " + subnetId + " could not be read: " + why)
                    .orElse("subnet " + subnetId + " is not in the observed state (deleted, or missing from the snapshot)");
            return new SubnetNetwork(subnetId, Optional.empty(), Optional.of(problem), Optional.empty(), Optional.empty(),
                    egress);
        }
        Optional<NetworkSecurityGroup> nsg = Optional.empty();
        Optional<String> nsgProblem = Optional.empty();
        Optional<ResourceId> nsgId = subnet.get().networkSecurityGroupId();
        if (nsgId.isPresent()) {
            nsg = estate.networkSecurityGroup(nsgId.get());
            if (nsg.isEmpty()) {
                nsgProblem = Optional.of(unreadable(estate, "NSG", nsgId.get()));
            }
        }
        return new SubnetNetwork(subnetId, subnet, Optional.empty(), nsg, nsgProblem, egress);
    }

    private static String unreadable(Estate estate, String what, ResourceId id) {
        return estate.readFailure(id)
                .map(why -> what + " " + id + " could not be read: " + why)
                .orElse(what + " " + id + " is referenced by the subnet but absent from the observed state");
    }

    boolean isFirewallCase() {
        return egress.isFirewall();
    }

    /** The NSG the subnet references, whether or not it could be read. */
    Optional<ResourceId> nsgId() {
        return subnet.flatMap(Subnet::networkSecurityGroupId);
    }

    /** The resource DLP006-DLP009 findings name: the subnet's NSG, or the subnet when it has none. */
    ResourceId nsgOrSubnet() {
        return nsgId().orElse(subnetId);
    }

    /** "not applicable: the workspace declares the firewall case (...)". */
    String notApplicableInFirewallCase() {
        return "not applicable: the workspace declares the " + egress.describe();
    }
}
