package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.dlpguard.plan.PlanTestSupport.body;
import static com.dlpguard.plan.PlanTestSupport.evaluation;
import static com.dlpguard.plan.PlanTestSupport.rollback;
import static com.dlpguard.plan.TestEstates.DEFAULT_STORAGE;
import static com.dlpguard.plan.TestEstates.SEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollbackPlannerDefinitionTest {

    private static final String ALIAS = "/services/Azure/MachineLearning";
    private static final String SEP_ETAG = "W/\"5a6b7c8d-2222-4e3f-9a1b-2c3d4e5f6a7b\"";
    private static final String EXFIL = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/attacker-rg"
            + "/providers/Microsoft.Storage/storageAccounts/exfilstore";
    private static final String FEATURE_STORE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg"
            + "/providers/Microsoft.Storage/storageAccounts/featurestore";
    private static final String SCOPE = "/subscriptions/22222222-2222-2222-2222-222222222222";

    private final RollbackPlanner planner = new RollbackPlanner();
    private final JsonObject sepJson = TestEstates.read("sep-aml-dlp.json");

    private static ResourceId definition(String name) {
        return SEP.child("serviceEndpointPolicyDefinitions", name);
    }

    private PlannedWrite only(Plan plan) {
        assertEquals(1, plan.writes().size(), () -> "writes " + plan.writes() + " skipped " + plan.skipped());
        return plan.writes().get(0);
    }

    @Test
    void restoringTheAliasUnderANewNameCreatesAGlobalDefinition() {
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP003", new Remedy.RestoreMlAlias(SEP, "dlp-guard-ml-alias", ALIAS))),
                TestEstates.standard()));

        assertEquals("restore-ml-alias", w.action());
        assertEquals("PUT", w.request().method());
        assertEquals(definition("dlp-guard-ml-alias") + "?api-version=2025-03-01", w.request().url());
        assertEquals(Optional.empty(), w.request().ifMatch(), "a child that does not exist has no etag");
        assertEquals("{\"properties\":{\"service\":\"Global\",\"serviceResources\":[\"/services/Azure/MachineLearning\"],"
                + "\"description\":\"Restored by DLP Guard\"}}", w.request().body().orElseThrow());
        assertEquals("properties", w.property());
        assertEquals("null", w.before());

        JsonObject after = PlannedBodyApplier.apply(w, sepJson);
        assertEquals(List.of("$.properties.serviceEndpointPolicyDefinitions"), PlannedBodyApplier.diff(sepJson, after));
        JsonArray definitions = after.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions");
        assertEquals(3, definitions.size());
        JsonArray before = sepJson.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions");
        assertEquals(before.get(0), definitions.get(0), "existing definitions are kept");
        assertEquals(before.get(1), definitions.get(1));
    }

    @Test
    void restoringTheAliasIntoItsExistingGlobalDefinitionKeepsItsOtherProperties() {
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP003", new Remedy.RestoreMlAlias(SEP, "ml-alias", ALIAS))),
                TestEstates.standard()));

        assertEquals(Optional.of(SEP_ETAG), w.request().ifMatch());
        assertEquals("properties.serviceResources", w.property());
        assertEquals("[\"/services/Azure/DataFactory\"]", w.before());
        assertEquals("[\"/services/Azure/DataFactory\",\"/services/Azure/MachineLearning\"]", w.after());
        JsonObject properties = body(w).getAsJsonObject("properties");
        assertEquals("Azure ML managed storage", properties.get("description").getAsString());
        assertEquals("Global", properties.get("service").getAsString());
        assertTrue(!body(w).has("etag"));
        assertEquals(List.of("$.properties.serviceEndpointPolicyDefinitions[1].properties.serviceResources"),
                PlannedBodyApplier.diff(sepJson, PlannedBodyApplier.apply(w, sepJson)));
    }

    @Test
    void theAliasCannotJoinAStorageDefinitionSoItGetsTheGuardsName() {
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP003", new Remedy.RestoreMlAlias(SEP, "storage-accounts", ALIAS))),
                TestEstates.standard()));
        assertEquals(definition("dlp-guard-ml-alias"), w.target());
        assertEquals("Global", body(w).getAsJsonObject("properties").get("service").getAsString());
    }

    @Test
    void addStorageAccountAppendsAndKeepsTheOrder() {
        ResourceId account = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg"
                + "/providers/Microsoft.Storage/storageAccounts/newmlstore");
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP004",
                new Remedy.AddStorageAccount(SEP, "storage-accounts", account))), TestEstates.standard()));

        assertEquals("add-storage-account", w.action());
        assertEquals(Optional.of(SEP_ETAG), w.request().ifMatch());
        JsonArray resources = body(w).getAsJsonObject("properties").getAsJsonArray("serviceResources");
        assertEquals(List.of(DEFAULT_STORAGE.toString(), EXFIL, FEATURE_STORE, SCOPE, account.toString()),
                resources.asList().stream().map(e -> e.getAsString()).toList());
        assertEquals(List.of("$.properties.serviceEndpointPolicyDefinitions[0].properties.serviceResources"),
                PlannedBodyApplier.diff(sepJson, PlannedBodyApplier.apply(w, sepJson)));
    }

    @Test
    void addStorageAccountCreatesTheGuardsDefinitionWhenThereIsNone() {
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP004",
                new Remedy.AddStorageAccount(SEP, "dlp-guard-storage", DEFAULT_STORAGE))), TestEstates.standard()));
        assertEquals(definition("dlp-guard-storage"), w.target());
        assertEquals(Optional.empty(), w.request().ifMatch());
        assertEquals("{\"properties\":{\"service\":\"Microsoft.Storage\",\"serviceResources\":[\"" + DEFAULT_STORAGE
                + "\"],\"description\":\"Restored by DLP Guard\"}}", w.request().body().orElseThrow());
    }

    @Test
    void addingAnAccountAlreadyListedInAnotherCasingIsNoWrite() {
        ResourceId upper = ResourceId.parse(DEFAULT_STORAGE.toString().toUpperCase(java.util.Locale.ROOT)
                .replace("/SUBSCRIPTIONS/", "/subscriptions/"));
        Plan plan = planner.plan(evaluation(rollback("DLP004", new Remedy.AddStorageAccount(SEP, "storage-accounts", upper))),
                TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().startsWith("already in the desired state"));
    }

    @Test
    void removeStorageEntriesRemovesExactlyThoseCaseInsensitively() {
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP005", new Remedy.RemoveStorageEntries(
                definition("storage-accounts"), List.of(EXFIL.toLowerCase(java.util.Locale.ROOT), SCOPE)))), TestEstates.standard()));

        assertEquals("remove-storage-entries", w.action());
        assertEquals(List.of(DEFAULT_STORAGE.toString(), FEATURE_STORE),
                body(w).getAsJsonObject("properties").getAsJsonArray("serviceResources").asList().stream().map(e -> e.getAsString()).toList());
        JsonObject after = PlannedBodyApplier.apply(w, sepJson);
        assertEquals(List.of("$.properties.serviceEndpointPolicyDefinitions[0].properties.serviceResources"),
                PlannedBodyApplier.diff(sepJson, after));
        JsonObject beforeDef = sepJson.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions").get(0).getAsJsonObject();
        JsonObject afterDef = after.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions").get(0).getAsJsonObject();
        assertEquals(beforeDef.getAsJsonObject("properties").get("description"), afterDef.getAsJsonObject("properties").get("description"));
        assertTrue(w.reason().contains(EXFIL.toLowerCase(java.util.Locale.ROOT)), w.reason());
    }

    @Test
    void removingEveryEntryIsSkippedBecauseAnEmptyDefinitionFiltersNothing() {
        Plan plan = planner.plan(evaluation(rollback("DLP005", new Remedy.RemoveStorageEntries(definition("storage-accounts"),
                List.of(DEFAULT_STORAGE.toString(), EXFIL, FEATURE_STORE, SCOPE)))), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().contains("empty"), plan.skipped().get(0).reason());
    }

    @Test
    void addAndRemoveOnOneDefinitionMergeIntoOneWrite() {
        ResourceId account = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg"
                + "/providers/Microsoft.Storage/storageAccounts/newmlstore");
        Plan plan = planner.plan(evaluation(
                rollback("DLP004", new Remedy.AddStorageAccount(SEP, "storage-accounts", account)),
                rollback("DLP005", new Remedy.RemoveStorageEntries(definition("storage-accounts"), List.of(EXFIL, SCOPE)))),
                TestEstates.standard());
        PlannedWrite w = only(plan);
        assertEquals(List.of("DLP004", "DLP005"), w.ruleIds());
        assertEquals("restore-service-endpoint-policy-definition", w.action());
        assertEquals(List.of(DEFAULT_STORAGE.toString(), FEATURE_STORE, account.toString()),
                body(w).getAsJsonObject("properties").getAsJsonArray("serviceResources").asList().stream().map(e -> e.getAsString()).toList());
    }

    @Test
    void aDeletedPolicyIsNotRecreated() {
        Plan plan = planner.plan(evaluation(rollback("DLP003", new Remedy.RestoreMlAlias(SEP, "dlp-guard-ml-alias", ALIAS))),
                TestEstates.of(TestEstates.read("subnet-compute.json")));
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().contains("does not exist"));

        Estate unreadable = new Estate(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(SEP, "503"));
        Plan unread = planner.plan(evaluation(rollback("DLP003", new Remedy.RestoreMlAlias(SEP, "dlp-guard-ml-alias", ALIAS))), unreadable);
        assertTrue(unread.skipped().get(0).reason().contains("could not be read"));
    }

    @Test
    void aDefinitionOverTheAzureLimitIsNotWritten() {
        JsonObject big = sepJson.deepCopy();
        JsonArray resources = big.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions").get(0)
                .getAsJsonObject().getAsJsonObject("properties").getAsJsonArray("serviceResources");
        while (resources.size() < 200) {
            resources.add("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/s" + resources.size());
        }
        ResourceId account = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg"
                + "/providers/Microsoft.Storage/storageAccounts/onetoomany");
        Plan plan = planner.plan(evaluation(rollback("DLP004", new Remedy.AddStorageAccount(SEP, "storage-accounts", account))),
                TestEstates.of(big));
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().contains("201"), plan.skipped().get(0).reason());
    }

    // ---- DLP005 v2: a definition left empty is deleted or reset (attack #3) ------------------------

    /** The standard SEP plus a definition "rogue-def" holding only the attacker's account. */
    private Estate withRogueDefinition() {
        JsonObject sep = sepJson.deepCopy();
        JsonObject rogue = new JsonObject();
        rogue.addProperty("name", "rogue-def");
        rogue.addProperty("id", definition("rogue-def").toString());
        rogue.addProperty("etag", "W/\"rogue-etag\"");
        JsonObject props = new JsonObject();
        props.addProperty("service", "microsoft.storage");
        JsonArray resources = new JsonArray();
        resources.add(EXFIL);
        props.add("serviceResources", resources);
        rogue.add("properties", props);
        sep.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions").add(rogue);
        return TestEstates.of(sep, TestEstates.read("subnet-compute.json"));
    }

    @Test
    void aDefinitionHoldingOnlyRogueEntriesIsDeletedWithIfMatch() {
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP005",
                new Remedy.DeleteStorageDefinition(definition("rogue-def")))), withRogueDefinition()));
        assertEquals("delete-storage-definition", w.action());
        assertEquals("DELETE", w.request().method());
        assertEquals(definition("rogue-def") + "?api-version=2025-03-01", w.request().url());
        assertEquals(Optional.of("W/\"rogue-etag\""), w.request().ifMatch());
        assertEquals(Optional.empty(), w.request().body());
        assertTrue(w.reason().contains(EXFIL), w.reason());
    }

    @Test
    void theDeleteWinsOverOtherRemediesForTheSameDefinition() {
        Plan plan = planner.plan(evaluation(
                rollback("DLP004", new Remedy.AddStorageAccount(SEP, "rogue-def", DEFAULT_STORAGE)),
                rollback("DLP005", new Remedy.DeleteStorageDefinition(definition("rogue-def")))), withRogueDefinition());
        assertEquals("DELETE", only(plan).request().method());
        assertEquals(List.of("DLP004"), plan.skipped().stream().map(SkippedRemedy::ruleId).toList());
        assertTrue(plan.skipped().get(0).reason().contains("is deleted by [DLP005]"), plan.skipped().get(0).reason());
    }

    @Test
    void theLastStorageDefinitionIsNeverDeleted() {
        Plan plan = planner.plan(evaluation(rollback("DLP005",
                new Remedy.DeleteStorageDefinition(definition("storage-accounts")))), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().contains("without a Microsoft.Storage entry"), plan.skipped().get(0).reason());
    }

    @Test
    void deletingADefinitionThatIsGoneIsNoWrite() {
        Plan plan = planner.plan(evaluation(rollback("DLP005",
                new Remedy.DeleteStorageDefinition(definition("gone")))), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().get(0).reason().startsWith("already in the desired state"));
    }

    @Test
    void aDefinitionResetToTheDefaultAccountIsOnePut() {
        PlannedWrite w = only(planner.plan(evaluation(rollback("DLP005",
                new Remedy.RemoveStorageEntries(definition("storage-accounts"), List.of(DEFAULT_STORAGE.toString(), EXFIL,
                        FEATURE_STORE, SCOPE)),
                new Remedy.AddStorageAccount(SEP, "storage-accounts", DEFAULT_STORAGE))), TestEstates.standard()));
        assertEquals("PUT", w.request().method());
        assertEquals(Optional.of(SEP_ETAG), w.request().ifMatch());
        assertEquals(List.of(DEFAULT_STORAGE.toString()),
                body(w).getAsJsonObject("properties").getAsJsonArray("serviceResources").asList().stream().map(e -> e.getAsString()).toList());
    }
}
