package com.dlpguard.plan;

import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static com.dlpguard.plan.PlanTestSupport.body;
import static com.dlpguard.plan.PlanTestSupport.evaluation;
import static com.dlpguard.plan.PlanTestSupport.rollback;
import static com.dlpguard.plan.TestEstates.MANAGED_NSG;
import static com.dlpguard.plan.TestEstates.NSG;
import static com.dlpguard.plan.TestEstates.ROUTE_TABLE;
import static com.dlpguard.plan.TestEstates.SUBNET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollbackPlannerNsgRouteTest {

    private static final String NSG_ETAG = "W/\"9d1f0e2c-1111-4a2b-8c3d-5e6f7a8b9c0d\"";

    private final RollbackPlanner planner = new RollbackPlanner();
    private final JsonObject nsgJson = TestEstates.read("nsg-compute.json");
    private final JsonObject routeTableJson = TestEstates.read("routetable-compute.json");

    private static Remedy.AddOutboundAllowRule storageRule(Optional<Integer> blocking) {
        return new Remedy.AddOutboundAllowRule(NSG, "dlp-guard-dlp007-storage-outbound", "Storage.westeurope", "Tcp", blocking);
    }

    @Test
    void anAllowRuleTakesTheHighestFreePriorityBelowTheBlocker() {
        // Outbound 3999 is taken; inbound 3998 is not in the way: priorities are unique per direction.
        PlannedWrite w = planner.plan(evaluation(rollback("DLP007", storageRule(Optional.of(4000)))), TestEstates.standard())
                .writes().get(0);

        assertEquals("add-outbound-allow-rule", w.action());
        assertEquals("PUT", w.request().method());
        assertEquals(NSG.child("securityRules", "dlp-guard-dlp007-storage-outbound") + "?api-version=2025-03-01", w.request().url());
        assertEquals(Optional.empty(), w.request().ifMatch());
        assertEquals("{\"properties\":{\"description\":\"Restored by DLP Guard (DLP007): outbound 443 to Storage.westeurope needed by"
                + " Azure Machine Learning compute\",\"protocol\":\"Tcp\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"443\","
                + "\"sourceAddressPrefix\":\"VirtualNetwork\",\"destinationAddressPrefix\":\"Storage.westeurope\",\"access\":\"Allow\","
                + "\"priority\":3998,\"direction\":\"Outbound\"}}", w.request().body().orElseThrow());
        assertTrue(w.reason().contains("priority 3998") && w.reason().contains("blocking rule at priority 4000"), w.reason());

        JsonObject after = PlannedBodyApplier.apply(w, nsgJson);
        assertEquals(List.of("$.properties.securityRules"), PlannedBodyApplier.diff(nsgJson, after));
        JsonArray rules = after.getAsJsonObject("properties").getAsJsonArray("securityRules");
        JsonArray before = nsgJson.getAsJsonObject("properties").getAsJsonArray("securityRules");
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), rules.get(i), "existing rule " + i + " kept");
        }
        assertTrue(body(w).getAsJsonObject("properties").get("description").getAsString().length() <= 140);
    }

    @Test
    void whenADefaultRuleBlocksTheNewRuleTakesTheHighestCustomNumber() {
        PlannedWrite w = planner.plan(evaluation(rollback("DLP007", storageRule(Optional.of(65500)))), TestEstates.standard())
                .writes().get(0);
        assertEquals(4096, body(w).getAsJsonObject("properties").get("priority").getAsInt());
    }

    @Test
    void twoNewRulesInOneNsgGetDistinctPrioritiesAndAreConsecutive() {
        Remedy.AddOutboundAllowRule batch = new Remedy.AddOutboundAllowRule(NSG, "dlp-guard-dlp006-batch-outbound",
                "BatchNodeManagement.westeurope", "*", Optional.of(4000));
        Plan plan = planner.plan(evaluation(
                rollback("DLP006", batch),
                rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage")),
                rollback("DLP007", storageRule(Optional.of(4000)))), TestEstates.standard());

        assertEquals(List.of("add-outbound-allow-rule", "add-outbound-allow-rule", "add-service-endpoint"),
                plan.writes().stream().map(PlannedWrite::action).toList(), "writes of one family are consecutive");
        assertEquals(3998, body(plan.writes().get(0)).getAsJsonObject("properties").get("priority").getAsInt());
        assertEquals(3997, body(plan.writes().get(1)).getAsJsonObject("properties").get("priority").getAsInt());
        assertEquals("*", body(plan.writes().get(0)).getAsJsonObject("properties").get("protocol").getAsString());
    }

    @Test
    void noFreePriorityBelowTheBlockerIsSkipped() {
        Plan plan = planner.plan(evaluation(rollback("DLP007", storageRule(Optional.of(100)))), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().contains("no free outbound priority"), plan.skipped().get(0).reason());
    }

    @Test
    void rewritingAnExistingGuardRuleSendsItsEtagAndMayKeepItsNumber() {
        JsonObject nsg = nsgJson.deepCopy();
        JsonObject existing = TestEstates.read("nsg-compute.json").getAsJsonObject("properties").getAsJsonArray("securityRules")
                .get(0).getAsJsonObject().deepCopy();
        existing.addProperty("name", "dlp-guard-dlp007-storage-outbound");
        existing.addProperty("id", NSG.child("securityRules", "dlp-guard-dlp007-storage-outbound").toString());
        existing.addProperty("etag", "W/\"rule-etag\"");
        existing.getAsJsonObject("properties").addProperty("priority", 3000);
        existing.getAsJsonObject("properties").addProperty("access", "Deny");
        existing.getAsJsonObject("properties").addProperty("destinationAddressPrefix", "Storage.westeurope");
        nsg.getAsJsonObject("properties").getAsJsonArray("securityRules").add(existing);

        PlannedWrite w = planner.plan(evaluation(rollback("DLP007", storageRule(Optional.of(3001)))), TestEstates.of(nsg))
                .writes().get(0);
        assertEquals(Optional.of("W/\"rule-etag\""), w.request().ifMatch());
        assertEquals(3000, body(w).getAsJsonObject("properties").get("priority").getAsInt());
        assertTrue(w.property().contains("properties.access"), w.property());
    }

    @Test
    void deleteSecurityRuleDeletesOnlyThatRule() {
        ResourceId rule = NSG.child("securityRules", "allow-batch-inbound");
        PlannedWrite w = planner.plan(evaluation(rollback("DLP009", new Remedy.DeleteSecurityRule(rule))), TestEstates.standard())
                .writes().get(0);

        assertEquals("delete-security-rule", w.action());
        assertEquals("DELETE", w.request().method());
        assertEquals(rule + "?api-version=2025-03-01", w.request().url());
        assertEquals(Optional.of(NSG_ETAG), w.request().ifMatch());
        assertEquals(Optional.empty(), w.request().body());
        assertEquals("null", w.after());
        assertTrue(w.before().contains("\"sourceAddressPrefix\":\"BatchNodeManagement\""));

        JsonObject after = PlannedBodyApplier.apply(w, nsgJson);
        JsonArray rules = after.getAsJsonObject("properties").getAsJsonArray("securityRules");
        JsonArray before = nsgJson.getAsJsonObject("properties").getAsJsonArray("securityRules");
        assertEquals(List.of(before.get(0), before.get(1), before.get(3)), rules.asList());
        after.getAsJsonObject("properties").add("securityRules", before);
        assertEquals(List.of(), PlannedBodyApplier.diff(nsgJson, after), "nothing else in the NSG changed");
    }

    @Test
    void deletingARuleThatIsAlreadyGoneIsNoWrite() {
        Plan plan = planner.plan(evaluation(rollback("DLP009", new Remedy.DeleteSecurityRule(NSG.child("securityRules", "gone")))),
                TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().startsWith("already in the desired state"));
    }

    @Test
    void anNsgNamedLikeBatchsIsWrittenWhenARemedyNamesIt() {
        // Rule book 2.2: remedies only name resources a protected subnet references or the configuration
        // names, and such a resource is never "managed" whatever its name (an insider can name an NSG
        // like Batch's and attach it). Version 1 skipped these writes.
        Plan plan = planner.plan(evaluation(
                rollback("DLP007", new Remedy.AddOutboundAllowRule(MANAGED_NSG, "dlp-guard-dlp007-storage-outbound",
                        "Storage.westeurope", "Tcp", Optional.of(65500))),
                rollback("DLP011", new Remedy.AttachNetworkSecurityGroup(SUBNET, MANAGED_NSG))), TestEstates.standard());

        assertEquals(List.of(MANAGED_NSG.child("securityRules", "dlp-guard-dlp007-storage-outbound"), SUBNET),
                plan.writes().stream().map(PlannedWrite::target).toList(), plan.skipped().toString());
        assertTrue(plan.skipped().stream().noneMatch(s -> s.reason().contains("managed")), plan.skipped().toString());
    }

    @Test
    void contradictoryRemediesForOneRuleAreSkipped() {
        ResourceId ruleId = NSG.child("securityRules", "dlp-guard-dlp007-storage-outbound");
        Plan plan = planner.plan(evaluation(
                rollback("DLP007", storageRule(Optional.of(4000))),
                rollback("DLP009", new Remedy.DeleteSecurityRule(ruleId))), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertEquals(2, plan.skipped().size());
    }

    @Test
    void identicalAllowRulesFromTwoWorkspacesMergeBeforeTheLowerBlocker() {
        Plan plan = planner.plan(evaluation(
                rollback("DLP007", storageRule(Optional.of(65500))),
                rollback("DLP007", storageRule(Optional.of(4000)))), TestEstates.standard());
        assertEquals(1, plan.writes().size());
        assertEquals(3998, body(plan.writes().get(0)).getAsJsonObject("properties").get("priority").getAsInt());
    }

    @Test
    void addRouteCreatesTheRouteWithNextHopInternet() {
        PlannedWrite w = planner.plan(evaluation(rollback("DLP012",
                new Remedy.AddRoute(ROUTE_TABLE, "dlp-guard-azureml", "AzureMachineLearning"))), TestEstates.standard()).writes().get(0);

        assertEquals("add-route", w.action());
        assertEquals(ROUTE_TABLE.child("routes", "dlp-guard-azureml") + "?api-version=2025-03-01", w.request().url());
        assertEquals(Optional.empty(), w.request().ifMatch());
        assertEquals("{\"properties\":{\"addressPrefix\":\"AzureMachineLearning\",\"nextHopType\":\"Internet\"}}",
                w.request().body().orElseThrow());
        JsonObject after = PlannedBodyApplier.apply(w, routeTableJson);
        assertEquals(List.of("$.properties.routes"), PlannedBodyApplier.diff(routeTableJson, after));
        assertEquals(3, after.getAsJsonObject("properties").getAsJsonArray("routes").size());
    }

    @Test
    void aRouteSentToTheFirewallIsRewrittenToInternetKeepingTheRest() {
        PlannedWrite w = planner.plan(evaluation(rollback("DLP012", new Remedy.AddRoute(ROUTE_TABLE, "dlp-guard-batch-westeurope",
                "BatchNodeManagement.westeurope"))), TestEstates.standard()).writes().get(0);

        assertEquals(Optional.of("W/\"0c1d2e3f-3333-4a5b-8c6d-7e8f9a0b1c2d\""), w.request().ifMatch());
        assertEquals("properties.nextHopType, properties.nextHopIpAddress", w.property());
        assertEquals(List.of("$.properties.routes[1].properties.nextHopType", "$.properties.routes[1].properties.nextHopIpAddress"),
                PlannedBodyApplier.diff(routeTableJson, PlannedBodyApplier.apply(w, routeTableJson)));
    }

    @Test
    void aRouteTableThatWasNotReadIsNotWritten() {
        Plan plan = planner.plan(evaluation(rollback("DLP012",
                new Remedy.AddRoute(ROUTE_TABLE, "dlp-guard-azureml", "AzureMachineLearning"))), TestEstates.of(nsgJson));
        assertTrue(plan.isEmpty());
        assertEquals(ROUTE_TABLE.child("routes", "dlp-guard-azureml"), plan.skipped().get(0).target());
    }

    // ---- DLP014: the declared egress path -------------------------------------------------------

    private static final String ROUTE_ETAG = "W/\"0c1d2e3f-3333-4a5b-8c6d-7e8f9a0b1c2d\"";

    @Test
    void nsgCaseDeletesTheRouteToTheApplianceWithIfMatch() {
        ResourceId route = ROUTE_TABLE.child("routes", "default-to-firewall");
        Plan plan = planner.plan(evaluation(rollback("DLP014", new Remedy.DeleteRoute(route))), TestEstates.standard());

        PlannedWrite w = plan.writes().get(0);
        assertEquals("delete-route", w.action());
        assertEquals("DELETE", w.request().method());
        assertEquals(route + "?api-version=2025-03-01", w.request().url());
        assertEquals(Optional.of(ROUTE_ETAG), w.request().ifMatch());
        assertEquals(Optional.empty(), w.request().body());
        assertTrue(w.reason().startsWith("DLP014: delete route default-to-firewall sending 0.0.0.0/0 to VirtualAppliance 10.20.0.4"),
                w.reason());
        JsonObject after = PlannedBodyApplier.apply(w, routeTableJson);
        assertEquals(1, after.getAsJsonObject("properties").getAsJsonArray("routes").size());
    }

    @Test
    void deletingARouteThatIsAlreadyGoneIsNoWrite() {
        Plan plan = planner.plan(evaluation(rollback("DLP014", new Remedy.DeleteRoute(ROUTE_TABLE.child("routes", "gone")))),
                TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().startsWith("already in the desired state"));
    }

    @Test
    void firewallCasePutsARouteBackToTheDeclaredApplianceKeepingTheRest() {
        ResourceId route = ROUTE_TABLE.child("routes", "default-to-firewall");
        PlannedWrite w = planner.plan(evaluation(rollback("DLP014",
                new Remedy.RouteToAppliance(route, "0.0.0.0/0", "10.0.2.4"))), TestEstates.standard()).writes().get(0);

        assertEquals("route-to-firewall", w.action());
        assertEquals("PUT", w.request().method());
        assertEquals(Optional.of(ROUTE_ETAG), w.request().ifMatch());
        assertEquals("properties.nextHopIpAddress", w.property());
        assertEquals("\"10.20.0.4\"", w.before());
        assertEquals("\"10.0.2.4\"", w.after());
        assertEquals(List.of("$.properties.routes[0].properties.nextHopIpAddress"),
                PlannedBodyApplier.diff(routeTableJson, PlannedBodyApplier.apply(w, routeTableJson)));
    }

    @Test
    void firewallCaseCreatesTheMissingDefaultRoute() {
        ResourceId route = ROUTE_TABLE.child("routes", "dlp-guard-default-to-firewall");
        PlannedWrite w = planner.plan(evaluation(rollback("DLP014",
                new Remedy.RouteToAppliance(route, "0.0.0.0/0", "10.0.2.4"))), TestEstates.standard()).writes().get(0);
        assertEquals(Optional.empty(), w.request().ifMatch());
        assertEquals("{\"properties\":{\"addressPrefix\":\"0.0.0.0/0\",\"nextHopType\":\"VirtualAppliance\","
                + "\"nextHopIpAddress\":\"10.0.2.4\"}}", w.request().body().orElseThrow());
    }

    @Test
    void aRouteBothDeletedAndRewrittenIsContradictory() {
        ResourceId route = ROUTE_TABLE.child("routes", "default-to-firewall");
        Plan plan = planner.plan(evaluation(rollback("DLP014", new Remedy.DeleteRoute(route)),
                rollback("DLP014", new Remedy.RouteToAppliance(route, "0.0.0.0/0", "10.0.2.4"))), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().startsWith("contradictory remedies"));
    }
}
