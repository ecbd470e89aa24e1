package com.dlpguard.rules;

import com.dlpguard.model.Estate;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.Subnet;

import java.util.Objects;
import java.util.Optional;

/**
 * What DLP006-DLP011 need to know about one protected subnet: the subnet, its NSG, and whether it
 * is in the NSG case or the firewall case, each with the reason it is unknown when it cannot be
 * read. A resource the subnet references but the estate lacks is unknown too, never "absent": a
 * snapshot or a read that missed the NSG says nothing about the NSG's rules.
 */
record SubnetNetwork(ResourceId subnetId,
                     Optional<Subnet> subnet,
                     Optional<String> subnetProblem,
                     Optional<NetworkSecurityGroup> nsg,
                     Optional<String> nsgProblem,
                     RoutingCase routingCase,
                     String routingReason) {

    /** The rule book's two cases, and "the route table could not be read". */
    enum RoutingCase { NSG, FIREWALL, UNKNOWN }

    SubnetNetwork {
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(subnetProblem, "subnetProblem");
        Objects.requireNonNull(nsg, "nsg");
        Objects.requireNonNull(nsgProblem, "nsgProblem");
        Objects.requireNonNull(routingCase, "routingCase");
        Objects.requireNonNull(routingReason, "routingReason");
        if (subnet.isPresent() == subnetProblem.isPresent()) {
            throw new IllegalArgumentException("exactly one of subnet and subnetProblem");
        }
    }

    static SubnetNetwork resolve(Estate estate, ResourceId subnetId) {
        Optional<Subnet> subnet = estate.subnet(subnetId);
        if (subnet.isEmpty()) {
            String problem = estate.readFailure(subnetId)
                    .map(why -> "subnet " + subnetId + " could not be read: " + why)
                    .orElse("subnet " + subnetId + " is not in the observed state (deleted, or missing from the snapshot)");
            return new SubnetNetwork(subnetId, Optional.empty(), Optional.of(problem), Optional.empty(), Optional.empty(),
                    RoutingCase.UNKNOWN, problem);
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
        RoutingCase routing = RoutingCase.NSG;
        String reason = "the subnet has no route table";
        Optional<ResourceId> tableId = subnet.get().routeTableId();
        if (tableId.isPresent()) {
            Optional<RouteTable> table = estate.routeTable(tableId.get());
            if (table.isEmpty()) {
                routing = RoutingCase.UNKNOWN;
                reason = unreadable(estate, "route table", tableId.get());
            } else if (table.get().sendsDefaultRouteToAppliance()) {
                routing = RoutingCase.FIREWALL;
                reason = "route table " + tableId.get().name() + " sends 0.0.0.0/0 to a VirtualAppliance";
            } else {
                reason = "route table " + tableId.get().name() + " does not send 0.0.0.0/0 to a VirtualAppliance";
            }
        }
        return new SubnetNetwork(subnetId, subnet, Optional.empty(), nsg, nsgProblem, routing, reason);
    }

    private static String unreadable(Estate estate, String what, ResourceId id) {
        return estate.readFailure(id)
                .map(why -> what + " " + id + " could not be read: " + why)
                .orElse(what + " " + id + " is referenced by the subnet but absent from the observed state");
    }

    /** The NSG the subnet references, whether or not it could be read. */
    Optional<ResourceId> nsgId() {
        return subnet.flatMap(Subnet::networkSecurityGroupId);
    }

    /** The resource DLP006-DLP009 findings name: the subnet's NSG, or the subnet when it has none. */
    ResourceId nsgOrSubnet() {
        return nsgId().orElse(subnetId);
    }

    /** "not applicable: route table X sends 0.0.0.0/0 to a VirtualAppliance (firewall case)". */
    String notApplicableInFirewallCase() {
        return "not applicable: " + routingReason + " (firewall case)";
    }
}
