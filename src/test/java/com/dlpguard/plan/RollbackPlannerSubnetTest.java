package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.dlpguard.plan.PlanTestSupport.body;
import static com.dlpguard.plan.PlanTestSupport.evaluation;
import static com.dlpguard.plan.PlanTestSupport.rollback;
import static com.dlpguard.plan.TestEstates.NSG;
import static com.dlpguard.plan.TestEstates.ROGUE_SEP;
import static com.dlpguard.plan.TestEstates.SEP;
import static com.dlpguard.plan.TestEstates.SUBNET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollbackPlannerSubnetTest {

    private static final String SUBNET_URL = SUBNET + "?api-version=2025-03-01";
    private static final String SUBNET_ETAG = "W/\"4b9e1c2a-7d3f-4e51-9a0b-1f2e3d4c5b6a\"";

    private final RollbackPlanner planner = new RollbackPlanner();
    private final JsonObject subnetJson = TestEstates.read("subnet-compute.json");

    @Test
    void addServiceEndpointPutsTheSubnetWithOnlyTheEndpointAdded() {
        Plan plan = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage"))),
                TestEstates.standard());

        assertEquals(1, plan.writes().size());
        PlannedWrite w = plan.writes().get(0);
        assertEquals("add-service-endpoint", w.action());
        assertEquals(List.of("DLP001"), w.ruleIds());
        assertEquals("PUT", w.request().method());
        assertEquals(SUBNET_URL, w.request().url());
        assertEquals(Optional.of(SUBNET_ETAG), w.request().ifMatch());
        assertEquals("properties.serviceEndpoints", w.property());
        assertEquals("[{\"provisioningState\":\"Succeeded\",\"service\":\"Microsoft.KeyVault\",\"locations\":[\"*\"]}]", w.before());
        assertEquals("[{\"provisioningState\":\"Succeeded\",\"service\":\"Microsoft.KeyVault\",\"locations\":[\"*\"]},"
                + "{\"service\":\"Microsoft.Storage\"}]", w.after());
        assertFalse(body(w).has("etag"), "the precondition travels in If-Match, not in the body");
        assertEquals(List.of("$.properties.serviceEndpoints"), PlannedBodyApplier.diff(subnetJson, PlannedBodyApplier.apply(w, subnetJson)));
        assertTrue(plan.skipped().isEmpty());
    }

    @Test
    void everyOtherPropertyIsKeptByteForByte() {
        PlannedWrite w = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage"))),
                TestEstates.standard()).writes().get(0);
        JsonObject body = body(w);
        JsonObject original = subnetJson.getAsJsonObject("properties");
        for (String key : original.keySet()) {
            if (!key.equals("serviceEndpoints")) {
                assertEquals(com.dlpguard.json.Json.compactGson().toJson(original.get(key)),
                        com.dlpguard.json.Json.compactGson().toJson(body.getAsJsonObject("properties").get(key)), key);
            }
        }
        assertEquals(original.keySet(), body.getAsJsonObject("properties").keySet());
        assertEquals(List.of("name", "id", "type", "properties"), List.copyOf(body.keySet()));
    }

    @Test
    void attachingAPolicyNeedsTheStorageEndpointSoItIsSkippedAlone() {
        Plan plan = planner.plan(evaluation(rollback("DLP002", new Remedy.AttachServiceEndpointPolicy(SUBNET, SEP))),
                TestEstates.standard());

        assertTrue(plan.isEmpty());
        assertEquals(1, plan.skipped().size());
        SkippedRemedy s = plan.skipped().get(0);
        assertEquals("DLP002", s.ruleId());
        assertEquals(SUBNET, s.target());
        assertTrue(s.reason().contains("Microsoft.Storage service endpoint") && s.reason().contains("DLP001"), s.reason());
    }

    @Test
    void attachingAPolicyWhenTheSubnetHasTheStorageEndpoint() {
        JsonObject withEndpoint = subnetJson.deepCopy();
        JsonObject storage = new JsonObject();
        storage.addProperty("service", "Microsoft.Storage");
        withEndpoint.getAsJsonObject("properties").getAsJsonArray("serviceEndpoints").add(storage);
        Estate estate = TestEstates.of(withEndpoint);

        PlannedWrite w = planner.plan(evaluation(rollback("DLP002", new Remedy.AttachServiceEndpointPolicy(SUBNET, SEP))), estate)
                .writes().get(0);

        assertEquals("attach-service-endpoint-policy", w.action());
        assertEquals("properties.serviceEndpointPolicies", w.property());
        assertEquals(List.of("$.properties.serviceEndpointPolicies"),
                PlannedBodyApplier.diff(withEndpoint, PlannedBodyApplier.apply(w, withEndpoint)));
        JsonObject added = body(w).getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicies").get(1).getAsJsonObject();
        assertEquals("{\"id\":\"" + SEP + "\"}", added.toString());
    }

    @Test
    void detachMatchesThePolicyIdCaseInsensitively() {
        // The subnet spells "resourcegroups"; the remedy "resourceGroups".
        PlannedWrite w = planner.plan(evaluation(rollback("DLP005", new Remedy.DetachServiceEndpointPolicy(SUBNET, ROGUE_SEP))),
                TestEstates.standard()).writes().get(0);

        assertEquals("detach-service-endpoint-policy", w.action());
        assertEquals("[]", body(w).getAsJsonObject("properties").get("serviceEndpointPolicies").toString());
        assertEquals(List.of("$.properties.serviceEndpointPolicies"),
                PlannedBodyApplier.diff(subnetJson, PlannedBodyApplier.apply(w, subnetJson)));
        assertTrue(w.reason().startsWith("DLP005: detach service endpoint policy rogue-sep from subnet compute"), w.reason());
    }

    @Test
    void attachNetworkSecurityGroupToASubnetWithoutOne() {
        JsonObject bare = subnetJson.deepCopy();
        bare.getAsJsonObject("properties").remove("networkSecurityGroup");

        PlannedWrite w = planner.plan(evaluation(rollback("DLP011", new Remedy.AttachNetworkSecurityGroup(SUBNET, NSG))),
                TestEstates.of(bare)).writes().get(0);

        assertEquals("attach-network-security-group", w.action());
        assertEquals("properties.networkSecurityGroup", w.property());
        assertEquals("null", w.before());
        assertEquals("{\"id\":\"" + NSG + "\"}", w.after());
        assertEquals(List.of("$.properties.networkSecurityGroup"), PlannedBodyApplier.diff(bare, PlannedBodyApplier.apply(w, bare)));
    }

    @Test
    void attachReplacesAnotherNetworkSecurityGroup() {
        ResourceId configured = ResourceId.parse(TestEstates.SUB + "/networkSecurityGroups/locked-nsg");
        PlannedWrite w = planner.plan(evaluation(rollback("DLP011", new Remedy.AttachNetworkSecurityGroup(SUBNET, configured))),
                TestEstates.standard()).writes().get(0);

        assertEquals(List.of("$.properties.networkSecurityGroup.id"), PlannedBodyApplier.diff(subnetJson, PlannedBodyApplier.apply(w, subnetJson)));
    }

    @Test
    void oneSubnetPutCarriesEveryRuleAndListsThemAll() {
        ResourceId configured = ResourceId.parse(TestEstates.SUB + "/networkSecurityGroups/locked-nsg");
        Plan plan = planner.plan(evaluation(
                rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage")),
                rollback("DLP002", new Remedy.AttachServiceEndpointPolicy(SUBNET, SEP)),
                rollback("DLP005", new Remedy.DetachServiceEndpointPolicy(SUBNET, ROGUE_SEP)),
                rollback("DLP011", new Remedy.AttachNetworkSecurityGroup(SUBNET, configured))), TestEstates.standard());

        assertEquals(1, plan.writes().size(), "at most one write per resource");
        PlannedWrite w = plan.writes().get(0);
        assertEquals("restore-subnet", w.action());
        assertEquals(List.of("DLP001", "DLP002", "DLP005", "DLP011"), w.ruleIds());
        assertEquals("properties.networkSecurityGroup, properties.serviceEndpoints, properties.serviceEndpointPolicies", w.property());
        for (String rule : w.ruleIds()) {
            assertTrue(w.reason().contains(rule + ": "), w.reason());
        }
        JsonObject after = PlannedBodyApplier.apply(w, subnetJson);
        assertEquals(List.of("$.properties.networkSecurityGroup.id", "$.properties.serviceEndpoints",
                "$.properties.serviceEndpointPolicies[0].id"), PlannedBodyApplier.diff(subnetJson, after));
        assertEquals("[{\"id\":\"" + SEP + "\"}]", after.getAsJsonObject("properties").get("serviceEndpointPolicies").toString());
        assertTrue(plan.skipped().isEmpty());
    }

    @Test
    void theSameRemedyFromTwoWorkspacesIsOneWriteWithTheRuleOnce() {
        Remedy r = new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage");
        Plan plan = planner.plan(evaluation(rollback("DLP001", r), rollback("DLP001", r)), TestEstates.standard());
        assertEquals(1, plan.writes().size());
        assertEquals(List.of("DLP001"), plan.writes().get(0).ruleIds());
        assertEquals(2, body(plan.writes().get(0)).getAsJsonObject("properties").getAsJsonArray("serviceEndpoints").size());
    }

    @Test
    void alreadyRestoredMeansNoWrite() {
        Plan plan = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "microsoft.keyvault")),
                rollback("DLP011", new Remedy.AttachNetworkSecurityGroup(SUBNET, NSG))), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertEquals(2, plan.skipped().size());
        assertTrue(plan.skipped().stream().allMatch(s -> s.reason().startsWith("already in the desired state")));
    }

    @Test
    void contradictoryAttachAndDetachOfOnePolicyAreBothSkipped() {
        JsonObject withEndpoint = subnetJson.deepCopy();
        JsonObject storage = new JsonObject();
        storage.addProperty("service", "Microsoft.Storage");
        withEndpoint.getAsJsonObject("properties").getAsJsonArray("serviceEndpoints").add(storage);

        Plan plan = planner.plan(evaluation(
                rollback("DLP002", new Remedy.AttachServiceEndpointPolicy(SUBNET, ROGUE_SEP)),
                rollback("DLP005", new Remedy.DetachServiceEndpointPolicy(SUBNET, ROGUE_SEP)),
                rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Sql"))), TestEstates.of(withEndpoint));

        assertEquals(1, plan.writes().size());
        assertEquals(List.of("DLP001"), plan.writes().get(0).ruleIds());
        assertEquals(List.of("DLP002", "DLP005"), plan.skipped().stream().map(SkippedRemedy::ruleId).toList());
        assertTrue(plan.skipped().get(0).reason().startsWith("contradictory remedies"));
    }

    @Test
    void aSubnetThatWasNotReadIsNotWritten() {
        Estate unread = new Estate(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(SUBNET, "403 AuthorizationFailed"));
        Plan plan = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage"))), unread);
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().contains("could not be read (403 AuthorizationFailed)"));

        Plan absent = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage"))), Estate.EMPTY);
        assertTrue(absent.isEmpty());
        assertTrue(absent.skipped().get(0).reason().contains("not in the observed state"));
    }

    @Test
    void aSubnetWithoutEtagIsPutWithoutIfMatch() {
        JsonObject noEtag = subnetJson.deepCopy();
        noEtag.remove("etag");
        PlannedWrite w = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage"))),
                TestEstates.of(noEtag)).writes().get(0);
        assertEquals(Optional.empty(), w.request().ifMatch());
    }

    @Test
    void theLocalStorageEndpointIsNotAddedNextToTheCrossRegionOne() {
        JsonObject global = subnetJson.deepCopy();
        JsonObject endpoint = new JsonObject();
        endpoint.addProperty("service", "Microsoft.Storage.Global");
        global.getAsJsonObject("properties").getAsJsonArray("serviceEndpoints").add(endpoint);

        Plan plan = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage"))),
                TestEstates.of(global));
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().contains("Microsoft.Storage.Global"), plan.skipped().get(0).reason());
    }
}
