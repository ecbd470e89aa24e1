package com.dlpguard.redteam;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static com.dlpguard.redteam.Insider.ATTACKER_NET;
import static com.dlpguard.redteam.Insider.DENY_INTERNET;
import static com.dlpguard.redteam.Insider.NSG;
import static com.dlpguard.redteam.Insider.ROUTE_TABLE;
import static com.dlpguard.redteam.Insider.SUBNET;
import static com.dlpguard.redteam.Insider.securityRule;
import static com.dlpguard.redteam.Insider.toAppliance;
import static com.dlpguard.redteam.Scenario.Threat.MODE_SWITCHING;

/**
 * Mode switching (rule book 1.1): change what decides which rules apply — a route that makes the
 * subnet look like the firewall case, an address the evaluator cannot map, an NSG it cannot read.
 */
class ModeSwitchingTest {
    static final ResourceId OPEN_HTTPS = NSG.child("securityRules", "allow-https-out");

    @AfterAll
    static void summary() {
        Summary.print(MODE_SWITCHING);
    }

    static boolean nsgIsConfiguredOne(Insider i) {
        return i.subnetRef("networkSecurityGroup").map(ResourceId::parse).map(NSG::equals).orElse(false);
    }

    @Test
    @DisplayName("mode-switch_default-route-to-own-appliance-then-open-nsg")
    void defaultRouteToOwnAppliance() {
        ResourceId route = ROUTE_TABLE.child("routes", "default-via-inspection");
        RedTeam.play(Scenario.named("mode-switch_default-route-to-own-appliance-then-open-nsg", MODE_SWITCHING)
                .tries("route 0.0.0.0/0 to an appliance of the insider's (the subnet looks like the firewall case), "
                        + "then open the NSG to the Internet")
                .edit(i -> {
                    i.routeSubnetThrough(ROUTE_TABLE, toAppliance(ROUTE_TABLE, route.name(), "0.0.0.0/0"));
                    i.put(securityRule(NSG, OPEN_HTTPS.name(), "Outbound", 200, "Allow", "*", "Internet", "443"));
                })
                .writeEvent(ROUTE_TABLE)
                .writeEvent(SUBNET)
                .writeEvent(OPEN_HTTPS)
                .rolledBack("DLP014", route)
                .violation("DLP010", SUBNET)
                .finalState("the route to the insider's appliance is deleted", i -> !i.exists(route))
                .finalState("the guard added no route of its own for the insider's appliance", i -> i.routeNames(ROUTE_TABLE).isEmpty())
                .finalState("DLP010 is alert-only: the guard did not touch the NSG rule", i -> i.exists(OPEN_HTTPS)));
    }

    @Test
    @DisplayName("mode-switch_default-route-split-into-halves")
    void splitDefaultRoute() {
        ResourceId low = ROUTE_TABLE.child("routes", "lower-half");
        ResourceId high = ROUTE_TABLE.child("routes", "upper-half");
        RedTeam.play(Scenario.named("mode-switch_default-route-split-into-halves", MODE_SWITCHING)
                .tries("send 0.0.0.0/1 and 128.0.0.0/1 to the insider's appliance: no route says 0.0.0.0/0")
                .edit(i -> i.routeSubnetThrough(ROUTE_TABLE, toAppliance(ROUTE_TABLE, low.name(), "0.0.0.0/1"),
                        toAppliance(ROUTE_TABLE, high.name(), "128.0.0.0/1")))
                .writeEvent(ROUTE_TABLE)
                .writeEvent(SUBNET)
                .rolledBack("DLP014", low)
                .rolledBack("DLP014", high)
                .finalState("both halves are deleted", i -> i.routeNames(ROUTE_TABLE).isEmpty()));
    }

    @Test
    @DisplayName("mode-switch_public-cidr-allow-ahead-of-the-deny")
    void publicCidrAllow() {
        ResourceId rule = NSG.child("securityRules", "allow-telemetry-out");
        RedTeam.play(Scenario.named("mode-switch_public-cidr-allow-ahead-of-the-deny", MODE_SWITCHING)
                .tries("allow outbound 443 to 20.60.0.0/16 (a Storage IP range) ahead of the deny: an address the evaluator cannot map")
                .edit(i -> i.put(securityRule(NSG, rule.name(), "Outbound", 200, "Allow", "*", "20.60.0.0/16", "443")))
                .writeEvent(rule)
                .violation("DLP010", SUBNET)
                .finalState("DLP010 is alert-only: the rule stays", i -> i.exists(rule)));
    }

    @Test
    @DisplayName("mode-switch_deny-retargeted-to-an-application-security-group")
    void denyRetargetedToAsg() {
        String asg = Insider.NET + "/applicationSecurityGroups/internet-egress";
        RedTeam.play(Scenario.named("mode-switch_deny-retargeted-to-an-application-security-group", MODE_SWITCHING)
                .tries("keep the deny rule's name and priority but point it at an application security group: Internet is "
                        + "now allowed by the default rule")
                .edit(i -> i.edit(DENY_INTERNET, p -> {
                    p.remove("destinationAddressPrefix");
                    JsonArray groups = new JsonArray();
                    groups.add(Insider.ref(asg));
                    p.add("destinationApplicationSecurityGroups", groups);
                }))
                .writeEvent(DENY_INTERNET)
                .violation("DLP010", SUBNET));
    }

    @Test
    @DisplayName("mode-switch_global-storage-tag-allowed")
    void globalStorageTag() {
        ResourceId rule = NSG.child("securityRules", "allow-storage-any-region");
        RedTeam.play(Scenario.named("mode-switch_global-storage-tag-allowed", MODE_SWITCHING)
                .tries("allow 443 to the global Storage tag: other regions' accounts, which the SEP does not filter")
                .edit(i -> i.put(securityRule(NSG, rule.name(), "Outbound", 200, "Allow", "*", "Storage", "443")))
                .writeEvent(rule)
                .violation("DLP010", SUBNET));
    }

    @Test
    @DisplayName("mode-switch_nsg-from-unreadable-rg")
    void unreadableNsg() {
        ResourceId hidden = ResourceId.parse(ATTACKER_NET + "/networkSecurityGroups/compute-nsg");
        RedTeam.play(Scenario.named("mode-switch_nsg-from-unreadable-rg", MODE_SWITCHING)
                .tries("attach an NSG of the same name from a resource group the guard cannot read: every NSG rule becomes 'unknown'")
                .before(i -> i.put(Insider.nsg(hidden,
                        securityRule(hidden, "allow-https-out", "Outbound", 100, "Allow", "*", "Internet", "443"))))
                .unreadable(PlacementTest.ATTACKER_RG)
                .edit(i -> i.editSubnet(p -> p.add("networkSecurityGroup", Insider.ref(hidden.toString()))))
                .writeEvent(SUBNET)
                .rolledBack("DLP011", SUBNET)
                .unverifiable("DLP010", SUBNET)
                .finalState("the configured NSG is attached again", ModeSwitchingTest::nsgIsConfiguredOne));
    }

    static final String FIREWALL_IP = "10.20.2.4";
    static final ResourceId DEFAULT_TO_FIREWALL = ROUTE_TABLE.child("routes", "default-to-firewall");

    static void declareFirewall(JsonObject config) {
        JsonObject egress = new JsonObject();
        egress.addProperty("mode", "firewall");
        egress.addProperty("nextHopIpAddress", FIREWALL_IP);
        config.getAsJsonArray("workspaces").get(0).getAsJsonObject().add("egress", egress);
    }

    /** The compliant firewall case: 0.0.0.0/0 to the firewall, AML and Batch control traffic straight out (DLP012). */
    static void firewallRoutes(Insider i) {
        i.routeSubnetThrough(ROUTE_TABLE,
                Insider.route(ROUTE_TABLE, DEFAULT_TO_FIREWALL.name(), "0.0.0.0/0", "VirtualAppliance", Optional.of(FIREWALL_IP)),
                Insider.route(ROUTE_TABLE, "dlp-guard-azureml", "AzureMachineLearning", "Internet", Optional.empty()),
                Insider.route(ROUTE_TABLE, "dlp-guard-batch-westeurope", "BatchNodeManagement.westeurope", "Internet",
                        Optional.empty()));
    }

    @Test
    @DisplayName("mode-switch_declared-firewall-default-route-deleted")
    void firewallDefaultRouteDeleted() {
        RedTeam.play(Scenario.named("mode-switch_declared-firewall-default-route-deleted", MODE_SWITCHING)
                .tries("firewall case declared: delete the default route, so public space goes straight to the Internet "
                        + "past the firewall (the NSG rules are 'not applicable' in this case)")
                .config(ModeSwitchingTest::declareFirewall)
                .before(ModeSwitchingTest::firewallRoutes)
                .edit(i -> i.edit(ROUTE_TABLE, p -> {
                    JsonArray kept = new JsonArray();
                    for (var r : p.getAsJsonArray("routes")) {
                        if (!r.getAsJsonObject().get("name").getAsString().equals(DEFAULT_TO_FIREWALL.name())) {
                            kept.add(r);
                        }
                    }
                    p.add("routes", kept);
                }))
                .event(DEFAULT_TO_FIREWALL.toString(), Insider.deleteOf(DEFAULT_TO_FIREWALL), Insider.Actor.MALLORY)
                .rolledBack("DLP014", ROUTE_TABLE)
                .finalState("0.0.0.0/0 reaches the declared firewall again", i -> Insider.array(Insider.props(i.get(ROUTE_TABLE)),
                        "routes").asList().stream().map(r -> Insider.props(r.getAsJsonObject())).anyMatch(p ->
                        p.get("addressPrefix").getAsString().equals("0.0.0.0/0")
                                && p.get("nextHopType").getAsString().equals("VirtualAppliance")
                                && p.get("nextHopIpAddress").getAsString().equals(FIREWALL_IP))));
    }

    @Test
    @DisplayName("mode-switch_declared-firewall-route-redirected")
    void firewallRouteRedirected() {
        ResourceId route = DEFAULT_TO_FIREWALL;
        RedTeam.play(Scenario.named("mode-switch_declared-firewall-route-redirected", MODE_SWITCHING)
                .tries("firewall case declared: move the default route's next hop from the firewall to the insider's appliance")
                .config(ModeSwitchingTest::declareFirewall)
                .before(ModeSwitchingTest::firewallRoutes)
                .edit(i -> i.edit(route, p -> p.addProperty("nextHopIpAddress", Insider.MODE_SWITCH_APPLIANCE)))
                .writeEvent(route)
                .rolledBack("DLP014", route)
                .finalState("the default route points at the declared firewall again",
                        i -> Insider.props(i.get(route)).get("nextHopIpAddress").getAsString().equals(FIREWALL_IP))
                .finalState("the control routes are kept", i -> i.routeNames(ROUTE_TABLE).containsAll(
                        List.of("dlp-guard-azureml", "dlp-guard-batch-westeurope"))));
    }

    @Test
    @DisplayName("mode-switch_nsg-detached")
    void nsgDetached() {
        RedTeam.play(Scenario.named("mode-switch_nsg-detached", MODE_SWITCHING)
                .tries("detach the NSG: without one, every outbound rule question has no NSG to ask")
                .edit(i -> i.editSubnet(p -> p.remove("networkSecurityGroup")))
                .writeEvent(SUBNET)
                .rolledBack("DLP011", SUBNET)
                .violation("DLP010", SUBNET)
                .finalState("the configured NSG is attached again", ModeSwitchingTest::nsgIsConfiguredOne));
    }

    @Test
    @DisplayName("mode-switch_route-table-from-unreadable-rg")
    void unreadableRouteTable() {
        ResourceId hidden = ResourceId.parse(ATTACKER_NET + "/routeTables/compute-rt");
        RedTeam.play(Scenario.named("mode-switch_route-table-from-unreadable-rg", MODE_SWITCHING)
                .tries("attach a route table the guard cannot read, sending 0.0.0.0/0 to the insider's appliance")
                .before(i -> i.put(Insider.routeTable(hidden)))
                .before(i -> i.put(toAppliance(hidden, "default", "0.0.0.0/0")))
                .unreadable(PlacementTest.ATTACKER_RG)
                .edit(i -> i.editSubnet(p -> p.add("routeTable", Insider.ref(hidden.toString()))))
                .writeEvent(SUBNET)
                .unverifiable("DLP014", hidden));
    }

    /**
     * Azure adds the prefixes of a subnet's user-defined routes to the VirtualNetwork service tag
     * (documented with the tag; a 0.0.0.0/0 UDR makes the tag "any"). So "Allow 443 to
     * VirtualNetwork", which looks like intra-VNet traffic, reaches whatever public range a route
     * names — here a Storage range routed straight to the Internet (not an appliance: DLP014 does
     * not apply in the NSG case).
     */
    @Test
    @DisplayName("mode-switch_udr-widens-the-virtualnetwork-tag")
    void udrWidensVirtualNetworkTag() {
        ResourceId rule = NSG.child("securityRules", "allow-vnet-https-out");
        RedTeam.play(Scenario.named("mode-switch_udr-widens-the-virtualnetwork-tag", MODE_SWITCHING)
                .tries("route 20.60.0.0/16 (a Storage range) to the Internet, which puts it in the VirtualNetwork tag, then "
                        + "allow 443 to VirtualNetwork ahead of the deny")
                .edit(i -> {
                    i.routeSubnetThrough(ROUTE_TABLE, Insider.route(ROUTE_TABLE, "storage-fast-path", "20.60.0.0/16", "Internet",
                            Optional.empty()));
                    i.put(securityRule(NSG, rule.name(), "Outbound", 200, "Allow", "*", "VirtualNetwork", "443"));
                })
                .writeEvent(ROUTE_TABLE)
                .writeEvent(SUBNET)
                .writeEvent(rule)
                .violation("DLP010", SUBNET));
    }

    @Test
    @DisplayName("mode-switch_storage-endpoint-and-sep-removed-together")
    void storageEndpointAndSepRemoved() {
        RedTeam.play(Scenario.named("mode-switch_storage-endpoint-and-sep-removed-together", MODE_SWITCHING)
                .tries("drop the Microsoft.Storage service endpoint and the SEP in one subnet PUT: storage traffic leaves by "
                        + "public IPs, which the NSG allows to every account of the region, and no policy filters it")
                .edit(i -> i.editSubnet(p -> {
                    p.remove("serviceEndpointPolicies");
                    p.add("serviceEndpoints", new JsonArray());
                }))
                .writeEvent(SUBNET)
                .rolledBack("DLP001", SUBNET)
                .rolledBack("DLP002", SUBNET)
                .finalState("the Microsoft.Storage endpoint is back", i -> Insider.array(Insider.props(i.get(SUBNET)), "serviceEndpoints")
                        .asList().stream().anyMatch(e -> e.getAsJsonObject().get("service").getAsString().equals("Microsoft.Storage")))
                .finalState("the configured SEP is attached again", PlacementTest::onlyConfiguredSep));
    }
}
