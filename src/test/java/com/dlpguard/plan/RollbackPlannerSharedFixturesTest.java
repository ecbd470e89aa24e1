package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static com.dlpguard.plan.PlanTestSupport.body;
import static com.dlpguard.plan.PlanTestSupport.evaluation;
import static com.dlpguard.plan.PlanTestSupport.rollback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner against the Microsoft.Network REST spec examples (shared fixtures: bodies at responses["200"].body). */
class RollbackPlannerSharedFixturesTest {

    private final RollbackPlanner planner = new RollbackPlanner();

    private static JsonObject specBody(String file) {
        return TestEstates.readPath("/shared-fixtures/arm/" + file)
                .getAsJsonObject("responses").getAsJsonObject("200").getAsJsonObject("body");
    }

    @Test
    void aSpecSubnetWithoutServiceEndpointsGetsTheArray() {
        JsonObject subnet = specBody("subnet-get-2025-03-01.json");
        ResourceId id = ResourceId.parse(subnet.get("id").getAsString());
        Estate estate = TestEstates.of(subnet);

        PlannedWrite w = planner.plan(evaluation(rollback("DLP001", new Remedy.AddServiceEndpoint(id, "Microsoft.Storage"))), estate)
                .writes().get(0);

        assertEquals(Optional.empty(), w.request().ifMatch(), "the spec example has no etag");
        assertEquals("{\"name\":\"subnet1\",\"id\":\"" + id + "\",\"properties\":{\"addressPrefix\":\"10.0.0.0/16\","
                + "\"provisioningState\":\"Succeeded\",\"serviceEndpoints\":[{\"service\":\"Microsoft.Storage\"}]}}",
                w.request().body().orElseThrow());
        assertEquals("null", w.before());
        assertEquals(List.of("$.properties.serviceEndpoints"), PlannedBodyApplier.diff(subnet, PlannedBodyApplier.apply(w, subnet)));
    }

    @Test
    void aSpecNsgWithOnlyDefaultOutboundRulesTakes4096() {
        JsonObject nsg = specBody("networkSecurityGroup-get-2025-07-01.json");
        ResourceId id = ResourceId.parse(nsg.get("id").getAsString());

        PlannedWrite w = planner.plan(evaluation(rollback("DLP008", new Remedy.AddOutboundAllowRule(id,
                "dlp-guard-dlp008-azureml-outbound", "AzureMachineLearning", "Tcp", Optional.of(65500)))), TestEstates.of(nsg))
                .writes().get(0);

        assertEquals(4096, body(w).getAsJsonObject("properties").get("priority").getAsInt());
        assertEquals(List.of("$.properties.securityRules"), PlannedBodyApplier.diff(nsg, PlannedBodyApplier.apply(w, nsg)));
    }

    @Test
    void aSpecPolicyLosesItsScopeEntriesAndKeepsTheAccount() {
        JsonObject sep = specBody("serviceEndpointPolicy-get-2025-03-01.json");
        ResourceId policy = ResourceId.parse(sep.get("id").getAsString());
        ResourceId definition = policy.child("serviceEndpointPolicyDefinitions", "StorageServiceEndpointPolicyDefinition");

        Plan plan = planner.plan(evaluation(rollback("DLP005", new Remedy.RemoveStorageEntries(definition,
                List.of("/subscriptions/subid1", "/subscriptions/SUBID1/resourceGroups/storageRg")))), TestEstates.of(sep));

        PlannedWrite w = plan.writes().get(0);
        assertEquals(definition + "?api-version=2025-03-01", w.request().url());
        assertEquals("[\"/subscriptions/subid1/resourceGroups/storageRg/providers/Microsoft.Storage/storageAccounts/stAccount\"]",
                body(w).getAsJsonObject("properties").get("serviceResources").toString());
        assertEquals("Storage Service EndpointPolicy Definition",
                body(w).getAsJsonObject("properties").get("description").getAsString());
        assertEquals(List.of("$.properties.serviceEndpointPolicyDefinitions[0].properties.serviceResources"),
                PlannedBodyApplier.diff(sep, PlannedBodyApplier.apply(w, sep)));
        assertTrue(plan.skipped().isEmpty());
    }
}
