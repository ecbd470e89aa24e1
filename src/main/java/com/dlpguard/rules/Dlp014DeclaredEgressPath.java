package com.dlpguard.rules;

import com.dlpguard.config.Egress;
import com.dlpguard.model.AddressSpace;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.Subnet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DLP014: the egress path is the one the configuration declares ({@code egress}).
 *
 * <p>NSG case: no route on a protected subnet's route table sends public address space to a
 * {@code VirtualAppliance}. Version 1 took such a route as "this subnet is behind a firewall" and
 * stopped judging the NSG; an insider's own appliance behind {@code 0.0.0.0/0} (or the split
 * {@code 0.0.0.0/1} + {@code 128.0.0.0/1}, or any narrower public range such as a Storage IP range)
 * is an egress path the NSG never sees. Each such route is a violation; rollback deletes it.
 *
 * <p>Firewall case: every route for public space goes to the declared appliance: a
 * {@code VirtualAppliance} route at another address is someone else's appliance, and a route with
 * next hop {@code Internet} (or a VPN/ExpressRoute gateway) for a public range bypasses the
 * firewall for it; rollback PUTs the route back to the declared appliance. Two kinds of route are
 * not egress paths and pass: next hop {@code None} (traffic is dropped), and the control-plane
 * routes ({@code AzureMachineLearning}, {@code BatchNodeManagement[.region]}), which DLP012 requires
 * to go to {@code Internet} and judges itself. And {@code 0.0.0.0/0}, or an equivalent split, must reach the declared
 * appliance: when public space is left to Azure's system route to the Internet, the finding names
 * the route table and rollback creates {@code dlp-guard-default-to-firewall} ({@code 0.0.0.0/0}) when
 * no route holds that prefix yet (a second route with the same prefix is refused by ARM).
 *
 * <p>Public means "not wholly private" (rule book 2.1): a service tag and an IPv6 prefix count as
 * public, since the guard cannot show them private. A route table that cannot be read is
 * {@code unknown} (loud in the CLI and the guard); a table shared by several protected subnets is
 * judged once. A firewall-case subnet without a route table is a violation naming the subnet, with
 * no remedy (the guard does not create or attach route tables).
 */
public final class Dlp014DeclaredEgressPath implements Rule {

    static final String APPLIANCE = "VirtualAppliance";
    static final String DEFAULT_ROUTE_NAME = "dlp-guard-default-to-firewall";
    private static final String ALL_IPV4 = "0.0.0.0/0";

    @Override
    public String id() {
        return "DLP014";
    }

    @Override
    public String title() {
        return "Routes follow the declared egress path";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String description() {
        return "A route sending public address space to an appliance other than the declared firewall (or to any"
                + " appliance when the workspace declares the NSG case) takes the compute's traffic past the controls"
                + " the guard checks: to an appliance of someone's choosing, every storage account is reachable.";
    }

    @Override
    public String remediation() {
        return "NSG case: delete routes that send public address space to a VirtualAppliance. Firewall case: point"
                + " every route for public space at the declared firewall (egress.nextHopIpAddress) and make 0.0.0.0/0"
                + " reach it. If the egress design changed, update egress in the configuration.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> findings = new ArrayList<>();
        Set<ResourceId> judged = new HashSet<>();
        Egress egress = context.workspace().egress();
        for (ResourceId subnetId : context.workspace().subnets()) {
            Optional<ResourceId> subnetRef = Optional.of(subnetId);
            var subnet = SubnetPolicyLookup.subnet(context.estate(), subnetId);
            if (!subnet.isFound()) {
                findings.add(unknown(context, subnetId, subnetRef, "cannot tell where subnet " + subnetId.name()
                        + " sends its traffic: " + subnet.whyUnknown()));
                continue;
            }
            Subnet s = subnet.get();
            if (s.routeTableId().isEmpty()) {
                if (egress instanceof Egress.Firewall firewall) {
                    findings.add(violation(context, subnetId, subnetRef, "firewall case declared (next hop "
                                    + firewall.nextHopIpAddress() + ") but subnet " + subnetId.name() + " has no route table:"
                                    + " 0.0.0.0/0 goes to the Internet, not through the firewall; attach the route table",
                            List.of("no route table"), List.of()));
                } else {
                    findings.add(pass(context, subnetId, subnetRef, "NSG case: subnet " + subnetId.name()
                            + " has no route table, so no route sends public address space to an appliance"));
                }
                continue;
            }
            ResourceId tableId = s.routeTableId().get();
            if (!judged.add(tableId)) {
                continue;
            }
            var table = SubnetPolicyLookup.routeTable(context.estate(), tableId);
            if (!table.isFound()) {
                // Unknown, not pass: the unreadable table may hold the insider's route. Loud: exit 1 and an alert.
                findings.add(unknown(context, tableId, subnetRef, "cannot tell whether the routes of subnet "
                        + subnetId.name() + " follow the " + egress.describe() + ": " + table.whyUnknown()));
                continue;
            }
            findings.addAll(egress instanceof Egress.Firewall firewall
                    ? firewallCase(context, table.get(), firewall, subnetRef)
                    : nsgCase(context, table.get(), subnetRef));
        }
        return findings;
    }

    private List<Finding> nsgCase(RuleContext context, RouteTable table, Optional<ResourceId> subnet) {
        List<Finding> findings = new ArrayList<>();
        for (Route route : table.routes()) {
            if (isAppliance(route) && isPublic(route)) {
                findings.add(violation(context, route.id(), subnet, "NSG case declared, but route " + route.name()
                                + " of route table " + table.id().name() + " sends public address space "
                                + route.addressPrefix().trim() + " to the appliance at "
                                + route.nextHopIpAddress().orElse("(no address)")
                                + ": that traffic leaves past the NSG the guard checks",
                        offending(route), List.of(new Remedy.DeleteRoute(route.id()))));
            }
        }
        if (findings.isEmpty()) {
            findings.add(pass(context, table.id(), subnet, "NSG case: no route of route table " + table.id().name()
                    + " sends public address space to a VirtualAppliance"));
        }
        return findings;
    }

    private List<Finding> firewallCase(RuleContext context, RouteTable table, Egress.Firewall firewall,
                                       Optional<ResourceId> subnet) {
        String declared = firewall.nextHopIpAddress();
        List<Finding> findings = new ArrayList<>();
        List<AddressSpace.Range> reachesFirewall = new ArrayList<>(AddressSpace.PRIVATE);
        for (Route route : table.routes()) {
            if (isAppliance(route) && atAddress(route, declared)) {
                AddressSpace.parse(route.addressPrefix()).ifPresent(reachesFirewall::add);
                continue;
            }
            if (!isPublic(route) || isDropped(route) || isControlPlaneTag(route)) {
                continue;
            }
            String where = isAppliance(route)
                    ? "the appliance at " + route.nextHopIpAddress().orElse("(no address)") + ", not the declared firewall "
                      + declared
                    : "next hop " + route.nextHopType().trim() + ", bypassing the declared firewall " + declared;
            findings.add(violation(context, route.id(), subnet, "firewall case declared, but route " + route.name()
                            + " of route table " + table.id().name() + " sends public address space "
                            + route.addressPrefix().trim() + " to " + where,
                    offending(route), List.of(new Remedy.RouteToAppliance(route.id(), route.addressPrefix().trim(), declared))));
        }
        if (!AddressSpace.covers(reachesFirewall, AddressSpace.EVERYTHING)) {
            boolean defaultTaken = table.routes().stream().anyMatch(r -> r.addressPrefix().trim().equals(ALL_IPV4));
            List<Remedy> remedies = defaultTaken
                    ? List.of() // the 0.0.0.0/0 route is misdirected: its own finding puts it back
                    : List.of(new Remedy.RouteToAppliance(table.id().child("routes", DEFAULT_ROUTE_NAME), ALL_IPV4, declared));
            findings.add(violation(context, table.id(), subnet, "firewall case declared, but route table "
                            + table.id().name() + " does not send 0.0.0.0/0 (or an equivalent split) to the firewall at "
                            + declared + ": public address space left to Azure's system route reaches the Internet directly",
                    List.of(ALL_IPV4), remedies));
        }
        if (findings.isEmpty()) {
            findings.add(pass(context, table.id(), subnet, "firewall case: route table " + table.id().name()
                    + " sends public address space only to the declared firewall " + declared));
        }
        return findings;
    }

    private static List<String> offending(Route route) {
        return List.of(route.name(), route.addressPrefix().trim() + " -> " + route.nextHopType().trim()
                + route.nextHopIpAddress().map(ip -> " " + ip).orElse(""));
    }

    private static boolean isAppliance(Route route) {
        return APPLIANCE.equalsIgnoreCase(route.nextHopType().trim());
    }

    private static boolean isDropped(Route route) {
        return "None".equalsIgnoreCase(route.nextHopType().trim());
    }

    /** Not wholly private (rule book 2.1); a service tag or IPv6 prefix cannot be shown private, so it is public. */
    private static boolean isPublic(Route route) {
        return !AddressSpace.isWhollyPrivate(route.addressPrefix());
    }

    /**
     * The tags of DLP012's required routes (Azure ML and Batch control traffic straight to the
     * Internet): in the firewall case DLP012 judges them, whatever their next hop, so the two rules
     * never ask for contradictory writes to one route. Their addresses are Microsoft's control plane.
     */
    private static boolean isControlPlaneTag(Route route) {
        String prefix = route.addressPrefix().trim().toLowerCase(Locale.ROOT);
        return prefix.equals("azuremachinelearning") || prefix.equals("batchnodemanagement")
                || prefix.startsWith("batchnodemanagement.");
    }

    private static boolean atAddress(Route route, String declared) {
        Optional<Long> want = AddressSpace.ipv4(declared);
        return want.isPresent() && route.nextHopIpAddress().flatMap(AddressSpace::ipv4).equals(want);
    }
}
